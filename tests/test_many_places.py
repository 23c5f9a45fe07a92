"""A graph of many places (issue 29): the two seeds plus a province's, a prefecture's and a national report, added
with plain `jjkg ingest`. The site says what the graph holds, reads each report's source from that report, and no
page about another place names 晋江 or its newspaper."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from conftest import PROJECT_ROOT, folder_of_reports, ingested, run_cli

from kg.extract.source_line import publisher_in_text
from kg.settings import Settings
from kg.store.coverage import Coverage, Place

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
ADDED = ["provinces-2026/fujian-2026.txt", "ladder-fujian/quanzhou-2026-news.txt"]
NATIONAL = "national/guowuyuan-2024.txt"
GOV_URL = "https://www.gov.cn/gongbao/2024/issue_11246/202403/content_6941846.html"


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Settings over a private copy of data/ with the three reports added (a folder, then one file with options)."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    root = tmp_path_factory.mktemp("many")
    folder, env = folder_of_reports(root, [CORPUS / name for name in ADDED])
    ingested(folder, env)
    shutil.copy(CORPUS / NATIONAL, root / "guowuyuan-2024.txt")
    done = run_cli("ingest", str(root / "guowuyuan-2024.txt"), "--publisher", "中华人民共和国中央人民政府",
                   "--source-url", GOV_URL, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return dataclasses.replace(Settings.from_env(), data_dir=root / "data", var_dir=root / "var")


@pytest.fixture(scope="module")
def client(many):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(many))


def test_the_dataset_says_what_it_holds(client):
    home = client.get("/").text
    chrome = home.split("<title>")[1].split("</title>")[0] + home.split("<header")[1].split("</header>")[0]
    assert chrome.startswith("政府工作报告知识图谱") and "晋江" not in chrome + home.split("<footer")[1]
    assert "4个地方（国家、省级、地级、县级）2024–2026年的5份政府工作报告" in home
    void = client.get("/void", headers={"Accept": "text/turtle"}).text
    assert '"政府工作报告知识图谱"@zh' in void and "Jinjiang government" not in void
    assert "dcterms:spatial" in void or "dc/terms/spatial" in void
    info = client.get("/openapi.json").json()["info"]
    assert info["title"] == "Government work reports knowledge graph" and "4 places" in info["description"]
    dumps = client.get("/dumps").text
    assert "晋江市政府工作报告知识图谱" not in dumps and '"temporalCoverage": "2024/2026"' in dumps


@pytest.mark.parametrize("path", ["/page/report/zhongguo-2024", "/read/zhongguo-2024", "/page/report/quanzhoushi-2026",
                                  "/read/quanzhoushi-2026", "/page/place/xiamenshi", "/search?q=福建"])
def test_no_page_of_another_place_names_jinjiang(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    assert "晋江" not in answer.text


def test_fujians_pages_name_its_own_source_and_never_jinjiangs_newspaper(client):
    import lxml.html

    for path in ("/page/report/fujiansheng-2026", "/read/fujiansheng-2026"):
        assert "晋江经济报" not in client.get(path).text, path
    # Fujian's page lists the reports of the places within it, Jinjiang's among them: only their rows name it.
    doc = lxml.html.fromstring(client.get("/page/place/fujiansheng").text)
    for row in doc.xpath('//table[contains(@class, "reports")]/tbody/tr'):
        if row.xpath('./td[1]/a/@href') == ["/page/place/jinjiangshi"]:
            row.getparent().remove(row)
    assert "晋江经济报" not in lxml.html.tostring(doc, encoding="unicode")
    page = client.get("/page/report/fujiansheng-2026").text
    assert "2026年福建省政府工作报告" in page  # titled by what the text calls itself, not its first line
    assert "福建日报" in page.split('class="report-source"')[1].split("</p>")[0]


def test_reports_are_listed_by_place_level_and_year_with_their_source(client):
    html = client.get("/reports").text
    assert "<th>地点 Place</th>" in html and "<th>级别 Level</th>" in html
    national = html.split('href="/page/place/zhongguo"')[1].split("</tr>")[0]
    assert "国家" in national and f'href="{GOV_URL}"' in national and "中华人民共和国中央人民政府" in national
    assert "中新网" in html.split('href="/page/place/quanzhoushi"')[1].split("</tr>")[0]
    rows = client.get("/reports.json").json()
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["fujiansheng-2026"]["source"]["publisher"] == "福建日报"
    assert by_slug["zhongguo-2024"]["source"]["url"] == GOV_URL
    reader = client.get("/read/zhongguo-2024").text
    assert f'href="{GOV_URL}"' in reader.split("</h1>")[1].split("</p>")[0]


def test_a_publisher_is_read_from_the_text_only_where_it_names_one():
    assert publisher_in_text("标题\n来源：福建日报\n正文") == "福建日报"
    assert publisher_in_text("正文\n2025年01月13日10:05 | 来源:人民网\n") == "人民网"
    assert publisher_in_text("侨乡泉州\n\n  中新网泉州1月14日电 (记者 孙虹)福建省") == "中新网"
    assert publisher_in_text("政府工作报告\n资金来源：多元化\n") == ""  # 来源 inside a sentence is no source line
    assert publisher_in_text("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n") == ""


def test_a_deployment_names_the_dataset_in_one_setting(monkeypatch):
    from kg.settings import site_title

    one = Coverage((Place("x", "晋江市", "Jinjiang", 3),), 2, (2024, 2025), ("晋江经济报",))
    assert one.title() == "晋江市政府工作报告知识图谱" and one.title("en").startswith("Jinjiang")
    monkeypatch.setenv("JJKG_TITLE", "  闽南  报告 ")
    assert site_title() == "闽南 报告" and Settings.from_env().title == "闽南 报告"
    named = dataclasses.replace(one, title_setting=site_title())
    assert named.title() == named.title("en") == named.short_title() == "闽南 报告"


def test_a_source_url_must_be_a_web_address(data_copy):
    from kg.errors import InputError
    from kg.extract.reports import load_meta

    meta = next((data_copy / "reports").glob("*.meta.yaml"))
    meta.write_text(meta.read_text(encoding="utf-8") + "source_url: file:///etc/passwd\n", encoding="utf-8")
    with pytest.raises(InputError, match="source_url must be an http"):
        load_meta(meta)


def test_fujians_page_shows_its_own_figures_first_and_every_row_names_its_place(client):
    import lxml.html

    doc = lxml.html.fromstring(client.get("/page/place/fujiansheng").text)
    rows = doc.xpath('//table[contains(@class, "figures")]/tbody/tr[not(contains(@class, "place-group"))]')
    assert len(rows) == 25
    places = [row.xpath("./td[1]/a/@href") for row in rows]
    assert all(p for p in places), "a figure row without its place"
    first = [p[0] for p in places]
    assert first[0] == "/page/place/fujiansheng"
    # Fujian's own, then place by place: once another place starts, Fujian's do not come back.
    own = [p == "/page/place/fujiansheng" for p in first]
    assert own == sorted(own, reverse=True)
    # Its reports and its sub-places': Fujian's own first, with the source each names.
    reports = doc.xpath('//table[contains(@class, "reports")]/tbody/tr')
    assert reports[0].xpath("./td[1]/a/@href") == ["/page/place/fujiansheng"]
    assert "福建日报" in reports[0].text_content()
    assert {"/page/place/quanzhoushi", "/page/place/jinjiangshi"} <= {h for r in reports for h in r.xpath("./td[1]/a/@href")}
    levels = doc.xpath('//h2[small="Places within"]/following-sibling::p[1]')[0].text_content()
    assert "地级" in levels or "Prefecture" in levels


def test_a_later_page_of_a_provinces_figures_names_each_rows_place(client):
    import lxml.html

    doc = lxml.html.fromstring(client.get("/page/place/fujiansheng?figures_page=8").text)
    rows = doc.xpath('//table[contains(@class, "figures")]/tbody/tr[not(contains(@class, "place-group"))]')
    assert rows and all(row.xpath("./td[1]/a/@href") for row in rows)


def test_a_place_is_found_by_its_traditional_name(client):
    hits = client.get("/search.json", params={"q": "廈門"}).json()["hits"]
    assert hits and hits[0]["entity"]["iri"].endswith("/place/xiamenshi")


def test_fujians_json_ld_gives_its_own_figures_then_its_sub_places_grouped_by_place(client):
    from kg.views import jsonld

    def listed(value):
        return value if isinstance(value, list) else [value]

    fujian = "https://w3id.org/jinjiang-kg/id/place/fujiansheng"
    answer = client.get("/id/place/fujiansheng", headers={"Accept": "application/ld+json"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/ld+json")
    doc = answer.json()
    own = {f["id"] for f in listed(doc["figures"])}
    groups = doc["@included"]
    places = [g["id"].rsplit("/", 1)[-1] for g in groups]
    assert len(own) >= 10 and {"quanzhoushi", "jinjiangshi"} <= set(places) and "fujiansheng" not in places
    # Every sub-place with figures is there, however many figures another has (晋江's two reports, 泉州's news).
    with_figures = client.post("/sparql", data={"query": """PREFIX jjo: <https://w3id.org/jinjiang-kg/ontology#>
        SELECT DISTINCT ?loc WHERE { ?loc jjo:within+ <https://w3id.org/jinjiang-kg/id/place/fujiansheng> .
                                     ?f jjo:refPlace ?loc ; a jjo:Figure }"""}, headers={"Accept": "application/sparql-results+json"})
    assert {b["loc"]["value"].rsplit("/", 1)[-1] for b in with_figures.json()["results"]["bindings"]} == set(places)
    assert groups[places.index("jinjiangshi")]["label"]["zh"] == "晋江市"
    # Read as RDF, every figure of the document is of the place it is listed under: Fujian's own are Fujian's, and
    # each group's are its place's.
    quads = jsonld.to_nquads(doc).splitlines()
    of_place = {q.split()[0][1:-1]: q.split()[2][1:-1] for q in quads if "/ontology#refPlace>" in q}
    assert {of_place[f] for f in own} == {fujian}
    for group in groups:
        figures = {f["id"] for f in listed(group["figures"])}
        assert figures and {of_place[f] for f in figures} == {group["id"]}, group["id"]
    assert len(of_place) == len(own) + sum(len(listed(g["figures"])) for g in groups)
    triples = client.get("/id/place/fujiansheng", headers={"Accept": "application/n-triples"}).text.splitlines()
    assert {t.split()[0][1:-1] for t in triples if "/ontology#refPlace>" in t} == set(of_place)  # the same in every format


def test_reports_say_their_kind_of_text_in_lists_and_in_the_readers_header(client):
    import lxml.html

    html = lxml.html.fromstring(client.get("/reports").text)
    assert "文本 Kind of text" in html.xpath("string(//table/thead)")
    kinds = {}
    for row in html.xpath("//table/tbody/tr"):
        read = row.xpath('.//a[starts-with(@href, "/read/")]/@href')[0].removeprefix("/read/")
        kinds[read] = row.xpath("string(./td[4])").strip()
    assert "报告全文" in kinds["fujiansheng-2026"] and "报告全文" in kinds["zhongguo-2024"]
    assert "新闻报道" in kinds["quanzhoushi-2026"] and "摘要" in kinds["jinjiangshi-2025"]
    by_slug = {r["slug"]: r for r in client.get("/reports.json").json()}
    assert by_slug["quanzhoushi-2026"]["source"]["text_kind"]["iri"].endswith("#NewsArticle")
    header = client.get("/read/quanzhoushi-2026").text.split("</h1>")[1].split("</p>")[0]
    assert "新闻报道" in header and "泉州市" in header
    place = lxml.html.fromstring(client.get("/page/place/fujiansheng").text)
    rows = place.xpath('//table[contains(@class, "reports")]/tbody/tr')
    assert rows and all(r.xpath("string(./td[4])").strip() for r in rows)  # every report of the place says its kind


def test_estimates_are_labelled_as_such_on_place_and_indicator_pages_and_charts(client):
    """Quanzhou's news report gives 2025's GDP growth as an estimate (预计增长5.3%左右): every page and chart showing
    it says 预计 in words, and a figure that is no estimate is not labelled one."""
    import lxml.html

    page = lxml.html.fromstring(client.get("/page/place/quanzhoushi").text)
    rows = page.xpath('//table[contains(@class, "figures")]/tbody/tr[not(contains(@class, "place-group"))]')
    estimated = [r for r in rows if r.xpath('.//strong[@class="estimate"]')]
    assert estimated and len(estimated) < len(rows)
    gdp = next(r for r in estimated if "5.3%" in r.text_content())
    assert "预计 estimate" in gdp.text_content()
    indicator = gdp.xpath('./td[2]/a/@href')[0]  # its indicator's page
    doc = lxml.html.fromstring(client.get(indicator + "?figures_page=1").text)
    cells = [d for d in doc.xpath('//table[contains(@class, "by-year")]//div[@class="figure"]') if "5.3%" in d.text_content()]
    assert cells and all("预计 estimate" in d.text_content() for d in cells)
    # Each chart's caption comes before its chart, so it reads as that chart's title, not the next one's.
    for figure in doc.xpath('//figure[contains(@class, "chart")]'):
        assert [e.tag for e in figure][:2] == ["figcaption", "img"]
    charts = doc.xpath('//figure[contains(@class, "chart")]/img/@src')
    assert charts, f"no chart on {indicator}"
    svgs = [client.get(src.replace("&amp;", "&")).text for src in charts]
    assert any("5.3%左右（预计）" in svg for svg in svgs)  # 左右 kept and the estimate said in the point's label


def test_a_places_document_gives_its_counts_per_level_as_its_page_does_in_every_format(client):
    """Fujian's page says how many places of each level lie within it; its document says the same, over HTTP, in
    JSON-LD and in each RDF format (the same triples)."""
    import lxml.html
    import pyoxigraph as ox

    from kg.store.coverage import LEVELS

    doc = lxml.html.fromstring(client.get("/page/place/fujiansheng").text)
    shown = doc.xpath('//h2[small="Places within"]/following-sibling::p[1]')[0].text_content()
    answer = client.get("/id/place/fujiansheng", headers={"Accept": "application/ld+json"})
    assert answer.status_code == 200
    counts = answer.json()["levelCount"]
    counts = counts if isinstance(counts, list) else [counts]
    by_level = {c["level"]: c["placeCount"] for c in counts}
    assert all(c["type"] == "LevelCount" for c in counts)
    assert by_level.get("Prefecture", 0) >= 1 and by_level.get("County", 0) >= 1, by_level
    # The page shows the same numbers in the same order (地级市 9 · 县级行政区 1 · 街道 6 · 镇 13).
    assert [int(part.split()[-1]) for part in shown.split("·")] == [c["placeCount"] for c in counts], shown
    order = [c for c, _z, _e in LEVELS]
    assert [c["level"] for c in counts] == sorted(by_level, key=order.index)  # highest level first
    jjo = "https://w3id.org/jinjiang-kg/ontology#"
    for media, fmt in (("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                       ("application/rdf+xml", ox.RdfFormat.RDF_XML)):
        body = client.get("/id/place/fujiansheng", headers={"Accept": media})
        assert body.status_code == 200 and body.headers["content-type"].startswith(media)
        store = ox.Store()
        store.load(body.content, format=fmt)
        rows = store.query(f"""SELECT ?level ?n WHERE {{ <https://w3id.org/jinjiang-kg/id/place/fujiansheng>
            <{jjo}levelCount> [ a <{jjo}LevelCount> ; <{jjo}level> ?level ; <{jjo}placeCount> ?n ] }}""")
        assert {r["level"].value.removeprefix(jjo): int(r["n"].value) for r in rows} == by_level, media


def test_a_places_reports_are_listed_a_window_at_a_time(client):
    """The country's page lists every report of the graph (its own and the places' within it), 25 a page: the count
    says how many, the table shows the window, and a page past the last is 404 naming the list."""
    import lxml.html

    doc = lxml.html.fromstring(client.get("/page/place/zhongguo?reports_page=1").text)
    total = int(doc.xpath('//h2[@id="reports"]/span[@class="count"]')[0].text)
    shown = doc.xpath('//table[contains(@class, "reports")]/tbody/tr')
    assert total == 5 and len(shown) == total  # the two seeds and the three reports added: one page
    assert "showing 1–5 of 5" in doc.xpath('//nav[@aria-label="reports: pages"]')[0].text_content()
    own = shown[0].xpath('./td[1]/a/@href')
    assert own == ["/page/place/zhongguo"]  # its own report first
    past = client.get("/page/place/zhongguo?reports_page=2")
    assert past.status_code == 404 and "reports_page=2: the list of reports has 1 page" in past.text
