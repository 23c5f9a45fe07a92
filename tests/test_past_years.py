"""A plan's statement may give a past year's result, the year written in the figure's own clause (the older national
reports write their reviews inside the parts that plan): a result of that year, not a target of the plan year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.extractor import Extractor
from kg.extract.quality_projects import meta_of

TEXT = """政府工作报告
——一九九一年三月二十五日在第七届全国人民代表大会第四次会议上
国务院总理 某某某
各位代表：
一、关于今后的经济建设
粮食总产量一九九○年比一九八九年增长百分之六点二，一九八九年又比一九八八年增长百分之三点四。
今年粮食产量要在一九九○年的基础上增长百分之二。
钢产量达到七千万吨。
"""


@pytest.fixture(scope="module")
def figures(reference, tmp_path_factory):
    path = tmp_path_factory.mktemp("older") / "guowuyuan-1991.txt"
    path.write_text(TEXT, encoding="utf-8")
    meta = meta_of(path, reference, tmp_path_factory.mktemp("no-copies"))
    assert (meta.place, meta.plan_year) == ("zhongguo", 1991)
    ex = Extractor(reference).extract(meta)
    return [(f.indicator, f.value, f.statistic, f.kind, f.year) for g in ex.goals for f in g.figures]


def test_a_year_written_before_the_figure_makes_it_that_years_result(figures):
    assert ("粮食总产量", Decimal("6.2"), "growth", "result", 1990) in figures
    # '又比一九八八年': an adverb before the comparison leaves the subject the clause's before, and 比 marks a base
    assert ("粮食总产量", Decimal("3.4"), "growth", "result", 1989) in figures


def test_a_year_the_plan_grows_from_and_a_plain_target_stay_targets(figures):
    assert not [f for f in figures if f[1] == 2 and f[3] == "result"]  # '要在一九九○年的基础上': a plan's base
    assert ("钢产量", Decimal(70_000_000), "level", "target", 1991) in figures


PLAN = """政府工作报告
——一九八三年三月二十五日在第六届全国人民代表大会第一次会议上
国务院总理 某某某
各位代表：
一、关于今后五年的计划
到一九八七年，全国棉布产量计划达到一百六十亿米，比一九八二年增长百分之十；水泥一亿二千万吨，增长百分之二十；原油一亿一千万吨。
今年原油产量要增长百分之二。
"""


@pytest.fixture(scope="module")
def plan_figures(reference, tmp_path_factory):
    path = tmp_path_factory.mktemp("older") / "guowuyuan-1983.txt"
    path.write_text(PLAN, encoding="utf-8")
    meta = meta_of(path, reference, tmp_path_factory.mktemp("no-copies"))
    assert meta.plan_year == 1983
    ex = Extractor(reference).extract(meta)
    return [(f.indicator, f.value, f.statistic, f.kind, f.year) for g in ex.goals for f in g.figures]


def test_a_deadline_heading_a_sentence_is_the_year_of_each_item_of_its_list(plan_figures):
    assert ("水泥", Decimal(120_000_000), "level", "target", 1987) in plan_figures  # after a ；
    assert ("原油", Decimal(110_000_000), "level", "target", 1987) in plan_figures


def test_a_growth_to_a_deadline_after_the_year_planned_is_over_several_years(plan_figures):
    assert not [f for f in plan_figures if f[1] in (10, 20)]
    assert ("原油产量", Decimal(2), "growth", "target", 1983) in plan_figures  # the year planned: its own growth
