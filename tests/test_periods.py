"""Five-year blocks of a review: which statements speak of the period, and the year each of their figures is of."""

from pathlib import Path

import pytest

from kg.extract.periods import Period, mark_periods, plan_years, result_year
from kg.extract.read import read_text
from kg.extract.segment import outline
from kg.extract.unwrap import unwrap

PERIOD = ["过去五年", "五年来", "这五年"]
YEAR = ["过去一年", "一年来", "刚刚过去的"]


@pytest.mark.parametrize(("name", "years"), [("十四五", (2021, 2025)), ("十一五", (2006, 2010)), ("十五", (2001, 2005)),
                                            ("三五", (1966, 1970)), ("一五", (1953, 1957)), ("十五五", (2026, 2030))])
def test_a_plan_named_gives_its_years(name, years):
    assert plan_years(name) == years


def periods_of(text: str, review_year: int = 2030) -> dict[str, Period | None]:
    o = outline(unwrap(read_text(text, Path("t.txt"))))
    o.sections[0].review = True
    marked = mark_periods(o.items, PERIOD, YEAR, review_year)
    return {i.unit.text[:6]: marked.get(i.index) for i in o.items if i.role == "statement"}


def test_a_five_year_block_runs_until_a_paragraph_opens_on_the_single_year():
    text = ("一、2030年和“十八五”时期工作回顾\n\n2030年，全市经济平稳运行。\n\n各位代表！2030年的目标全面完成。回望过去五年，我们攻坚克难。\n\n"
            "城乡面貌焕然一新。\n\n刚刚过去的2030年，我们稳住了增长。\n\n二、2031年工作安排\n\n今年要继续努力。\n")
    marked = periods_of(text)
    assert marked["2030年，"] is None
    assert marked["回望过去五年"] == Period(2026, 2030, "过去五年")
    assert marked["城乡面貌焕然"] == Period(2026, 2030, "过去五年")  # no cue of its own: still the period
    assert marked["刚刚过去的2"] is None
    assert "今年要继续努" not in marked or marked["今年要继续努"] is None  # a plan part has no period


def test_a_heading_that_names_a_plan_period_and_no_year_opens_one():
    marked = periods_of("一、“十三五”时期工作回顾\n\n我们办成了许多大事。\n")
    assert marked["我们办成了许"] == Period(2016, 2020, "“十三五”时期")


@pytest.mark.parametrize(("words", "year"), [
    ("一般公共预算收入从874.6亿元增加到1112.4亿元", 2020),    # the start of a span: the year before the period
    ("地区生产总值较“十三五”末的9323.1亿元增加4374亿元", 2020),
    ("常住人口城镇化率从2020年的53.2%提升到57.7%", 2020),     # a year written
    ("2020年到2025年，工业投资占比从17.9%提升到35.5%", 2020),  # the years of the span at the head of the sentence
])
def test_the_start_of_a_span_in_a_period(words, year):
    first = next(i for i, ch in enumerate(words) if ch.isdigit() and words[max(0, i - 1)] in "从的")
    assert result_year(words, first, "level", Period(2021, 2025, "五年来"), 2025) == year


def test_the_end_of_a_span_and_a_level_reached_are_the_periods_last_year():
    period = Period(2021, 2025, "五年来")
    text = "一般公共预算收入从874.6亿元增加到1112.4亿元，地区生产总值达到13697.5亿元"
    assert result_year(text, text.index("1112"), "level", period, 2025) == 2025
    assert result_year(text, text.index("13697"), "level", period, 2025) == 2025


def test_other_figures_of_a_period_are_of_no_single_year_unless_their_words_pin_one():
    period = Period(2021, 2025, "五年来")
    text = "改造老旧小区68.56万户，地区生产总值突破2万亿元，全年新增就业60万人，2025年接待游客5亿人次"
    assert result_year(text, text.index("68"), "level", period, 2025) is None
    assert result_year(text, text.index("突破"), "level", period, 2025) is None  # a threshold crossed in the period
    assert result_year(text, text.index("60万"), "level", period, 2025) == 2025  # 全年: the year under review
    assert result_year(text, text.index("5亿"), "level", period, 2025) == 2025


def test_outside_a_period_the_start_of_a_span_is_the_year_before():
    text = "研发经费投入强度由上年的2.6%提高到2.7%，比上年增长5%"
    assert result_year(text, text.index("2.6"), "level", None, 2025) == 2024
    assert result_year(text, text.index("2.7"), "level", None, 2025) == 2025
    assert result_year(text, text.index("增长"), "growth", None, 2025) == 2025  # 比上年增长: this year's growth
