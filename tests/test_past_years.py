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
