"""Five-year blocks of a review: which statements speak of the period, and the year each of their figures is of."""

from pathlib import Path

import pytest

from kg.extract.periods import (
    Period,
    mark_periods,
    mark_plan_periods,
    over_years,
    plan_years,
    result_year,
    starts_a_span,
    target_year,
)
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
    text = ("一、2030年和“十五五”时期工作回顾\n\n2030年，全市经济平稳运行。\n\n各位代表！2030年的目标全面完成。回望过去五年，我们攻坚克难。\n\n"
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
    marked = periods_of("一、过去五年工作回顾\n\n——经济跨上新台阶。\n")
    assert marked["——经济跨上"] == Period(2026, 2030, "过去五年")


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


def test_a_span_without_years_after_one_with_them_starts_in_the_same_year():
    text = "博物馆由2020年的120座增加到2025年的160座，参观人数由800万人次增加到1500万人次"
    assert result_year(text, text.index("800"), "level", None, 2025) == 2020
    assert result_year(text, text.index("800"), "level", Period(2021, 2025, "五年来"), 2025, headline=False) is None


def test_a_span_of_growth_rates_starts_in_the_year_before():
    text = "出口增长幅度由上年的20%回落到12%"
    assert result_year(text, text.index("20"), "growth", None, 2030) == 2029
    assert result_year(text, text.index("12"), "growth", None, 2030) == 2030


def test_the_year_of_a_spans_start_is_not_its_ends():
    from kg.extract.periods import since_last_value

    assert since_last_value("城镇化率由2020年的61.2%提高到") == "%提高到"
    assert since_last_value("城镇化率由2020年的") == "城镇化率由2020年的"  # a year is no value
    assert since_last_value("2000年分别达到2253元和") == "2000年分别达到2253元和"  # the list's year is its items
    text = "城镇化率由2020年的61.2%提高到65.1%"
    assert result_year(text, text.index("65.1"), "level", Period(2021, 2025, "五年来"), 2025) == 2025


def test_in_a_part_that_plans_only_the_paragraph_that_looks_back_is_of_the_past():
    text = ("一、2030年工作回顾\n\n全年经济平稳。\n\n二、2031年的工作\n\n2031年是开局之年。过去一年，我们取得了很大成绩。\n\n"
            "今年的主要预期目标是：增长5%左右。\n\n“十五五”时期，我们办成了许多大事。\n\n“十六五”时期要继续奋斗。\n")
    o = outline(unwrap(read_text(text, Path("t.txt"))))
    o.sections[0].review = True
    marked = {i.unit.text[:6]: marked for i in o.items if i.role == "statement"
              for marked in [mark_periods(o.items, PERIOD, YEAR, 2030).get(i.index)]}
    assert marked["全年经济平稳"] is None  # the single year of a review part: no period
    assert marked["过去一年，我"] == Period(2030, 2030, "过去一年")  # looking back from a plan part: the year reviewed
    assert marked["今年的主要预"] is None  # the next paragraph plans again
    assert marked["“十五五”时"] == Period(2026, 2030, "“十五五”时期")
    assert marked["“十六五”时"] is None  # a plan period still to come


def figures_of(reference, tmp_path, text: str, plan_year: int = 2031) -> list:
    """The figures the extractor reads in `text`, given as 晋江市's report planning `plan_year`."""
    from kg.extract.extractor import Extractor
    from kg.extract.reports import ReportMeta

    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    meta = ReportMeta(slug="r", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=None, plan_year=plan_year, review_year=plan_year - 1, place="jinjiangshi",
                      language="zh")
    return [f for g in Extractor(reference).extract(meta).goals for f in g.figures]


def test_looking_back_from_a_part_that_plans_makes_results_of_the_year_reviewed(reference, tmp_path):
    text = ("一、2031年的工作\n\n2031年是开局之年。过去一年，全市地区生产总值增长6.1%。\n\n"
            "今年的主要预期目标是：地区生产总值增长5%左右。\n")
    figures_in = figures_of(reference, tmp_path, text)
    figures = [(float(f.value), f.kind, f.year) for f in figures_in]
    assert figures == [(6.1, "result", 2030), (5, "target", 2031)]


def test_a_change_against_a_year_before_the_last_is_over_several_years():
    text = "国内生产总值达到20万亿元，比2025年增长60%，比上年增长8%，较2029年提高1个百分点"
    assert over_years(text, text.index("增长60"), 2030)
    assert not over_years(text, text.index("增长8"), 2030)
    assert not over_years(text, text.index("提高1"), 2030)  # against the year before: the year's own change


def test_a_headline_aggregate_stated_bare_in_a_period_block_is_the_level_the_period_ended_at(reference, tmp_path):
    """A term-end summary lists where the headline aggregates stand; a bare count there may be a sum over the
    period, and a threshold crossed is of no single year: neither is pinned."""
    text = ("一、过去五年工作回顾\n\n过去五年，我们砥砺前行。\n\n"
            "发展质量持续提升。全市生产总值3200亿元，一般公共预算总收入260亿元，城镇新增就业8万人，"
            "外贸进出口总额突破900亿元。\n\n二、2031年工作安排\n\n今年地区生产总值增长5%左右。\n")
    figures_in = figures_of(reference, tmp_path, text)
    figures = [(f.indicator, float(f.value), f.kind, f.year) for f in figures_in]
    years = {value: year for _name, value, kind, year in figures if kind == "result"}
    assert years[320_000_000_000] == 2030 and years[26_000_000_000] == 2030
    assert not any(f[1] in (80_000, 90_000_000_000) for f in figures)  # a possible sum, a threshold: no year


def test_in_a_period_only_a_headline_aggregate_is_pinned_without_a_year():
    """A span or a level reached in a five-year summary pins the period's ends for the headline aggregates only; a
    lesser indicator's needs a year written next to it."""
    period = Period(2021, 2025, "五年来")
    text = "高速公路通车里程由6000公里增加到8000公里，森林覆盖率达到60%，2025年末铁路营业里程达到4000公里"
    assert result_year(text, text.index("6000"), "level", period, 2025, headline=False) is None
    assert result_year(text, text.index("8000"), "level", period, 2025, headline=False) is None
    assert result_year(text, text.index("60%"), "level", period, 2025, headline=False) is None
    assert result_year(text, text.index("4000"), "level", period, 2025, headline=False) == 2025
    assert result_year(text, text.index("6000"), "level", Period(2025, 2025, "一年来"), 2025, headline=False) == 2024


def test_a_five_year_summary_keeps_the_headline_spans_and_leaves_the_others(reference, tmp_path):
    text = ("一、过去五年工作回顾\n\n过去五年，我们砥砺前行。\n\n"
            "全市生产总值由2100亿元增加到3200亿元，财政收入达到300亿元，高速公路通车里程由120公里增加到210公里。\n\n"
            "二、2031年工作安排\n\n今年地区生产总值增长5%左右。\n")
    figures_in = figures_of(reference, tmp_path, text)
    results = {float(f.value): f.year for f in figures_in if f.kind == "result"}
    assert results == {210_000_000_000: 2025, 320_000_000_000: 2030, 30_000_000_000: 2030}


def test_a_year_heading_a_sentence_pins_each_of_its_clauses_in_a_period():
    period = Period(2026, 2030, "五年来")
    text = "2030年进出口总额达900亿美元，其中出口520亿美元。2026年以来新增企业8万户"
    assert result_year(text, text.index("520"), "level", period, 2030, headline=False) == 2030
    assert result_year(text, text.index("8万"), "level", period, 2030, headline=False) is None  # a span's start


def test_a_year_heading_a_sentence_pins_its_clauses_after_a_semicolon_too():
    period = Period(2026, 2030, "五年来")
    text = "2030年，地区生产总值达到5000亿元；外汇收入超过80亿美元。森林覆盖率超过60%"
    assert result_year(text, text.index("80亿"), "level", period, 2030, headline=False) == 2030
    assert result_year(text, text.index("60%"), "level", period, 2030, headline=False) is None  # another sentence


def plan_periods_of(text: str, plan_year: int = 2031) -> dict[str, Period | None]:
    o = outline(unwrap(read_text(text, Path("t.txt"))))
    marked = mark_plan_periods(o.items, plan_year - 1, plan_year)
    return {i.unit.text[:6]: marked.get(i.index) for i in o.items if i.role == "statement"}


def test_a_plan_part_that_names_the_plan_opening_with_its_year_speaks_of_that_plan():
    text = ("一、“十六五”时期的奋斗目标\n\n我们要建成美好家园。\n\n——森林覆盖率达到40%。\n\n"
            "二、2031年工作安排\n\n今年的主要预期目标是：增长5%左右。\n")
    marked = plan_periods_of(text)
    assert marked["我们要建成美"] == Period(2031, 2035, "“十六五”时期")
    assert marked["——森林覆盖"] == Period(2031, 2035, "“十六五”时期")  # no cue of its own: still the plan
    assert marked["今年的主要预"] is None  # a part of the single year


def test_a_paragraph_that_opens_on_the_plan_ahead_or_the_next_five_years_opens_one_until_the_single_year():
    text = ("一、政府工作安排\n\n今后五年，城镇化率提高到70%。\n\n全市要继续努力。\n\n今年要抓好六个方面。\n\n"
            "“十六五”时期，人均寿命达到82岁。\n\n2031年要稳住增长。\n")
    marked = plan_periods_of(text)
    assert marked["今后五年，城"] == Period(2031, 2035, "今后五年")
    assert marked["全市要继续努"] == Period(2031, 2035, "今后五年")
    assert marked["今年要抓好六"] is None
    assert marked["“十六五”时"] == Period(2031, 2035, "“十六五”时期")
    assert marked["2031年要"] is None


def test_a_plan_under_way_or_past_opens_no_block_ahead():
    # the plan opened two years before: its targets are not of the year planned, nor read as its end's here
    assert plan_periods_of("一、政府工作安排\n\n“十六五”时期，人均寿命达到82岁。\n", plan_year=2033) == {"“十六五”时": None}
    assert plan_periods_of("一、“十五五”时期工作回顾\n\n我们办成了许多大事。\n") == {"我们办成了许": None}


@pytest.mark.parametrize(("words", "year"), [
    ("常住人口城镇化率达到68%左右", 2035),        # a level reached: the plan's last year
    ("粮食产能提高到900亿斤", 2035),
    ("数字经济占地区生产总值比重12%", 2035),      # a share named bare
    ("城镇新增就业300万人以上", None),            # a sum of the five years
    ("研发经费投入年均增长9%", None),             # a growth over the period
    ("建成30个产业集群", None),                   # a count of things to do
    ("科技企业达到3000家", 2035),
])
def test_a_target_of_the_plan_ahead_is_of_its_last_year_when_its_words_say_a_level(words, year):
    at = next(i for i, ch in enumerate(words) if ch.isdigit())
    statistic = "growth" if "增长" in words else "level"
    unit = "percent" if words.endswith(("%", "%左右")) else "x"
    assert target_year(words, at, statistic, unit, Period(2031, 2035, "“十六五”时期")) == year


def test_the_targets_of_the_plan_ahead_are_read_for_its_last_year(reference, tmp_path):
    text = ("一、“十六五”时期主要目标\n\n——城乡融合发展。常住人口城镇化率达到68%左右，城镇新增就业300万人以上，"
            "到2033年森林覆盖率达到30%。\n\n二、2031年重点工作\n\n今年的主要预期目标是：城镇新增就业60万人。\n")
    figures = [(float(f.value), f.kind, f.year) for f in figures_of(reference, tmp_path, text)]
    assert figures == [(68, "target", 2035), (30, "target", 2033), (600000, "target", 2031)]


def test_a_statement_on_what_the_plan_under_way_lays_down_opens_it_for_the_rest_of_its_paragraph():
    text = ("一、政府工作安排\n\n发展速度要适当。第八个五年计划规定，城市自来水普及率达到九成。其中，集中供热面积要增加。"
            "\n\n今年要抓好农业。\n\n“十一五”规划要求继续改革。\n")
    marked = plan_periods_of(text, plan_year=1993)  # the 八五 plan, 1991–1995, under way
    assert marked["发展速度要适"] is None  # before it, of the year planned
    assert marked["第八个五年计"] == Period(1991, 1995, "第八个五年计划规定")
    assert marked["其中，集中供"] == Period(1991, 1995, "第八个五年计划规定")
    assert marked["今年要抓好农"] is None  # the next paragraph
    assert plan_periods_of(text, plan_year=1991)["第八个五年计"] == Period(1991, 1995, "第八个五年计划规定")  # opening
    assert plan_periods_of(text, plan_year=1996)["第八个五年计"] is None  # a plan past


def test_the_figures_of_the_plan_under_way_are_read_for_its_last_year_or_left_out(reference, tmp_path):
    text = ("一、一九九三年的任务\n\n第八个五年计划规定，钢铁工业投资总额为八百亿元。其中，钢材产量由五千万吨增加到六千万吨，"
            "平均每年增长百分之四。\n\n今年钢材产量要增长百分之三。\n")
    figures = [(f.indicator, float(f.value), f.kind, f.year) for f in figures_of(reference, tmp_path, text, plan_year=1993)]
    assert figures == [("钢材产量", 60_000_000, "target", 1995), ("钢材产量", 3, "target", 1993)]


@pytest.mark.parametrize(("words", "number", "starts"), [
    ("把小型农机购置补贴比例从40%提高到55%", "40", True),    # today's value, where the change starts
    ("把小型农机购置补贴比例从40%提高到55%", "55", False),  # the target
    ("对物流企业现行12%的费率下调至8%", "12", True),             # the rate in force now
    ("对物流企业现行12%的费率下调至8%", "8", False),
    ("现行补贴标准为12%", "12", False),                                # in force, and no change after it
    ("村医每月补助提高到950元", "950", False),
])
def test_where_a_change_starts(words, number, starts):
    assert starts_a_span(words, words.index(number)) is starts
