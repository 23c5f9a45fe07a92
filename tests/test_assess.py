"""The assessment rule, case by case, and the assessments of the real reports' headline indicators."""

from decimal import Decimal

import pytest
from conftest import select
from rdflib import URIRef

from kg.graph.assess import PERCENT, Figure, assess
from kg.graph.namespaces import JJO

MU = URIRef("https://w3id.org/jinjiang-kg/id/unit/mu")
RANK = URIRef("https://w3id.org/jinjiang-kg/id/unit/rank")


def fig(value, *quals, unit=PERCENT, statistic=JJO.GrowthRate, upper=None):
    ends = tuple(sorted((Decimal(str(value)), Decimal(str(upper))))) if upper is not None else None
    return Figure(URIRef("x:f"), Decimal(str(value)), unit, statistic, frozenset(quals), "", ends)


@pytest.mark.parametrize("target, result, outcome", [
    # A range target (增长5%—5.5%) is met from its lower end and exceeded only above its upper one.
    (fig(5, JJO.Range, upper="5.5"), fig("5.2"), "met"),
    (fig(5, JJO.Range, upper="5.5"), fig(5), "met"),
    (fig(5, JJO.Range, upper="5.5"), fig("5.5"), "met"),
    (fig(5, JJO.Range, upper="5.5"), fig("5.6"), "exceeded"),
    (fig(5, JJO.Range, upper="5.5"), fig("4.9"), "missed"),
    (fig(5, JJO.Range, upper="5.5"), fig("4.8", JJO.About), "not-comparable"),  # about 4.8 may reach 5 or not
])
def test_ranges(target, result, outcome):
    assert assess(target, result).outcome == outcome


@pytest.mark.parametrize("result, outcome", [("-2.5", "met"), ("-2", "met"), ("-3.5", "exceeded"), ("-1.5", "missed")])
def test_a_fall_given_as_a_range_where_less_is_better(result, outcome):
    # 能耗强度下降2%—3%: met from a fall of 2, exceeded beyond a fall of 3.
    assert assess(fig(-2, JJO.Range, upper=-3), fig(result), JJO.LessIsBetter).outcome == outcome


@pytest.mark.parametrize("target, result, outcome", [
    (fig(6, JJO.About), fig(7, JJO.AtLeast, JJO.Estimated), "exceeded"),  # 2024 GDP: 增长6%左右 vs 7%以上
    (fig(6), fig("1.7"), "missed"),  # 一般公共预算总收入
    (fig(6), fig("5.5"), "missed"),
    (fig(6, JJO.About), fig("5.6"), "met"),  # within half a point of 'about 6'
    (fig(6, JJO.About), fig("6.5"), "met"),
    (fig(6, JJO.About), fig("6.6"), "exceeded"),
    (fig(6), fig(6), "met"),
    (fig(12, JJO.AtLeast), fig(15), "exceeded"),
    (fig(12, JJO.AtLeast), fig(12), "met"),
    (fig(6, JJO.About), fig(5, JJO.AtLeast), "not-comparable"),  # 'at least 5' may or may not reach 5.5
    (fig(5000, unit=MU, statistic=JJO.Level), fig(5200, unit=MU, statistic=JJO.Level), "exceeded"),
    (fig(5000, JJO.About, unit=MU, statistic=JJO.Level), fig(5200, unit=MU, statistic=JJO.Level), "met"),  # within 5%
    (fig(4, unit=RANK, statistic=JJO.Rank), fig(3, unit=RANK, statistic=JJO.Rank), "exceeded"),  # rank: less is better
    (fig(4, unit=RANK, statistic=JJO.Rank), fig(5, unit=RANK, statistic=JJO.Rank), "missed"),
    (fig(30, JJO.AtMost), fig(25), "exceeded"),  # an 'at most' target: less is better
    (fig(6), fig(6, unit=MU), "not-comparable"),
])
def test_rule(target, result, outcome):
    assert assess(target, result).outcome == outcome


@pytest.mark.parametrize("target, result, outcome", [
    (fig(3, JJO.About), fig("0.2"), "met"),  # CPI 涨幅3%左右 against 0.2%: under the ceiling (two-sided: missed)
    (fig(3, JJO.About), fig("3.5"), "met"),  # at the ceiling and its tolerance
    (fig(3, JJO.About), fig("3.6"), "missed"),  # above it
    (fig(3), fig("2.9"), "met"),  # an exact ceiling: never exceeded, however far below
    (fig(3), fig("3.1"), "missed"),
    (fig(3, JJO.AtMost), fig("2"), "met"),  # 3%以内
    (fig(3, JJO.About), fig(3, JJO.AtLeast), "not-comparable"),  # 'at least 3' may pass 3.5 or not
    (fig("5.5", JJO.About, statistic=JJO.Level), fig("5.1", statistic=JJO.Level), "met"),  # surveyed unemployment
    (fig("5.5", JJO.About, statistic=JJO.Level), fig("6.2", statistic=JJO.Level), "missed"),
    (fig(4, unit=RANK, statistic=JJO.Rank), fig(5, unit=RANK, statistic=JJO.Rank), "missed"),  # a rank keeps its rule
])
def test_a_ceiling_is_met_at_or_below_it(target, result, outcome):
    assert assess(target, result, JJO.Ceiling).outcome == outcome


