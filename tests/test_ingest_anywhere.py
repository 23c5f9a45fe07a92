"""`jjkg ingest PATH` with no option, for reports of other counties, a province and a news article in traditional
characters — each attached to its own place — and what pages and /compare then show of each place."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_cli

from kg.settings import Settings

META = FIXTURES / "meta"


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """A copy of data/ with three reports added by `jjkg ingest PATH` alone, and the runs' output."""
    import shutil

    from conftest import PROJECT_ROOT

    root = tmp_path_factory.mktemp("anywhere")
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    env = {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var")}
    runs = {name: run_cli("ingest", str(META / name), env=env) for name in
            ("zhaoan-2023-formal.txt", "shishi-2023-news-traditional.txt", "fujian-2023-province.txt",
             "jiangxi-2027-range.txt", "hunan-2014-rural-income.txt")}
    settings = dataclasses.replace(Settings.from_env(), data_dir=root / "data", var_dir=root / "var")
    return env, runs, settings


@pytest.fixture(scope="module")
def client(added):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(added[2]))


@pytest.mark.parametrize("name, slug, said", [
    ("zhaoan-2023-formal.txt", "zhaoanxian-2023",
     ["place: 诏安县 (350624, in 漳州市、福建省, slug zhaoanxian) — head of government 诏安县: “诏安县人民政府县长” (line 5)",
      "plan year: 2023 — plan year named: “2023年经济社会发展主要预期目标” (line 18)",
      "review year: 2022 — year reviewed named: “2022年工作回顾” (line 10)", "delivered: 2022-12-20"]),
    ("shishi-2023-news-traditional.txt", "shishishi-2023",
     ["place: 石狮市 (350581", "“石狮市第十八届人民代表大会” (line 3)", "review year: 2022 — year reviewed named: “回顾2022年”",
      "delivered: 2023-01-05 — dateline"]),
    ("fujian-2023-province.txt", "fujiansheng-2023",
     ["place: 福建省 (350000, slug fujiansheng) — head of government 福建省", "plan year: 2023", "delivered: 2023-01-12"]),
])
def test_ingest_with_no_option_finds_place_and_years_and_says_from_which_words(added, name, slug, said):
    _env, runs, settings = added
    done = runs[name]
    assert done.returncode == 0, done.stderr
    assert f"added {slug} ({name})" in done.stderr
    for words in said:
        assert words in done.stderr
    meta = yaml.safe_load((settings.reports_dir / name.replace(".txt", ".meta.yaml")).read_text(encoding="utf-8"))
    assert (meta["slug"], meta["place"], meta["plan_year"], meta["review_year"]) == (
        slug, slug.rsplit("-", 1)[0], 2023, 2022)


def test_a_report_whose_text_is_titled_only_政府工作报告_is_titled_by_its_place_and_year(client):
    """The formal reports of 诏安 and 福建 open with the line 政府工作报告 alone: listed and titled as that, no page
    would say whose report it is (issue 29). The news report keeps its own headline."""
    titles = {r["slug"]: r["report"]["names"]["zh"] for r in client.get("/reports.json").json()}
    assert titles["zhaoanxian-2023"] == "2023年诏安县政府工作报告"
    assert titles["fujiansheng-2023"] == "2023年福建省政府工作报告"
    assert titles["shishishi-2023"].startswith("石狮市政府工作报告提出")
    page = client.get("/page/report/fujiansheng-2023").text
    assert "<title>2023年福建省政府工作报告" in page and ">2023年福建省政府工作报告</h1>" in page


def test_figures_are_of_their_own_place(added):
    env, _runs, _settings = added
    q = """SELECT DISTINCT ?report ?place WHERE {
             ?f a jjo:Figure ; jjo:report ?r ; jjo:refPlace ?p .
             BIND(STRAFTER(STR(?r), "/report/") AS ?report) BIND(STRAFTER(STR(?p), "/place/") AS ?place)
           } ORDER BY ?report ?place"""
    out = run_cli("query", q, "--format", "csv", env=env)
    assert out.returncode == 0, out.stderr
    rows = [ln.split(",") for ln in out.stdout.strip().splitlines()[1:]]
    assert rows == [["fujiansheng-2023", "fujiansheng"], ["hunansheng-2014", "hunansheng"],
                    ["jiangxisheng-2027", "jiangxisheng"],
                    ["jinjiangshi-2024", "jinjiangshi"],
                    ["jinjiangshi-2025", "jinjiangshi"], ["shishishi-2023", "shishishi"],
                    ["zhaoanxian-2023", "meilingzhen-350624102000"],  # '梅岭新增保障性租赁住房300套'
                    ["zhaoanxian-2023", "nanzhaozhen-350624100000"], ["zhaoanxian-2023", "zhaoanxian"]]
    # A figure whose clause opens with one of the county's towns is that town's; the town is now in the graph.
    town = run_cli("query", """SELECT ?v WHERE { ?f jjo:refPlace <https://w3id.org/jinjiang-kg/id/place/nanzhaozhen-350624100000> ;
        jjo:value ?v ; jjo:year "2022"^^xsd:gYear }""", "--format", "csv", env=env)
    assert town.stdout.split() == ["v", "12"]


