"""Fuzz (issue 27): whatever a file's header says — forms of governments, sessions, dates and years mixed at
random, broken over lines, with nonsense numbers — reading what a report says of itself gives a settled record or
an InputError naming what is missing, never another exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract.metadata import read_facts, settle
from kg.extract.read import read_text

# Pieces of the forms a report introduces itself with, and numbers of every size, our own words.
PIECES = ["政府工作报告", "人民政府", "市长", "省长", "县长", "主席", "国务院总理", "代表国务院", "我代表国务院",
          "第十四届", "十四届", "届", "全国人民代表大会", "全国人大", "人民代表大会", "人大", "第二次会议", "四次会议",
          "会议上", "开幕", "本报讯", "（记者 某某）", "电", "讯", "年", "月", "日", "上午", "——", "工作回顾", "回顾",
          "主要预期目标", "工作安排", "预计", "一、", "二、", "过去一年", "各位代表：", "国务院决定", "晋江市", "福建省",
          "中国", "鼓楼区", "广东省", "某某某", "一九五八", "二〇二六", "十二", "三十", "十十", "二十十", "一百", "〇", "0", "13", "32", "99",
          "2026", "1949", "2201", "9999", "，", "。", "\n", " ", "（", "）"]
header = st.lists(st.one_of(st.sampled_from(PIECES), st.integers(0, 99999).map(str)), max_size=40).map("".join)


def test_misprinted_numerals_are_no_numbers(reference):
    for text in ("我代表国务院向第十十届全国人民代表大会第二次会议作报告", "（二〇二六年十十月三十三日）",
                 "我代表国务院向第五届全国人民代表大会第十二十次会议作报告"):
        facts = read_facts(read_text(text, Path("r.txt")), reference.gazetteer, reference.congress)
        assert facts.delivered is None  # neither a session nor a date of them


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=header)
def test_any_header_is_read_or_refused_with_a_reason(reference, text):
    source = read_text(text, Path("r.txt"))
    facts = read_facts(source, reference.gazetteer, reference.congress)
    try:
        settled = settle(facts, reference.gazetteer)
    except InputError as exc:
        assert exc.message  # says what cannot be told, or why
        return
    assert settled.place in reference.gazetteer.places and settled.review_year < settled.plan_year
