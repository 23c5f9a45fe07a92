"""Years written in digits or in Chinese numerals, and the parts of the older national reports they date."""

from pathlib import Path

import pytest

from kg.extract.read import read_text
from kg.extract.segment import outline
from kg.extract.unwrap import unwrap
from kg.extract.years import year_number, years_in


@pytest.mark.parametrize(("written", "year"), [("2025", 2025), ("一九五七", 1957), ("二〇二二", 2022), ("一九八〇", 1980),
                                              ("二零零三", 2003)])
def test_a_year_in_digits_or_in_numerals(written, year):
    assert year_number(written) == year


def test_years_in_a_text():
    assert years_in("一九五七年比一九五二年增长一倍多，2025年") == [1957, 1952, 2025]
    assert years_in("第十五年，五年来") == []  # no four-digit year


def test_a_theme_names_the_year_it_reviews(reference, tmp_path):
    from kg.extract.extractor import Extractor
    from kg.extract.reports import ReportMeta

    text = ("各位代表：\n\n（一）一九六〇年经济战线上的胜利\n\n　　一九六〇年，全国粮食产量达到三亿吨。\n\n"
            "（二）一九六一年国民经济计划\n\n　　一九六一年，粮食产量计划达到三亿二千万吨。\n")
    o = outline(unwrap(read_text(text, Path("t.txt"))))
    assert [t.year for t in o.themes] == [1960, 1961]
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    meta = ReportMeta(slug="r", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=None, plan_year=1961, review_year=1960, place="zhongguo", language="zh")
    figures = [(f.kind, f.year) for g in Extractor(reference).extract(meta).goals for f in g.figures]
    assert figures == [("result", 1960), ("target", 1961)]
