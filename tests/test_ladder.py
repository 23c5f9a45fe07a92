"""The ladder of targets (issue 17): 晋江市 (the seeds) → 泉州市 → 福建省 (tests/fixtures/ladder/, ingested as a user
would) → 中国 (the national table), through HTTP and through the example query, which give the same rows."""

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import folder_of_reports, ingested, select

from kg.settings import Settings
from kg.sparql.examples import load_examples
from kg.sparql.query import QueryService
from kg.views.ladder import STATISTICS, Rung, rungs_of, step

FIXTURES = Path(__file__).parent / "fixtures" / "ladder"
EXAMPLE = next(e for e in load_examples() if e.slug == "target-ladder")
ID = "https://w3id.org/jinjiang-kg/id/"
GDP = "diqushengchanzongzhi"
COLUMNS = ("place", "depth", "target", "value", "unit", "curated", "result", "outcome")


@pytest.fixture(scope="module")
def chain(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("ladder")
    folder, env = folder_of_reports(root, sorted(FIXTURES.glob("*.txt")))
    ingested(folder, env)
    return dataclasses.replace(Settings.from_env(), data_dir=root / "data", var_dir=root / "var")


@pytest.fixture(scope="module")
def client(chain):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(chain))


def ladder_json(client, query: str) -> dict:
    answer = client.get(f"/ladder?{query}", headers={"accept": "application/json"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def by_place(rows) -> dict[str, dict]:
    return {r["place"].rsplit("/", 1)[-1]: r for r in rows}


def test_jinjiang_2024_gdp_growth_up_the_ladder(client):
    body = ladder_json(client, f"indicator={GDP}&place=jinjiangshi&year=2024")
    assert body["statistic"] == "growth" and body["rule"].endswith("#TargetLadderRule")
    assert body["rule_en"] and body["rule_zh"]
    rows = body["rows"]
    assert [r["place"].rsplit("/", 1)[-1] for r in rows] == ["jinjiangshi", "quanzhoushi", "fujiansheng", "zhongguo"]
    assert [r["depth"] for r in rows] == [3, 2, 1, 0]
    ladder = by_place(rows)
    assert ladder["zhongguo"]["as_written"] == "国内生产总值增长5%左右" and ladder["zhongguo"]["curated"]
    assert ladder["fujiansheng"]["value"] == "5.5" and not ladder["fujiansheng"]["curated"]
    assert ladder["quanzhoushi"]["value"] == "5.8" and ladder["jinjiangshi"]["value"] == "6"
    steps = {p: (r["step"]["kind"], Decimal(r["step"]["value"]), r["step"]["from"].rsplit("/", 1)[-1])
             for p, r in ladder.items() if r["step"]}
    assert steps == {"fujiansheng": ("points", Decimal("0.5"), "zhongguo"),
                     "quanzhoushi": ("points", Decimal("0.3"), "fujiansheng"),
                     "jinjiangshi": ("points", Decimal("0.2"), "quanzhoushi")}
    # results: the nation's from the 2025 report (5%), Fujian's from its 2025 report (5.5%), Jinjiang's estimate
    # (7%以上) from its 2025 report; 泉州市 has no 2025 report, so its result is not known
    assert ladder["zhongguo"]["outcome"] == "Met" and ladder["zhongguo"]["result_value"] == "5"
    assert ladder["fujiansheng"]["outcome"] == "Met" and ladder["fujiansheng"]["result_value"] == "5.5"
    assert ladder["jinjiangshi"]["outcome"] == "Exceeded"
    assert ladder["quanzhoushi"]["result"] is None and ladder["quanzhoushi"]["outcome"] is None


def test_a_level_with_no_target_is_missing_not_zero(client):
    ladder = by_place(ladder_json(client, f"indicator={GDP}&place=jinjiangshi&year=2025")["rows"])
    assert ladder["quanzhoushi"]["target"] is None and ladder["quanzhoushi"]["value"] is None
    assert ladder["quanzhoushi"]["step"] is None
    # the step skips the missing level: 晋江市's 6%左右 against 福建省's 5.5%左右
    assert ladder["jinjiangshi"]["step"]["from"].endswith("/fujiansheng")
    assert Decimal(ladder["jinjiangshi"]["step"]["value"]) == Decimal("0.5")
    page = client.get(f"/ladder?indicator={GDP}&place=jinjiangshi&year=2025", headers={"accept": "text/html"})
    assert page.status_code == 200 and 'class="missing"' in page.text and "missing" in page.text


def test_the_seeds_ladder_reaches_the_nation_on_either_backend(served):
    """On the seed graph alone (no report of 泉州市 or 福建省), 晋江市's 2025 ladder: the two levels between are missing,
    the nation's curated target is the top rung, the step is taken from it — on the embedded store and on Virtuoso,
    where an OPTIONAL over jjo:within+ (the depth's first form) dropped the row of 中国, which lies within nothing."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    rows = ladder_json(TestClient(create_app(served)), f"indicator={GDP}&place=jinjiangshi&year=2025")["rows"]
    assert [(r["place"].rsplit("/", 1)[-1], r["depth"], r["value"]) for r in rows] == [
        ("jinjiangshi", 3, "6"), ("quanzhoushi", 2, None), ("fujiansheng", 1, None), ("zhongguo", 0, "5")]
    assert rows[-1]["curated"].startswith("national_figures.csv:")
    assert rows[0]["step"]["from"].endswith("/place/zhongguo") and Decimal(rows[0]["step"]["value"]) == 1


def test_levels_step_by_ratio(client):
    ladder = by_place(ladder_json(client, "indicator=chengzhenjiuye&place=quanzhoushi&year=2024&statistic=level")["rows"])
    assert ladder["zhongguo"]["value"] == "12000000" and ladder["fujiansheng"]["value"] == "550000"
    assert ladder["fujiansheng"]["step"]["kind"] == "ratio"
    assert Decimal(ladder["fujiansheng"]["step"]["value"]) == Decimal("0.05")  # 55万 ÷ 1200万, two decimals
    assert Decimal(ladder["quanzhoushi"]["step"]["value"]) == Decimal("0.18")  # 10万 ÷ 55万


def test_the_page_states_how_the_ladder_is_made(client):
    page = client.get(f"/ladder?indicator={GDP}&place=jinjiangshi&year=2024", headers={"accept": "text/html"})
    assert page.status_code == 200
    text = page.text
    for words in ("晋江市", "泉州市", "福建省", "中国", "+0.5 个百分点", "How the ladder is made", "TargetLadderRule",
                  "同一统计量", "The same unit"):
        assert words in text, words
    assert client.get(f"/ladder.json?indicator={GDP}&place=jinjiangshi&year=2024").status_code == 200


def test_the_example_query_gives_the_same_rows(client, chain):
    rows = ladder_json(client, f"indicator={GDP}&place=jinjiangshi&year=2024&statistic=growth")["rows"]
    example = select(QueryService.from_settings(chain), EXAMPLE.query)
    assert [tuple(str(r[c]) if r[c] is not None else None for c in COLUMNS) for r in rows] == \
        [tuple(e[c].rsplit("#", 1)[-1] if c == "outcome" and e[c] else e[c] for c in COLUMNS) for e in example]


@pytest.mark.parametrize("query, words", [
    ("place=jinjiangshi&year=2024", "give the indicator, the place and the year"),
    (f"indicator={GDP}&place=jinjiangshi&year=24", "is not a year"),
    (f"indicator={GDP}&place=nowhere&year=2024", "no place 'nowhere'"),
    ("indicator=nothing&place=jinjiangshi&year=2024", "no indicator 'nothing'"),
    (f"indicator={GDP}&place=jinjiangshi&year=2024&statistic=mean", "is not one of"),
    (f"indicator={GDP}&place=Jin Jiang&year=2024", "is not the slug"),
])
def test_bad_parameters_are_a_clear_400(client, query, words):
    answer = client.get(f"/ladder?{query}", headers={"accept": "application/json"})
    assert answer.status_code == 400 and words in answer.json()["message"], answer.text
    assert client.get(f"/ladder?{query}", headers={"accept": "text/html"}).status_code == 400


def test_steps_are_points_for_percentages_and_ratios_otherwise():
    pct, ren = ID + "unit/percent", ID + "unit/ren"
    up = Rung("a", "甲", "province", 1, "t1", Decimal("5.5"), pct)
    assert step(Rung("b", "乙", "county", 2, "t2", Decimal("7"), pct), up).value == Decimal("1.5")
    assert step(Rung("b", "乙", "county", 2, "t2", Decimal("5"), pct), up).value == Decimal("-0.5")
    assert step(Rung("b", "乙", "county", 2, "t2", Decimal("13"), ren),
                Rung("a", "甲", "province", 1, "t1", Decimal("10"), ren)).text() == "×1.3"
    assert step(Rung("b", "乙", "county", 2, "t2", Decimal("5"), ren), up) is None  # across units: no step
    assert rungs_of([]) == []


def test_the_ladder_is_drawn_where_it_has_three_levels_or_more(client):
    query = f"indicator={GDP}&place=jinjiangshi&year=2024&statistic=growth"
    page = client.get(f"/ladder?{query}", headers={"accept": "text/html"})
    assert f'src="/chart/ladder.svg?{query.replace("&", "&amp;")}"' in page.text
    chart = client.get(f"/chart/ladder.svg?{query}")
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert all(name in chart.text for name in ("晋江市", "泉州市", "福建省", "中国")) and "<script" not in chart.text


def test_the_place_page_shows_its_ladders(client):
    page = client.get("/page/place/jinjiangshi", headers={"accept": "text/html"})
    assert page.status_code == 200
    section = page.text.split('id="ladder"', 1)[1].split("</table>", 2)
    assert "2025年" in section[0] and "缺" in section[0]  # 2025: 泉州市 has no target
    assert "+0.2 个百分点" in section[1] and "超额完成" in section[1]  # 2024: every level has one
    assert '/ladder?indicator=diqushengchanzongzhi&amp;place=jinjiangshi&amp;year=2024' in page.text


# The feet of an indicator's ladders by their definition, in one query: slow on a large graph (it walks down from
# every candidate through the gazetteer), so the page finds them otherwise (kg/views/profiles.py ladder_feet); the two
# must agree.
FEET = """SELECT DISTINCT ?foot ?year ?statistic WHERE {
  ?t jjo:indicator <%(i)s> ; jjo:kind jjo:Target ; jjo:refPlace ?foot ; jjo:year ?year ; jjo:statistic ?statistic .
  FILTER EXISTS { ?foot jjo:within+ ?up .
                  ?u jjo:indicator <%(i)s> ; jjo:kind jjo:Target ; jjo:refPlace ?up ; jjo:year ?year ; jjo:statistic ?statistic }
  FILTER NOT EXISTS { ?d jjo:indicator <%(i)s> ; jjo:kind jjo:Target ; jjo:year ?year ; jjo:statistic ?statistic ;
                         jjo:refPlace ?down . ?down jjo:within+ ?foot }
}"""


def test_the_indicator_page_shows_the_feet_of_its_ladders(client, chain):
    """On GDP's page: the ladders whose foot is the deepest place of a year with a target whose ancestors have one too
    — 晋江市 in 2025 (泉州市 missing) and 2024, newest first; 泉州市 is no foot in 2024, since 晋江市 lies within it."""
    import re

    page = client.get(f"/page/indicator/{GDP}", headers={"accept": "text/html"})
    assert page.status_code == 200
    section = page.text.split('id="ladder"', 1)[1].split('id="figures"', 1)[0]
    growth = [h for h in section.split("<h3>")[1:] if "增长率" in h]
    assert [h.split("年", 1)[0] for h in growth][:2] == ["2025", "2024"] and all("晋江市" in h for h in growth[:2])
    assert "缺" in growth[0] and "+0.2 个百分点" in growth[1] and "超额完成" in growth[1]
    link = f"/ladder?indicator={GDP}&amp;place=jinjiangshi&amp;year=2024&amp;statistic=growth"
    assert link in section and f'src="/chart/ladder.svg?{link[len("/ladder?"):]}"' in section
    # the page's ladder is the one /ladder.json gives
    rows = ladder_json(client, link.split("?", 1)[1].replace("&amp;", "&"))["rows"]
    assert all(r["as_written"] in section for r in rows if r["as_written"])
    # every foot is on the page, drawn or linked, newest year first, and they are the feet by definition
    shown = list(dict.fromkeys(re.findall(r'href="/ladder\?indicator=' + GDP +
                                          r'&amp;place=([a-z0-9-]+)&amp;year=(\d{4})&amp;statistic=([a-z-]+)"', section)))
    local = {v: k for k, v in STATISTICS.items()}
    feet = {(r["foot"].value.rsplit("/", 1)[-1], r["year"].value[:4], local[r["statistic"].value.rsplit("#", 1)[-1]])
            for r in QueryService.from_settings(chain).select(FEET % {"i": ID + "indicator/" + GDP})}
    assert set(shown) == feet and len(shown) == len(feet) >= 2
    assert ("jinjiangshi", "2024", "growth") in feet and ("quanzhoushi", "2024", "growth") not in feet
    assert [y for _p, y, _s in shown] == sorted((y for _p, y, _s in shown), reverse=True)


def test_ladders_past_the_first_are_links(client, monkeypatch):
    """Only the first INDICATOR_LADDERS ladders are drawn; the feet after them are links to /ladder."""
    from kg.views import profiles

    monkeypatch.setattr(profiles, "INDICATOR_LADDERS", 1)
    section = client.get(f"/page/indicator/{GDP}", headers={"accept": "text/html"}).text
    section = section.split('id="ladder"', 1)[1].split('id="figures"', 1)[0]
    drawn, links = section.split("其他层级", 1)
    assert "2025年" in drawn and "2024年" not in drawn and drawn.count("<table") == 1
    assert f'<a href="/ladder?indicator={GDP}&amp;place=jinjiangshi&amp;year=2024&amp;statistic=growth">2024 晋江市</a>' in links


def test_an_indicator_without_a_ladder_has_no_section(client):
    page = client.get("/page/indicator/yibangonggongyusuanzongshouru", headers={"accept": "text/html"})
    assert page.status_code == 200 and 'id="ladder"' not in page.text


def test_a_ceiling_is_judged_as_one_on_every_level(client):
    """CPI is a ceiling (data/reference/indicators.csv, jjo:direction jjo:Ceiling): the nation's 2024 涨幅3%左右 against
    a rise of 0.2% is met — read as a two-sided interval where more is better it was missed — on /ladder, on the
    indicator page's assessments and in the indicator's own data document."""
    rows = ladder_json(client, "indicator=juminxiaofeijiage&place=jinjiangshi&year=2024&statistic=growth")["rows"]
    nation = by_place(rows)["zhongguo"]
    assert nation["value"] == "3" and nation["result_value"] == "0.2" and nation["outcome"] == "Met"
    page = client.get("/page/indicator/juminxiaofeijiage", headers={"accept": "text/html"}).text
    row = next(r for r in page.split("<tr>") if "居民消费价格上涨0.2%" in r and "outcome-" in r)
    assert "outcome-met" in row and "outcome-missed" not in row
    doc = client.get("/id/indicator/juminxiaofeijiage", headers={"accept": "text/turtle"}, follow_redirects=True)
    assert doc.status_code == 200 and "Ceiling" in doc.text
    # GDP growth keeps more-is-better: no direction stated
    gdp = client.get(f"/id/indicator/{GDP}", headers={"accept": "text/turtle"}, follow_redirects=True)
    assert gdp.status_code == 200 and "jjo:direction" not in gdp.text and "#direction" not in gdp.text
