"""A sentence opened by the two years it compares ('X年比Y年，…', 'X年同Y年相比，…') or by the span of years it speaks of
('这三年中，…'): the older national reports' way of dating a whole list of figures at once. Its figures are of the
later year, a span's start value is of the base year, and a growth over more than one year is left out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.extractor import Extractor
from kg.extract.quality_projects import meta_of

TEXT = """政府工作报告
——一九八六年三月二十五日在第六届全国人民代表大会第四次会议上
国务院总理 某某某
各位代表：
一、一九八五年的工作回顾
一九八四年比一九八三年，水泥增长百分之九，钢材下降百分之二。
这三年中，生铁产量由三千万吨增加到四千万吨，增长百分之三十三；纸由五百万吨增加到六百万吨。
这三年中，建成大中型项目八十个。
一九八五年同一九八○年相比，社会商品零售总额由二千亿元增加到四千亿元，增长百分之一百。
二、一九八六年的任务
一九八五年同一九八○年相比，国民收入由三千七百亿元增加到七千亿元，增长百分之八十九。
今年国民收入要增长百分之七。
"""


@pytest.fixture(scope="module")
def figures(reference, tmp_path_factory):
    path = tmp_path_factory.mktemp("older") / "guowuyuan-1986.txt"
    path.write_text(TEXT, encoding="utf-8")
    meta = meta_of(path, reference, tmp_path_factory.mktemp("no-copies"))
    assert (meta.place, meta.plan_year, meta.review_year) == ("zhongguo", 1986, 1985)
    ex = Extractor(reference).extract(meta)
    return [(f.indicator, f.value, f.statistic, f.kind, f.year) for g in ex.goals for f in g.figures]


def test_the_years_heading_a_sentence_date_each_of_its_clauses(figures):
    assert ("水泥", Decimal(9), "growth", "result", 1984) in figures
    assert ("钢材", Decimal(-2), "growth", "result", 1984) in figures


def test_a_span_of_years_heading_a_sentence_dates_both_ends_of_its_spans(figures):
    assert ("生铁产量", Decimal(30_000_000), "level", "result", 1982) in figures  # the year before the three years
    assert ("生铁产量", Decimal(40_000_000), "level", "result", 1985) in figures
    assert ("纸", Decimal(5_000_000), "level", "result", 1982) in figures  # after the ；too
    assert not [f for f in figures if f[1] == 33]  # a growth over the three years: no year's


def test_a_bare_count_in_a_span_of_years_is_a_sum_over_them(figures):
    assert not [f for f in figures if f[1] == 80]


def test_a_span_between_the_years_compared_starts_in_the_base_year(figures):
    assert ("社会商品零售总额", Decimal(200_000_000_000), "level", "result", 1980) in figures
    assert ("社会商品零售总额", Decimal(400_000_000_000), "level", "result", 1985) in figures
    assert not [f for f in figures if f[1] == 100]  # a growth over five years


def test_two_past_years_compared_in_a_plan_part_are_results(figures):
    assert ("国民收入", Decimal(370_000_000_000), "level", "result", 1980) in figures
    assert ("国民收入", Decimal(700_000_000_000), "level", "result", 1985) in figures
    assert not [f for f in figures if f[1] == 89]
    assert ("国民收入", Decimal(7), "growth", "target", 1986) in figures


RECALLED = """政府工作报告
——一九八六年三月二十五日在第六届全国人民代表大会第四次会议上
国务院总理 某某某
各位代表：
一、一九八五年的工作回顾
国民收入的增长速度，一九八四年计划为百分之五，实际达到百分之十二；一九八五年计划为百分之六，预计为百分之十。
"""


def test_a_review_recalling_a_years_plan_gives_its_target_and_the_outcome_of_that_year(reference, tmp_path):
    path = tmp_path / "guowuyuan-1986.txt"
    path.write_text(RECALLED, encoding="utf-8")
    meta = meta_of(path, reference, tmp_path / "no-copies")
    figures = [(f.indicator, f.value, f.statistic, f.kind, f.year)
               for g in Extractor(reference).extract(meta).goals for f in g.figures]
    assert figures == [("国民收入", Decimal(5), "growth", "target", 1984), ("国民收入", Decimal(12), "growth", "result", 1984),
                       ("国民收入", Decimal(6), "growth", "target", 1985), ("国民收入", Decimal(10), "growth", "result", 1985)]
