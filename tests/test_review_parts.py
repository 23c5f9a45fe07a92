"""A part whose heading names neither a year nor a review still reviews the past year when it opens by looking
back (issue 27: Fujian's 2026 report heads its review `一、一年接着一年干，…`): its figures are results of the year
reviewed, and the part that plans keeps its targets."""

from __future__ import annotations

from pathlib import Path

from kg.extract.extractor import Extractor
from kg.extract.reports import ReportMeta

# Our own words, in the shape of a provincial report whose review part's heading names no year.
TEXT = """政府工作报告
——2031年1月20日在某省第十五届人民代表大会第三次会议上

一、稳扎稳打向前走，各项事业取得新成效
2030年是规划收官之年。一年来，我们坚持稳中求进。
初步统计，2030年全省地区生产总值5200亿元、增长5.2%，一般公共预算收入410亿元、增长2%。
（一）产业升级步伐加快。规模以上工业增加值增长6.1%。

二、2031年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业6万人以上。
"""


def kinds_and_years(reference, tmp_path, text):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    meta = ReportMeta(slug="r", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=None, plan_year=2031, review_year=2030, place="fujiansheng", language="zh")
    ex = Extractor(reference).extract(meta)
    return ex, {(f.text, f.kind, f.year) for g in ex.goals for f in g.figures}


def test_a_part_that_opens_by_looking_back_holds_results_of_the_year_reviewed(reference, tmp_path):
    ex, figures = kinds_and_years(reference, tmp_path, TEXT)
    assert [s.review for s in ex.sections] == [True, False]
    kinds = {(kind, year) for _t, kind, year in figures}
    assert kinds == {("result", 2030), ("target", 2031)}
    assert sum(1 for _t, kind, _y in figures if kind == "result") >= 4  # the GDP, the budget, the industry


def test_a_part_that_opens_with_anything_else_still_plans(reference, tmp_path):
    ex, figures = kinds_and_years(reference, tmp_path, TEXT.replace("2030年是规划收官之年。一年来，", "")
                                  .replace("初步统计，2030年全省", "全省"))
    assert [s.review for s in ex.sections] == [False, False]
    assert {kind for _t, kind, _y in figures} == {"target"}


def test_fujians_real_report_has_its_results_as_results(reference, tmp_path):
    real = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "provinces-2026" / "fujian-2026.txt"
    path = tmp_path / "fujian.txt"
    path.write_text(real.read_text(encoding="utf-8"), encoding="utf-8")
    meta = ReportMeta(slug="f", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=None, plan_year=2026, review_year=2025, place="fujiansheng", language="zh")
    ex = Extractor(reference).extract(meta)
    figures = [f for g in ex.goals for f in g.figures]
    results = [f for f in figures if f.kind == "result" and f.year == 2025]
    targets = [f for f in figures if f.kind == "target" and f.year == 2026]
    assert len(results) > 100 and len(targets) > 10  # 178 of 180 were 2026 targets before
    gdp = [f for f in results if f.text.startswith("60199.45")]
    assert gdp, "初步统计，2025年全省地区生产总值60199.45亿元 is a result of 2025"


def test_a_news_text_without_parts_reads_one_year_since_as_a_look_back(reference, tmp_path):
    """A news article carrying a report's opening has no headed parts: its paragraph opening on 一年来 (over the past
    year) holds results, in traditional characters as in simplified; the targets' paragraph stays targets."""
    text = ("記者報道，政府工作報告今天公布。\n\n一年來，全省經濟穩中有進。地區生產總值增長5.6%，總量達到8320億元。"
            "就業形勢平穩，城鎮新增就業41萬人。\n\n今年發展的主要預期目標是：地區生產總值增長5.5%左右。\n")
    _ex, found = kinds_and_years(reference, tmp_path, text)
    assert ("增长5.6%", "result", 2030) in found and ("8320亿元", "result", 2030) in found
    assert ("41万人", "result", 2030) in found
    assert ("增长5.5%左右", "target", 2031) in found
