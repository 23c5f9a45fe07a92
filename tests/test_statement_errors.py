"""Never a traceback, never a lost report (issue 27): a statement that breaks extraction is skipped with a warning
naming it, the rest of the report goes in; ranks read 'respectively' no longer break it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract.extractor import Extractor
from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.reports import ReportMeta


@pytest.fixture(scope="module")
def extractor(reference) -> Extractor:
    return Extractor(reference)


def meta_for(path: Path, place: str = "jinjiangshi", plan_year: int = 2031) -> ReportMeta:
    return ReportMeta(f"{place}-{plan_year}", path, path.with_suffix(".meta.yaml"), "t", "t", "", "", None,
                      plan_year, plan_year - 1, place, "zh")


# -- Ranks read 'respectively' (shaanxi-2026: '省属企业营收和利润分别居全国第5、第6位' raised KeyError: 'rank')


def test_ranks_respectively_are_one_rank_per_subject(reference):
    found = FigureRecogniser(reference).find("市属国企营收和净利润分别居全省第3、第7位，新落地项目12个")
    ranks = [(f.indicator, f.value, f.unit, f.statistic) for f in found if f.statistic == "rank"]
    assert ranks == [("市属国企营收", Decimal(3), "rank", "rank"), ("净利润", Decimal(7), "rank", "rank")]


def test_ranks_respectively_keep_their_scope_in_the_span(reference):
    text = "工业投资和技改投资分别居全国第二、第四位"
    spans = [text[f.start:f.end] for f in FigureRecogniser(reference).find(text)]
    assert spans == ["全国第二", "第四位"]


def test_report_with_ranks_respectively_is_extracted(extractor, tmp_path):
    path = tmp_path / "ranks.txt"
    path.write_text("一、2030年工作回顾\n"
                    "深化国资国企改革，市属国企营收和净利润分别居全省第3、第7位，新落地合作项目12个。\n"
                    "二、2031年工作安排\n"
                    "地区生产总值增长6%左右。\n", encoding="utf-8")
    out = extractor.extract(meta_for(path))
    ranks = [(f.indicator_base, f.value, f.kind) for g in out.goals for f in g.figures if f.statistic == "rank"]
    assert ranks == [("市属国企营收", Decimal(3), "result"), ("净利润", Decimal(7), "result")]
