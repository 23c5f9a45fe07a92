"""Long lists on entity pages, a page at a time, through HTTP: counts, links between pages, the reading order,
every shown fact with its sentence, and clear errors for page numbers that are not ones."""

from __future__ import annotations

import re

import lxml.html
import pytest
from conftest import select
from fastapi.testclient import TestClient

from api.app import create_app

PLACE = "/page/place/jinjiangshi"  # every figure of the two real reports: several pages
PAGE = 25  # rows a page, as the pages promise


@pytest.fixture(scope="module")
def client(published):
    return TestClient(create_app(published))


def figures_of(service, place: str) -> set[str]:
    rows = select(service, f"""SELECT DISTINCT ?f WHERE {{ ?loc jjo:within* place:{place} . ?f jjo:refPlace ?loc ; a jjo:Figure }}""")
    return {r["f"] for r in rows}


@pytest.fixture(scope="module")
def figures(service, extraction) -> set[str]:
    """The figures the place's list must show, found without the pages' code: a SPARQL query of the graph, checked
    against the figures extraction found in the report texts of 晋江市 (before any RDF was written)."""
    found = figures_of(service, "jinjiangshi")
    in_texts = sum(len(g.figures) for ex in extraction.values() if ex.meta.place == "jinjiangshi" for g in ex.goals)
    assert len(found) == in_texts
    assert len(found) > 2 * PAGE  # a first, a middle and a last page
    return found


