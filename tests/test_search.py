"""Search by Chinese substring and by pinyin, on the page and its JSON twin."""

import pytest

from kg.views.search import Key, fold, pinyin_key, spaced_key


def first_hits(client, q, n=3):
    return [h["entity"]["names"]["zh"] for h in client.get("/search.json", params={"q": q}).json()["hits"][:n]]


@pytest.mark.parametrize("q, expected", [("anhai", "安海镇"), ("zimaoshan", "紫帽山"), ("安海", "安海镇"),
                                         ("紫帽", "紫帽镇"), ("Zimao Shan", "紫帽山"), ("AnHai", "安海镇"),
                                         ("Anhai Town", "安海镇")])
def test_finds_by_chinese_and_pinyin(client, q, expected):
    assert first_hits(client, q, 1) == [expected]


def test_chinese_substring_finds_longer_names(client):
    assert "安海北环-龙山寺片区" in first_hits(client, "龙山寺", 5)


def test_pinyin_matches_at_syllable_starts_only(client):
    # 'anhai' is inside 'yanhai' (沿海), but not at a syllable start: it must not match.
    assert "国家级沿海渔港经济区" not in first_hits(client, "anhai", 50)


def test_json_twin_links_pages(client):
    body = client.get("/search.json", params={"q": "zimaoshan"}).json()
    assert body["query"] == "zimaoshan"
    hit = body["hits"][0]
    assert hit["entity"]["page"] == "/page/place/zimaoshan" and hit["kind"] == "place" and hit["match"] == "exact"


def test_search_page_escapes_the_query(client):
    r = client.get("/search", params={"q": "<script>x</script>"})
    assert r.status_code == 200 and "<script>x</script>" not in r.text and "&lt;script&gt;x&lt;/script&gt;" in r.text


def test_empty_and_overlong_queries(client):
    assert client.get("/search.json", params={"q": ""}).json()["hits"] == []
    assert client.get("/search.json", params={"q": "x" * 201}).status_code == 422


def test_keys():
    assert fold(" Zi-Mao ’Shan ") == "zimaoshan"
    assert pinyin_key("沿海") == Key("yanhai", frozenset({0, 3}))
    assert spaced_key(["an", "hai"]).rank("hai") == 2 and Key("yanhai", frozenset({0, 3})).rank("anhai") is None
    assert Key("紫帽山", None).rank("帽") == 2


def test_the_header_search_box_is_empty_on_the_query_page(client):
    # The query page's own `query` must not leak into the site-wide search box.
    html = client.get("/sparql", headers={"accept": "text/html"}).text
    box = html[html.index('name="q"'):][:200]
    assert 'value=""' in box


def test_the_index_is_written_with_the_store_and_read_back(published):
    import pyoxigraph as ox

    from kg.store.lookup import Lookup
    from kg.views import search

    directory = published.store_link.resolve()
    assert (directory / search.INDEX_FILE).is_file()
    lookup = Lookup(ox.Store.read_only(str(directory / "oxigraph")))
    loaded, built = search.prepare(lookup, directory), search.build_index(lookup)
    assert loaded is not built and loaded.iris == built.iris and loaded.text == built.text
    assert [h.entity.iri for h in search.search(lookup, "anhai")][:1] == [f"{search.iris.ID}place/anhaizhen"]


@pytest.mark.parametrize("q", ["ānhǎi", "Ānhǎi Zhèn", "an1hai3", "An1 Hai3 Zhen4", "ĀNHǍI"])
def test_pinyin_with_tones_finds_anhai(client, q):
    assert first_hits(client, q, 1) == ["安海镇"]
    html = client.get("/search", params={"q": q}).text
    assert 'href="/page/place/anhaizhen"' in html


def test_tone_marks_and_numbers_are_dropped_but_other_digits_stay():
    from kg.views.search import fold_query

    assert fold_query("Zǐmàoshān") == fold_query("zi3mao4shan1") == "zimaoshan"
    assert fold_query("lǜ") == fold_query("lü4") == "lv"
    assert fold_query("5G") == "5g" and fold_query("2024年") == "2024年"