def test_the_new_county_page_lists_its_figures_and_towns(client):
    page = client.get("/page/place/zhaoanxian")
    assert page.status_code == 200
    assert "诏安县" in page.text and "漳州市" in page.text  # its name and where it lies
    assert 'href="/page/figure/zhaoanxian-2023-' in page.text  # its figures
    assert "增长5.8%" in page.text and "增长7%左右" in page.text
    jinjiang = client.get("/page/place/jinjiangshi").text
    assert 'href="/page/figure/zhaoanxian-2023-' not in jinjiang  # and Jinjiang's page has none of Zhao'an's
    town = client.get("/page/place/nanzhaozhen-350624100000")
    assert town.status_code == 200 and 'href="/page/figure/zhaoanxian-2023-' in town.text


def test_compare_separates_places(client):
    both = client.get("/compare.json?from=2023&to=2024").json()
    gdp = [(i["place_zh"], i["status"]) for i in both["items"] if i["label_zh"] == "地区生产总值"
           and i["statistic"] == "GrowthRate"]
    # Zhao'an's, Shishi's and Fujian's 2023 targets are not compared with Jinjiang's 2024 one: each stands alone.
    assert sorted(gdp) == [("晋江市", "only-to"), ("石狮市", "only-from"), ("福建省", "only-from"),
                           ("诏安县", "only-from")]
    mine = client.get("/compare.json?from=2024&to=2025&place=jinjiangshi").json()
    assert mine["place"].endswith("/place/jinjiangshi") and {i["place_zh"] for i in mine["items"]} == {"晋江市"}
    one_year = client.get("/compare.json?from=2022&to=2023&place=zhaoanxian")
    assert one_year.status_code == 404 and "reports have plans for 2023;" in one_year.text
    assert client.get("/compare.json?place=nosuchplace").status_code == 400  # a bad parameter, not a missing page
    alone = client.get("/compare.json?place=zhaoanxian", headers={"accept": "application/json"})
    assert alone.status_code == 400 and "nothing to compare: two plans are needed" in alone.json()["message"]
    html = client.get("/compare?from=2023&to=2024", headers={"accept": "text/html"}).text
    assert html.count('class="compare-place"') == 4 and 'href="/compare.csv?from=2023&amp;to=2024"' in html


def test_options_override_and_what_cannot_be_told_is_a_clear_error(tmp_path, data_copy):
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}
    blank = tmp_path / "untitled.txt"
    blank.write_text("今年要做的事很多。\n一、加快发展\n地区生产总值增长6%。\n", encoding="utf-8")
    res = run_cli("ingest", str(blank), env=env)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"{blank}: cannot tell the reporting government" in res.stderr
    assert "--place" in res.stderr and "--year" in res.stderr
    res = run_cli("ingest", str(blank), "--place", "鼓楼区", "--year", "2024", env=env)
    assert res.returncode == 1 and "names 4 places" in res.stderr and "350102" in res.stderr
    res = run_cli("ingest", str(blank), "--place", "350102", "--year", "2024", env=env)
    assert res.returncode == 0, res.stderr
    assert "added gulouqu-350102-2024" in res.stderr and "plan year: 2024 — from --year" in res.stderr
    assert "review year: 2023 — the year before the plan year" in res.stderr
    other = run_cli("ingest", str(META / "zhaoan-2023-formal.txt"), "--place", "石狮市", "--review-year", "2021",
                    "--year", "2022", env=env)
    assert other.returncode == 0, other.stderr
    assert "added shishishi-2022" in other.stderr and "the text says 诏安县" in other.stderr
    assert sorted(p.name for p in (Path(data_copy) / "reports").glob("*.txt"))[-2:] == [
        "untitled.txt", "zhaoan-2023-formal.txt"]


