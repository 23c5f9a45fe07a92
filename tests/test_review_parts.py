"""Which parts review (kg/extract/review_parts.py): by how a part opens when its heading does not say, else, in the
older reports whose parts are headed by a theme, by the years the part writes."""

from __future__ import annotations

from pathlib import Path

from kg.extract.read import read_text
from kg.extract.review_parts import mark_review_parts
from kg.extract.segment import outline
from kg.extract.unwrap import unwrap

OPENINGS = ["过去一年", "一年来", "五年来"]


def parts(text: str, review_year: int) -> dict[str, bool]:
    o = outline(unwrap(read_text(text, Path("t.txt"))))
    mark_review_parts(o.sections, o.items, OPENINGS, review_year)
    return {s.title: s.review for s in o.sections}


def test_a_part_opening_on_a_look_back_reviews():
    got = parts("一、奋力拼搏\n\n一年来，全市经济平稳运行。\n\n二、明确任务\n\n今年要继续努力。\n", 2030)
    assert got == {"奋力拼搏": True, "明确任务": False}


def test_a_part_headed_by_a_theme_reviews_when_it_writes_past_years_and_hardly_the_year_planned():
    text = ("一、胜利的两年\n\n一九七七年粮食增产。\n\n一九七八年工业总产值又有增长，去年钢产量大增。\n\n"
            "同一九七六年相比，煤产量也增加了。\n\n二、今后的任务\n\n今年要增产粮食，今年的基本建设要压缩。\n\n"
            "到一九八五年，钢产量要翻一番，去年的经验要总结。\n")
    assert parts(text, 1978) == {"胜利的两年": True, "今后的任务": False}


def test_a_part_writing_past_years_beside_as_many_ahead_is_not_decided_by_them():
    text = "一、若干问题\n\n去年和一九七七年的情况不同。\n\n今年和明年要抓紧，到一九八五年完成。\n\n一九七六年的教训。\n"
    assert parts(text, 1978) == {"若干问题": False}


def test_a_part_whose_heading_plans_is_not_voted_a_review_by_the_years_its_reasons_recall():
    text = ("一、关于今后的建设\n\n一九八二年粮食增产。\n\n一九八一年和一九八○年工业增长，去年钢产量大增。\n\n"
            "一九七九年的教训要记取。\n")
    assert parts(text, 1982) == {"关于今后的建设": False}