@pytest.mark.parametrize("target, result, outcome", [
    (fig(-3, JJO.About), fig("-3.6"), "exceeded"),  # energy per unit of GDP: 下降3%左右, fell 3.6%
    (fig(-3, JJO.About), fig("-2.8"), "met"),
    (fig(-3, JJO.About), fig("-2.4"), "missed"),
    (fig(-3), fig("-3"), "met"),
    (fig("-3.4", JJO.AtLeast), fig("-5"), "exceeded"),  # 2016: 下降3.4%以上, fell 5%
    (fig(-3, JJO.AtLeast), fig("-3"), "met"),  # 下降3%以上: a fall of 3% or more
    (fig(-3, JJO.AtLeast), fig("-2"), "missed"),  # fell only 2%
])
def test_less_is_better_is_mirrored(target, result, outcome):
    assert assess(target, result, JJO.LessIsBetter).outcome == outcome
    if JJO.AtLeast not in target.qualifiers:
        mirrored = {"exceeded": "missed", "missed": "exceeded"}.get(outcome, outcome)
        assert assess(target, result).outcome == mirrored  # read as more is better, the verdict turns over


def test_estimates_make_an_assessment_provisional():
    assert assess(fig(6, JJO.About), fig(7, JJO.AtLeast, JJO.Estimated)).provisional
    assert not assess(fig(6), fig("1.7")).provisional
    assert assess(fig(6), fig("1.7")).difference == Decimal("-4.3")


def test_assessments_of_the_2024_headline_indicators(service):
    rows = select(service, """
        SELECT ?indicator ?outcome ?provisional ?tv ?rv WHERE {
          ?a a jjo:Assessment ; jjo:indicator/rdfs:label ?indicator ; jjo:outcome ?o ; jjo:provisional ?provisional ;
             jjo:year "2024"^^xsd:gYear ; jjo:target/jjo:value ?tv ; jjo:result/jjo:value ?rv ;
             jjo:rule jjo:QualifierIntervalRule .
          FILTER NOT EXISTS { ?a jjo:target/jjo:curatedIn ?row }  # the national table's: tests/test_national_figures.py
          FILTER(lang(?indicator) = "zh") BIND(STRAFTER(STR(?o), "#") AS ?outcome)
        } ORDER BY ?indicator""")
    got = {(r["indicator"], r["outcome"], r["provisional"], r["tv"], r["rv"]) for r in rows}
    assert got == {
        ("地区生产总值", "Exceeded", "true", "6", "7"),
        ("一般公共预算总收入", "Missed", "false", "6", "1.7"),
        ("城乡居民人均可支配收入", "Missed", "false", "6", "5.5"),
    }


def test_assessments_are_in_the_derived_graph_and_cite_both_figures(service):
    rows = select(service, """
        SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {
          GRAPH <https://w3id.org/jinjiang-kg/graph/derived> { ?a a jjo:Assessment ; prov:wasDerivedFrom ?f }
          ?f jjo:report ?report }""")
    assert rows == [{"n": "6"}]  # the reports' figures; the national table's are assessed too (test_national_figures)


def test_a_direction_must_be_one_the_rule_knows(tmp_path):
    from kg.errors import InputError
    from kg.extract.reference import load_indicators

    path = tmp_path / "indicators.csv"
    path.write_text("slug,name_zh,name_en,aliases,source,direction,related\njuminxiaofeijiage,居民消费价格,CPI,,NBS,ceiling,\n"
                    "diqushengchanzongzhi,地区生产总值,GDP,,NBS,,\n", encoding="utf-8")
    assert [i.direction for i in load_indicators(path)] == ["ceiling", ""]
    path.write_text("slug,name_zh,name_en,aliases,source,direction,related\njuminxiaofeijiage,居民消费价格,CPI,,NBS,lower,\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="is not empty, 'less' or 'ceiling'"):
        load_indicators(path)


def test_a_related_indicator_must_be_another_curated_one(tmp_path):
    from kg.errors import InputError
    from kg.extract.reference import load_indicators

    path = tmp_path / "indicators.csv"
    head = "slug,name_zh,name_en,aliases,source,direction,related\n"
    path.write_text(head + "jiu,旧指标,Old,,NBS,,xin\nxin,新指标,New,,NBS,,\n", encoding="utf-8")
    assert [i.related for i in load_indicators(path)] == ["xin", None]
    for related in ("nowhere", "jiu"):  # no such row; itself
        path.write_text(head + f"jiu,旧指标,Old,,NBS,,{related}\n", encoding="utf-8")
        with pytest.raises(InputError, match="is not another indicator's slug") as err:
            load_indicators(path)
        assert err.value.line == 2
