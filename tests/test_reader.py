"""The report reader: the stored text, unchanged, with every statement anchored and entities linked."""

import html as htmllib
import re

import pytest

from kg.sparql.query import QueryService
from kg.store.lookup import Lookup, node
from kg.views.labels import Labeller
from kg.views.reader import Reader


@pytest.fixture(scope="module")
def service(served):
    """The query service of the backend this module runs on (embedded or Virtuoso)."""
    return QueryService.from_settings(served)


@pytest.fixture(scope="module")
def reader(service):
    lookup = Lookup(service.store())
    return Reader(lookup, Labeller(lookup))


@pytest.mark.parametrize("slug", ["jinjiangshi-2024", "jinjiangshi-2025"])
def test_runs_put_the_text_back_together(reader, service, slug):
    reading = reader.read(slug)
    text = "".join(run.text for block in reading.blocks for run in block.runs)
    stored = Lookup(service.store()).objects(node(f"https://w3id.org/jinjiang-kg/id/report/{slug}"),
                                             node("https://w3id.org/jinjiang-kg/ontology#fullText"))[0].value
    assert text == stored


@pytest.mark.parametrize("slug", ["jinjiangshi-2024", "jinjiangshi-2025"])
def test_every_goal_has_an_anchor(reader, service, slug):
    reading = reader.read(slug)
    anchors = {b.anchor for b in reading.blocks if b.anchor}
    rows = Lookup(service.store()).select(f"SELECT ?g WHERE {{ ?g a jjo:Goal ; jjo:report report:{slug} }}")
    goals = {r["g"].value.rsplit("/", 1)[1].removeprefix(slug + "-") for r in rows}
    assert goals and all(f"goal-{g}" in anchors or f"theme-{g}" in anchors for g in goals)


def test_marks_are_kinds_we_know_and_sit_inside_statements(reader):
    reading = reader.read("jinjiangshi-2025")
    assert set(reading.counts) == {"project", "place", "industry", "figure"}
    for block in reading.blocks:
        if not block.anchor:
            assert not any(run.mark for run in block.runs)


def test_reader_page_links_entities_at_their_words(client):
    html = client.get("/read/jinjiangshi-2025", params={"order": "printed"}).text
    stmt = re.search(r'<span class="stmt stmt-goal" id="goal-s04-t1-2">(.*?)</span>', html, re.S).group(1)
    assert re.search(r'<a class="mark mark-project" id="at-77" href="/page/project/anhaibeihuan-longshansipianqu"'
                     r'[^>]*>安海北环-龙\n山寺片区</a>', stmt)
    assert 'class="mark mark-place"' in stmt  # 南翼新城, 内坑 ...
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", stmt)).startswith("集聚做强南翼新城核心区")


def test_unknown_report_is_404(client):
    assert client.get("/read/nowhere-1999", headers={"accept": "text/plain"}).status_code == 404


def text_of(fragment: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.mark.parametrize("slug", ["jinjiangshi-2024", "jinjiangshi-2025"])
def test_the_reader_shows_the_text_in_reading_order_as_headings_and_paragraphs(client, slug):
    from kg.views.reading_order import natural

    html = client.get(f"/read/{slug}").text
    reading = html.split('<div class="report-reading"', 1)[1].split("</div>", 1)[0]
    sections = re.findall(r'<h2 class="stmt stmt-section" id="section-(s\d+)">', reading)
    assert len(sections) >= 5 and sections == sorted(sections, key=natural)  # s01, s02, … not the columns' order
    ids = re.findall(r'<(?:h2|h3|p) class="stmt stmt-\w+" id="\w+-([\w-]+)">', reading)
    assert ids == sorted(ids, key=natural) and len(ids) > 100
    assert re.search(r'<h3 class="stmt stmt-theme" id="theme-s0\d-t1">', reading)
    # Paragraphs, not the newspaper's line every ~20 characters; no print debris.
    for block in re.findall(r"<(h2|h3|p) class=\"stmt[^>]*>(.*?)</\1>", reading, re.S):
        assert "\n" not in text_of(block[1]), block
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]  # the embedded document keeps the stored text
    assert "20242024年年" not in main
    # The printed order is one click away.
    assert 'href="?order=printed"' in html


def test_the_reading_view_keeps_every_anchor_and_mark(client):
    html = client.get("/read/jinjiangshi-2025").text
    stmt = re.search(r'<p class="stmt stmt-goal" id="goal-s04-t1-2">(.*?)</p>', html, re.S).group(1)
    assert re.search(r'<a class="mark mark-project" id="at-77" href="/page/project/anhaibeihuan-longshansipianqu"'
                     r'[^>]*>安海北环-龙山寺片区</a>', stmt)
    printed = client.get("/read/jinjiangshi-2025", params={"order": "printed"}).text
    assert set(re.findall(r' id="([\w-]+)"', printed)) <= set(re.findall(r' id="([\w-]+)"', html))


def test_text_outside_statements_is_kept_one_click_away_and_cleaned(client):
    html = client.get("/read/jinjiangshi-2024").text
    other = html.split('<details class="report-other">', 1)[1].split("</details>", 1)[0]
    paragraphs = [text_of(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", other, re.S)]
    assert any(p.startswith("2024年是中华人民共和国成立75周年") for p in paragraphs), paragraphs
    assert "政府工作报告解读" in "".join(paragraphs)


def test_the_printed_order_is_the_stored_text_unchanged(client, service):
    html = client.get("/read/jinjiangshi-2025", params={"order": "printed"}).text
    body = html.split('<div class="report-text" lang="zh">', 1)[1].split("</div>", 1)[0]
    full = Lookup(service.store()).objects(node("https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2025"),
                                           node("https://w3id.org/jinjiang-kg/ontology#fullText"))[0].value
    assert text_of(body).replace("¶", "") == full.replace("¶", "")


def test_an_unknown_order_is_400(client):
    r = client.get("/read/jinjiangshi-2025", params={"order": "sideways"}, headers={"accept": "application/json"})
    assert r.status_code == 400 and "order=printed" in r.text
