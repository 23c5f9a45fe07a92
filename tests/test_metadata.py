"""What a report says of itself (kg/extract/metadata.py): its government, date and years, and the words for each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FIXTURES

from kg.errors import InputError
from kg.extract.metadata import read_facts, settle
from kg.extract.read import read_report, read_text

META = FIXTURES / "meta"


def facts_of(reference, text: str):
    return read_facts(read_text(text, Path("report.txt")), reference.gazetteer)


@pytest.mark.parametrize("name, place, plan, review, delivered, words", [
    # A formal report of a county: the meeting line, the head of government, the sections' years.
    ("zhaoan-2023-formal.txt", "zhaoanxian", 2023, 2022, dt.date(2022, 12, 20), "诏安县人民政府县长"),
    # A news article in traditional characters: the congress it opened at, a dateline, 回顾/主要预期目标.
    ("shishi-2023-news-traditional.txt", "shishishi", 2023, 2022, dt.date(2023, 1, 5), "石狮市第十八届人民代表大会"),
    # A province's report.
    ("fujian-2023-province.txt", "fujiansheng", 2023, 2022, dt.date(2023, 1, 12), "福建省人民政府省长"),
    # A prefecture's, dated in Chinese numerals, whose review section names no year.
    ("zhangzhou-2023-chinese-date.txt", "zhangzhoushi", 2023, 2022, dt.date(2022, 12, 28), "漳州市人民政府市长"),
])
def test_a_report_introduces_itself(reference, name, place, plan, review, delivered, words):
    facts = read_facts(read_report(META / name), reference.gazetteer)
    assert facts.place.value == place and facts.place.words == words and facts.place.line
    assert (facts.plan_year.value, facts.review_year.value, facts.delivered.value) == (plan, review, delivered)


def test_the_real_news_digest_gives_its_date_and_so_its_years(reference):
    facts = read_facts(read_report(Path("data/reports/001_d3d386ef33043f5b.txt")), reference.gazetteer)
    assert facts.place.value == "jinjiangshi"
    assert facts.delivered.value == dt.date(2023, 12, 28)  # '2023年12月28日上午，……会议开幕'
    assert (facts.plan_year.value, facts.review_year.value) == (2024, 2023)  # delivered in December: next year's plan


def test_a_plan_achieved_is_no_plan_year(reference):
    facts = facts_of(reference, "晋江市人民政府市长\n一、过去一年工作回顾\n圆满完成2021年主要预期目标。\n二、2022年主要预期目标\n")
    assert facts.plan_year.value == 2022 and facts.review_year.value == 2021
    assert facts.review_year.line is None  # inferred, and says so
    assert "the year before the plan year" in facts.review_year.because()


def test_a_name_many_places_carry_needs_the_report_to_say_which(reference):
    alone = facts_of(reference, "鼓楼区人民政府区长\n一、2022年工作回顾\n")
    assert alone.place is None and "鼓楼区" in alone.ambiguous
    with pytest.raises(InputError, match="鼓楼区.*could be any of these; pass --place CODE"):
        settle(alone, reference.gazetteer)
    told = facts_of(reference, "鼓楼区人民政府区长\n福州市委、市政府的部署\n一、2022年工作回顾\n")
    assert told.place.value == reference.gazetteer.slug_of_code["350102000000"]


def test_options_win_and_what_nobody_gives_is_named(reference):
    facts = read_facts(read_report(META / "zhaoan-2023-formal.txt"), reference.gazetteer)
    chosen = settle(facts, reference.gazetteer, place="石狮市", year=2030)
    assert (chosen.place, chosen.plan_year, chosen.review_year) == ("shishishi", 2030, 2022)
    assert any("from --place; the text says 诏安县" in r for r in chosen.reasons)
    blank = facts_of(reference, "今年的工作很多。\n")
    with pytest.raises(InputError) as err:
        settle(blank, reference.gazetteer)
    assert "the reporting government" in err.value.message and "--place" in err.value.message
    assert "--year" in err.value.message and "--review-year" in err.value.message
    with pytest.raises(InputError, match="--year YEAR"):
        settle(blank, reference.gazetteer, place="350581")
    assert settle(blank, reference.gazetteer, place="350581", year=2024).review_year == 2023
    with pytest.raises(InputError, match="must come before the plan year"):
        settle(blank, reference.gazetteer, place="350581", year=2024, review_year=2024)
    with pytest.raises(InputError, match="no division of China"):
        settle(blank, reference.gazetteer, place="longshansi", year=2024)


def test_an_earlier_plan_named_in_the_body_is_not_the_plan_year(reference):
    body = "\n".join(["晋江市人民政府市长"] + ["各项工作稳步推进。"] * 45 + ["2022年政府工作报告确定的任务全面完成。"])
    facts = facts_of(reference, body)
    assert facts.plan_year is None  # nothing in the header dates the report; the body's 2022 plan is not this one
    dated = facts_of(reference, "晋江市2026年政府工作报告\n一、2025年工作回顾\n")
    assert (dated.plan_year.value, dated.plan_year.how) == (2026, "dated title")


# -- every level of government, years from structure (issue 27) ---------------------------------------------


def national(reference, text: str):
    return read_facts(read_text(text, Path("report.txt")), reference.gazetteer, reference.congress)


def test_the_state_council_reports_for_the_country_dated_by_its_session(reference):
    facts = national(reference, "各位代表：\n我代表国务院，向第二届全国人民代表大会第三次会议提出报告，请予审议。\n"
                                "一、过去一年的情况\n工业生产有所恢复。\n")
    assert facts.place.value == "zhongguo" and facts.place.how == "speaking for the State Council"
    assert facts.plan_year.value == 1962 and "term 2" in facts.plan_year.how  # the session met in 1962-03
    late = national(reference, "各位代表：\n现在，我代表国务院向第五届全国人民代表大会第四次会议作报告。\n")
    assert late.plan_year.value == 1982  # a session of November plans for the next year
    news = national(reference, "李强总理代表国务院在十四届全国人大四次会议上作报告。\n")
    assert (news.place.value, news.plan_year.value, news.review_year.value) == ("zhongguo", 2026, 2025)


def test_an_earlier_session_named_in_passing_does_not_date_the_report(reference):
    facts = national(reference, "各位代表：\n从第一届全国人民代表大会第三次会议闭幕以来，工作有了进展。\n我代表国务院作报告。\n")
    assert facts.plan_year is None


def test_a_province_signs_without_its_government_and_breaks_its_dateline(reference):
    facts = facts_of(reference, "政府工作报告\n——2031年1月20日在广东省第十五届\n人民代表大会第二次会议上\n"
                                "广东省省长 某某某\n各位代表：\n")
    assert facts.place.value == "guangdongsheng"
    assert facts.delivered.value == dt.date(2031, 1, 20) and facts.plan_year.value == 2031


def test_years_in_chinese_numerals_and_estimates_of_the_closing_year(reference):
    facts = national(reference, "各位代表：\n我代表国务院作报告。\n一、关于一九六三年的工作\n一九六二年农业有所增产。\n"
                     "一九六三年预计工业总产值比上年增长百分之八。\n" + "要继续努力。\n" * 30)
    assert facts.review_year.value == 1963 and facts.plan_year.value == 1964
    assert facts.review_year.how == "the latest year the first part gives estimates for"


def test_a_news_lead_estimating_the_year_closing_gives_the_years(reference):
    facts = facts_of(reference, "中新网泉州1月9日电 泉州市第十七届人民代表大会第六次会议9日开幕，泉州市市长某某作政府工作报告时"
                                "指出，2030年，泉州地区生产总值预计增长5%左右。\n")
    assert (facts.place.value, facts.review_year.value, facts.plan_year.value) == ("quanzhoushi", 2030, 2031)


def test_a_papers_own_report_and_the_short_congress_name_of_news(reference):
    facts = facts_of(reference, "本报讯（记者 林某 通讯员 陈某）1月8日上午，晋江市十九届人大二次会议开幕。市长某某作"
                                "报告指出，2031年全市地区生产总值预期增长6%。\n二、2031年主要预期目标\n")
    assert facts.place.value == "jinjiangshi" and facts.place.how.startswith("people's congress, as news name it")
    assert facts.plan_year.value == 2031 and facts.delivered.value == dt.date(2031, 1, 8)
    assert "本报讯" in facts.delivered.words


def test_a_lead_without_a_wire_dates_by_the_opening(reference):
    facts = facts_of(reference, "12月27日上午，石狮市第十九届人民代表大会第一次会议开幕。\n一、2032年工作回顾\n")
    assert facts.place.value == "shishishi" and facts.review_year.value == 2032
    assert facts.delivered.value == dt.date(2032, 12, 27)  # in December: the season of plan year 2033
