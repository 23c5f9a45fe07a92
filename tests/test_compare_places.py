"""/compare across places (issue 29): one indicator's figures of one year, place by place — the listed places or
every place directly within one — as HTML with a chart, CSV and JSON; the example query 8 gives the same rows; bad
parameters get a 400 that a browser can read (a page) and a program can parse (JSON), never a 500."""

from __future__ import annotations

import csv
import dataclasses
import io

import lxml.html
import pytest
from conftest import PROJECT_ROOT, folder_of_reports, ingested, select

from kg.settings import Settings
from kg.sparql.examples import load_examples
from kg.sparql.query import QueryService

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
PROVINCES = ["fujian", "guangdong", "zhejiang"]
EXAMPLE = next(e for e in load_examples() if e.slug == "places-side-by-side")
GDP = "diqushengchanzongzhi"


def seed_form(query: str) -> str:
    """The example asked of the seed graph (晋江市 is the one place within 泉州市 with figures, for 2025)."""
    return query.replace("place:zhongguo", "place:quanzhoushi").replace('"2026"^^xsd:gYear', '"2025"^^xsd:gYear')


def keyed(rows) -> list[tuple]:
    """Rows of the endpoint (JSON) or of the example (SPARQL strings), as comparable tuples."""
    out = []
    for r in rows:
        qualifiers = r["qualifiers"] if isinstance(r["qualifiers"], list) else (r["qualifiers"] or "").split()
        out.append((r["figure"] if "figure" in r else r["f"], r["place"], r.get("level"), str(r["year"])[:4],
                    r["kind"].rsplit("#", 1)[-1], r["statistic"].rsplit("#", 1)[-1], r["value"], r["unit"],
                    r["as_written"] if "as_written" in r else r["text"], tuple(sorted(qualifiers)), r["report"],
                    int(r["line"]), r["sentence"]))
    return sorted(out)


# -- On the seed graph, both backends -----------------------------------------------------------------------------

def test_the_example_and_the_endpoint_give_the_same_rows(client, served):
    answer = client.get(f"/compare.json?indicator={GDP}&year=2025&within=quanzhoushi")
    assert answer.status_code == 200
    rows = answer.json()["rows"]
    assert {r["place"].rsplit("/", 1)[-1] for r in rows} == {"jinjiangshi"}
    assert keyed(rows) == keyed(select(QueryService.from_settings(served), seed_form(EXAMPLE.query)))
    target = next(r for r in rows if r["kind"] == "Target" and r["statistic"] == "GrowthRate")
    assert (target["as_written"], target["qualifiers"], target["level"]) == ("增长6%左右", ["About"], "county")
    assert "地区生产总值" in target["sentence"] and target["report"].endswith("/report/jinjiangshi-2025")


