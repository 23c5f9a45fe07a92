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
    html = client.get("/read/jinjiangshi-2025").text
    stmt = re.search(r'<span class="stmt stmt-goal" id="goal-s04-t1-2">(.*?)</span>', html, re.S).group(1)
    assert re.search(r'<a class="mark mark-project" id="at-77" href="/page/project/anhaibeihuan-longshansipianqu"'
                     r'[^>]*>安海北环-龙\n山寺片区</a>', stmt)
    assert 'class="mark mark-place"' in stmt  # 南翼新城, 内坑 ...
    assert htmllib.unescape(re.sub(r"<[^>]+>", "", stmt)).startswith("集聚做强南翼新城核心区")


def test_unknown_report_is_404(client):
    assert client.get("/read/nowhere-1999", headers={"accept": "text/plain"}).status_code == 404