def pages_of(figures: set[str]) -> int:
    return -(-len(figures) // PAGE)


def figure_rows(html: str) -> list[lxml.html.HtmlElement]:
    doc = lxml.html.fromstring(html)
    # Rows of figures, not the heading rows that name each place's group (issue 29).
    return doc.xpath('//h2[@id="figures"]/following::table[contains(@class, "figures")][1]'
                     '/tbody/tr[not(contains(@class, "place-group"))]')


def pager(html: str, name: str) -> lxml.html.HtmlElement:
    doc = lxml.html.fromstring(html)
    return doc.xpath(f'//h2[@id="{name}"]/following::nav[contains(@class, "pager")][1]')[0]


def test_a_long_list_says_which_rows_it_shows_of_how_many(client, figures):
    html = client.get(PLACE).text
    total, pages = len(figures), pages_of(figures)
    nav = pager(html, "figures")
    assert f"showing 1–{PAGE} of {total}" in nav.text_content()
    assert f"page 1 of {pages}" in nav.text_content()
    links = {a.text_content().strip(): a.get("href") for a in nav.xpath(".//a")}
    assert links == {"下一页 next ›": f"{PLACE}?figures_page=2#figures",
                     "末页 last »": f"{PLACE}?figures_page={pages}#figures"}
    assert len(figure_rows(html)) == PAGE


def test_walking_the_pages_shows_every_row_once_own_place_first_newest_year_first(client, service, figures):
    seen, places, url, pages = [], [], PLACE, 0
    while url:
        answer = client.get(url)
        assert answer.status_code == 200, (url, answer.text[:300])
        html = answer.text
        pages += 1
        for row in figure_rows(html):
            seen.append(row.xpath('.//a[starts-with(@href, "/page/figure/")]/@href')[0])
            places.append(row.xpath("./td[1]/a/@href")[0])  # every row names its place
        following = pager(html, "figures").xpath('.//a[@rel="next"]/@href')
        url = following[0] if following else None
    assert pages == pages_of(figures)
    report_year = {r["f"]: int(r["y"]) for r in select(service, """SELECT ?f ?y WHERE {
        ?loc jjo:within* place:jinjiangshi . ?f jjo:refPlace ?loc ; jjo:year ?y }""")}  # the figure's own year
    years = [report_year["https://w3id.org/jinjiang-kg/id" + s.removeprefix("/page")] for s in seen]
    assert len(seen) == len(set(seen)) == len(figures)
    assert {"https://w3id.org/jinjiang-kg/id" + s.removeprefix("/page") for s in seen} == figures
    # The place's own figures first, then place by place (each place's rows together), newest report first
    # (by the figure's year) within each place.
    assert places[0] == PLACE.split("?")[0]
    groups = [p for n, p in enumerate(places) if n == 0 or places[n - 1] != p]
    assert len(groups) == len(set(groups))
    for place in groups:
        theirs = [y for y, p in zip(years, places) if p == place]
        assert theirs == sorted(theirs, reverse=True)
    assert max(years) > min(years)
    last = pager(client.get(f"{PLACE}?figures_page={pages}").text, "figures")
    total = len(figures)
    assert f"showing {(pages - 1) * PAGE + 1}–{total} of {total}" in last.text_content()
    assert not last.xpath('.//a[@rel="next"]')
    assert last.xpath('.//a[@rel="prev"]/@href') == [f"{PLACE}?figures_page={pages - 1}#figures"]


def test_the_same_page_always_shows_the_same_rows(client):
    first = [r.xpath('.//a[starts-with(@href, "/page/figure/")]/@href') for r in figure_rows(client.get(f"{PLACE}?figures_page=3").text)]
    again = [r.xpath('.//a[starts-with(@href, "/page/figure/")]/@href') for r in figure_rows(client.get(f"{PLACE}?figures_page=3").text)]
    assert first == again and len(first) == PAGE


def test_every_shown_fact_carries_its_sentence(client):
    for row in figure_rows(client.get(f"{PLACE}?figures_page=2").text):
        figure_text = row.xpath("./td")[4].xpath(".//a")[0].text_content()  # after the place and indicator
        sources = row.xpath('./td[6]/a[starts-with(@href, "/read/")]')
        assert sources, figure_text
        assert all(s.get("title") for s in sources)
    doc = lxml.html.fromstring(client.get("/page/place/anhaizhen").text)
    items = doc.xpath('//h2[@id="projects"]/following::ul[contains(@class, "mentions")][1]/li')
    assert items and all(li.xpath('.//blockquote[@lang="zh"]') for li in items)


def test_page_links_keep_the_other_parameters(client):
    html = client.get(f"{PLACE}?lang=en&figures_page=2").text
    links = pager(html, "figures").xpath(".//a/@href")
    assert f"{PLACE}?lang=en#figures" in links  # the first page: no page parameter
    assert f"{PLACE}?lang=en&figures_page=3#figures" in links


def test_short_lists_show_their_count_and_no_links(client):
    nav = pager(client.get(PLACE).text, "projects")
    assert re.search(r"showing 1–(\d+) of \1\b", nav.text_content())
    assert nav.xpath(".//a") == []


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "", "2 ", "１", "9999999999"])
def test_a_page_number_that_is_not_one_is_a_400_page(client, value):
    answer = client.get(PLACE, params={"figures_page": value}, headers={"accept": "text/html"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>400" in answer.text and "figures_page=" in answer.text and "whole number from 1" in answer.text


def test_errors_come_as_json_to_json_clients(client, figures):
    answer = client.get(PLACE, params={"figures_page": "x"}, headers={"accept": "application/json"})
    assert answer.status_code == 400 and answer.json()["error"] == "BadParameter"
    pages = pages_of(figures)
    answer = client.get(PLACE, params={"figures_page": str(pages + 1)}, headers={"accept": "application/json"})
    assert answer.status_code == 404
    assert answer.json()["message"] == (f"figures_page={pages + 1}: the list of figures has {pages} pages "
                                        f"({len(figures)} rows, {PAGE} a page)")


def test_a_page_past_the_last_is_a_404_page(client, figures):
    pages = pages_of(figures)
    answer = client.get(PLACE, params={"figures_page": str(pages + 1)}, headers={"accept": "text/html"})
    assert answer.status_code == 404 and "<h1>404" in answer.text
    assert f"the list of figures has {pages} pages" in answer.text
    assert client.get("/page/place/anhaizhen", params={"goals_page": "2"}).status_code == 404  # one page only
    assert client.get("/page/place/anhaizhen", params={"goals_page": "1"}).status_code == 200


def test_a_list_the_page_does_not_have_is_a_400(client):
    answer = client.get("/page/indicator/diqushengchanzongzhi", params={"goals_page": "1"},
                        headers={"accept": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["message"] == ("goals_page: this page has no list called 'goals' (its paged lists: figures_page, "
                                        "assessments_page)")
    answer = client.get("/page/project/anhaibeihuan-longshansipianqu", params={"figures_page": "1"})
    assert answer.status_code == 400 and "paged lists: none" in answer.text


def test_indicator_pages_page_their_figures(client):
    html = client.get("/page/indicator/diqushengchanzongzhi").text
    nav = pager(html, "figures")
    shown = re.search(r"showing 1–(\d+) of (\d+)", nav.text_content())
    assert shown and shown.group(1) == shown.group(2)
    # the assessments too (one per place and year: thousands at scale), newest year first
    nav = pager(html, "assessments")
    shown = re.search(r"showing 1–(\d+) of (\d+)", nav.text_content())
    assert shown and shown.group(1) == shown.group(2) and int(shown.group(2)) >= 1
    years = [int(y) for y in lxml.html.fromstring(html).xpath('//table[contains(@class, "assessments")]/tbody/tr/th/text()')]
    assert years and years == sorted(years, reverse=True)
    first = client.get("/page/indicator/diqushengchanzongzhi", params={"assessments_page": "1"})
    assert first.status_code == 200 and pager(first.text, "assessments").text_content() == nav.text_content()
    past = client.get("/page/indicator/diqushengchanzongzhi", params={"assessments_page": "2"})
    assert past.status_code == 404 and "the list of assessments has 1 page" in past.text