def test_listed_places_as_csv_and_html_with_a_chart(client):
    query = f"indicator={GDP}&year=2024&places=jinjiangshi,quanzhoushi"
    rows = list(csv.DictReader(io.StringIO(client.get(f"/compare.csv?{query}").text)))
    assert rows and {r["place"].rsplit("/", 1)[-1] for r in rows} == {"jinjiangshi"}
    estimate = next(r for r in rows if r["kind"] == "Result" and r["statistic"] == "GrowthRate")
    assert (estimate["as_written"], estimate["estimated"]) == ("增长7%以上", "true")
    page = client.get(f"/compare?{query}", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    doc = lxml.html.fromstring(page.text)
    assert doc.xpath("//td//strong[@class='estimate']"), "estimates are labelled as such"
    no_figure = [a for a in doc.xpath("//p[@class='muted']/a") if "quanzhoushi" in a.get("href")]
    assert no_figure and no_figure[0].text == "泉州市", "places with no figure, by name"
    within = lxml.html.fromstring(client.get(f"/compare?indicator={GDP}&year=2025&within=quanzhoushi").text)
    assert within.xpath("//h1/following-sibling::p[1]/a[1]")[0].text == "泉州市"  # its name, not its slug
    srcs = [img.get("src") for img in doc.xpath("//figure[@class='chart']/img")]
    assert srcs
    svg = client.get(srcs[0])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<rect" in svg.text and "<script" not in svg.text and "增长" in svg.text
    assert client.get(f"/chart/compare.svg?{query}&series=x", headers={"accept": "text/html"}).status_code == 400
    assert client.get(f"/chart/compare.svg?{query}&series=9").status_code == 404


@pytest.mark.parametrize("query, words", [
    ("indicator=nope&year=2025&within=quanzhoushi", "no indicator 'nope'"),
    (f"indicator={GDP}&year=20x5&within=quanzhoushi", "is not a year"),
    (f"indicator={GDP}&year=2025&places=nowhere", "no place 'nowhere'"),
    (f"indicator={GDP}&year=2025&places=Not%20A%20Slug", "is not the slug of a place"),
    (f"indicator={GDP}&year=2025", "nothing to compare"),
    ("year=2025&within=quanzhoushi", "nothing to compare"),
    (f"indicator={GDP}&within=quanzhoushi", "nothing to compare"),
    (f"indicator={GDP}&year=2025&within=quanzhoushi&from=2024", "choose one comparison"),
    ("from=nineteen&to=2025", "is not a year"),
    ("from=2024", "give both years"),
    ("place=zhaoanxian", "no place 'zhaoanxian'"),
])
def test_bad_parameters_are_a_page_for_browsers_and_json_for_programs(client, query, words):
    page = client.get(f"/compare?{query}", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "<h1>400" in page.text and words in page.text.replace("&#39;", "'")
    program = client.get(f"/compare?{query}", headers={"accept": "application/json"})
    assert program.status_code == 400 and program.json()["error"] == "BadParameter"
    assert words in program.json()["message"]
    assert client.get(f"/compare.csv?{query}").status_code == 400


def test_a_place_with_one_plan_has_nothing_to_compare_between_years(client):
    answer = client.get("/compare.json?place=quanzhoushi", headers={"accept": "application/json"})
    assert answer.status_code == 400 and "no report is about the place" in answer.json()["message"]


# -- On a graph of three provinces and the seeds ------------------------------------------------------------------

@pytest.fixture(scope="module")
def provinces(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    root = tmp_path_factory.mktemp("provinces")
    folder, env = folder_of_reports(root, [CORPUS / "provinces-2026" / f"{name}-2026.txt" for name in PROVINCES])
    ingested(folder, env)
    return dataclasses.replace(Settings.from_env(), data_dir=root / "data", var_dir=root / "var")


def test_every_province_side_by_side_as_the_example_says(provinces):
    from fastapi.testclient import TestClient

    from api.app import create_app

    client = TestClient(create_app(provinces))
    rows = client.get(f"/compare.json?indicator={GDP}&year=2026&within=zhongguo").json()["rows"]
    assert keyed(rows) == keyed(select(QueryService.from_settings(provinces), EXAMPLE.query))
    targets = {r["place"].rsplit("/", 1)[-1]: r["as_written"] for r in rows
               if r["kind"] == "Target" and r["statistic"] == "GrowthRate"}
    assert targets["fujiansheng"] == "增长5%左右" and {r["level"] for r in rows} == {"province"}
    results = client.get(f"/compare.json?indicator={GDP}&year=2025&places=fujiansheng,guangdongsheng,zhejiangsheng")
    by_place = {r["place"].rsplit("/", 1)[-1] for r in results.json()["rows"]}
    assert by_place == {"fujiansheng", "guangdongsheng", "zhejiangsheng"}
    page = client.get(f"/compare?indicator={GDP}&year=2025&within=zhongguo", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.text.count('<figure class="chart"') >= 2
    assert "广东省" in page.text and "预计 estimate" in page.text
