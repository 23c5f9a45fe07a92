"""A plan's statement may give a past year's result, the year written in the figure's own clause (the older national
reports write their reviews inside the parts that plan): a result of that year, not a target of the plan year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.extractor import Extractor
from kg.extract.quality_projects import meta_of

TEXT = """政府工作报告
——一九八三年六月六日在第六届全国人民代表大会第一次会议上
国务院总理 某某某
各位代表：
一、关于今后的经济建设
粮食总产量一九八二年比一九八一年增长百分之八点七，一九八一年又比一九八○年增长百分之一点四。
今年粮食产量要在一九八二年的基础上增长百分之三。
钢产量达到三千七百万吨。
"""


@pytest.fixture(scope="module")
def figures(reference, tmp_path_factory):
    path = tmp_path_factory.mktemp("older") / "guowuyuan-1983.txt"
    path.write_text(TEXT, encoding="utf-8")
    meta = meta_of(path, reference, tmp_path_factory.mktemp("no-copies"))
    assert (meta.place, meta.plan_year) == ("zhongguo", 1983)
    ex = Extractor(reference).extract(meta)
    return [(f.indicator, f.value, f.statistic, f.kind, f.year) for g in ex.goals for f in g.figures]


def test_a_year_written_before_the_figure_makes_it_that_years_result(figures):
    assert ("粮食总产量", Decimal("8.7"), "growth", "result", 1982) in figures
    # '又比一九八○年': an adverb before the comparison leaves the subject the clause's before, and 比 marks a base
    assert ("粮食总产量", Decimal("1.4"), "growth", "result", 1981) in figures


def test_a_year_the_plan_grows_from_and_a_plain_target_stay_targets(figures):
    assert not [f for f in figures if f[1] == 3 and f[3] == "result"]  # '要在一九八二年的基础上': a plan's base
    assert ("钢产量", Decimal(37_000_000), "level", "target", 1983) in figures