def test_indicator_page_and_chart_separate_places(client):
    page = client.get("/page/indicator/diqushengchanzongzhi").text
    table = page[page.index('id="figures"'):]
    # One row per year and place: Zhao'an's, Fujian's and Jinjiang's figures of 2023 never share a cell.
    assert table.count('href="/page/place/zhaoanxian"') >= 1 and table.count('href="/page/place/fujiansheng"') >= 1
    charts = [c.replace("&amp;", "&") for c in re.findall(r'src="(/chart/indicator/[^"]+)"', page)]
    assert "/chart/indicator/diqushengchanzongzhi.svg?statistic=GrowthRate&place=zhaoanxian" in charts
    assert all(client.get(c).status_code == 200 for c in charts)  # only charts that have figures to draw
    zhaoan = client.get("/chart/indicator/diqushengchanzongzhi.svg?statistic=GrowthRate&place=zhaoanxian").text
    assert "增长5.8%" in zhaoan and "增长7%左右" in zhaoan and "增长6.5%" not in zhaoan  # not Jinjiang's
    assert client.get("/chart/indicator/diqushengchanzongzhi.svg?place=beijingshi").status_code == 404


def test_a_target_given_as_a_range_keeps_both_ends(added, client):
    """'地区生产总值增长5%—5.5%': one figure, qualified jjo:Range, its ends schema:minValue and schema:maxValue — in
    SPARQL, in the figure's JSON-LD and on its page — and a result is assessed against the whole range."""
    env, runs, _settings = added
    assert runs["jiangxi-2027-range.txt"].returncode == 0, runs["jiangxi-2027-range.txt"].stderr
    q = """SELECT ?f ?v ?lo ?hi WHERE { ?f jjo:report <https://w3id.org/jinjiang-kg/id/report/jiangxisheng-2027> ;
             jjo:qualifier jjo:Range ; jjo:value ?v ; schema:minValue ?lo ; schema:maxValue ?hi }"""
    out = run_cli("query", q, "--format", "csv", env=env)
    assert out.returncode == 0, out.stderr
    [row] = [ln.split(",") for ln in out.stdout.strip().splitlines()[1:]]
    assert [float(x) for x in row[1:]] == [5.0, 5.0, 5.5]
    doc = client.get(row[0].replace("https://w3id.org/jinjiang-kg", ""), headers={"accept": "application/ld+json"})
    assert doc.status_code == 200
    body = doc.json()
    assert (body["value"], body["minValue"], body["maxValue"]) == ("5", "5", "5.5")
    assert body["qualifier"]["id"] == "jjo:Range" and body["qualifier"]["label"]["zh"] == "区间"
    context = client.get("/context.jsonld").json()["@context"]
    assert context["maxValue"]["@id"] in ("schema:maxValue", "https://schema.org/maxValue")
    page = client.get(row[0].replace("https://w3id.org/jinjiang-kg/id/", "/page/"))
    assert page.status_code == 200 and "5%—5.5%" in page.text


def test_a_redefined_statistic_is_related_to_the_one_that_replaced_it(added, client):
    """农民人均纯收入 (until 2013) and 农村居民人均可支配收入 (from 2014) are two concepts, linked by skos:related both
    ways (data/reference/indicators.csv `related`): in SPARQL and in the indicator's JSON-LD."""
    env, runs, _settings = added
    assert runs["hunan-2014-rural-income.txt"].returncode == 0, runs["hunan-2014-rural-income.txt"].stderr
    ind = "https://w3id.org/jinjiang-kg/id/indicator/"
    for a, b in (("nongcunjuminrenjunchunshouru", "nongcunjuminrenjunkezhipeishouru"),
                 ("nongcunjuminrenjunkezhipeishouru", "nongcunjuminrenjunchunshouru")):
        out = run_cli("query", f"ASK {{ <{ind}{a}> skos:related <{ind}{b}> }}", "--format", "json", env=env)
        assert out.returncode == 0 and '"boolean": true' in out.stdout.replace('"boolean":true', '"boolean": true'), out.stdout
    doc = client.get("/id/indicator/nongcunjuminrenjunchunshouru", headers={"accept": "application/ld+json"})
    assert doc.status_code == 200
    related = doc.json()["related"]
    assert (related["id"] if isinstance(related, dict) else related) == ind + "nongcunjuminrenjunkezhipeishouru"
