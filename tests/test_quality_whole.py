"""Figures on whole reports (kg/extract/quality_whole.py, issue 28): every figure the extractor finds anywhere in a
text counts, right or wrong, against a gold that reads the whole text. Checked on a little report of our own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract import quality_whole

TEXT = """政府工作报告
——2031年1月20日在福建省第十五届人民代表大会第三次会议上
福建省人民政府省长 某某某
一、2030年工作回顾
过去一年，全省地区生产总值6200亿元、增长5.1%。
新建5G基站1.2万个，建成高速公路120公里。
二、2031年工作安排
今年主要预期目标是：地区生产总值增长5%左右。
"""
HEADER = "file\tanchor\tindicator\tyear\tkind\tvalue\tstatistic\tunit\twords\tnote\n"


def gold(*rows: tuple[str, ...]) -> str:
    return HEADER + "".join("\t".join(("fujian-2031.txt", *row)) + "\n" for row in rows)


@pytest.fixture
def little(tmp_path):
    (tmp_path / "corpus" / "provinces-2026").mkdir(parents=True)
    (tmp_path / "corpus" / "provinces-2026" / "fujian-2031.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold").mkdir()
    return tmp_path


def scored(reference, root: Path, text: str) -> quality_whole.TextScore:
    (root / "gold" / "fujian-2031.tsv").write_text(text, encoding="utf-8")
    [result] = quality_whole.score(root / "gold", root / "corpus", reference, data_reports=root / "none")
    return result


def test_every_figure_of_the_text_counts(reference, little):
    result = scored(reference, little, gold(
        ("过去一年，全省地区生产", "地区生产总值", "2030", "R", "620000000000", "level", "元", "6200亿元", ""),
        ("过去一年，全省地区生产", "地区生产总值", "2030", "R", "5.1", "growth", "%", "增长5.1%", ""),
        ("今年主要预期目标是：地区", "地区生产总值", "2031", "T", "5", "growth", "%", "增长5%左右", "左右"),
        ("新建5G基站1.2万个，", "5G基站|新建5G基站", "2030", "R", "12000", "count", "个", "1.2万个", "")))
    assert (result.level, result.split, len(result.gold), result.right) == ("province", "ours", 4, 4)
    # The motorway's 120 km is in no gold row: on a whole text, a figure found where the gold has none is wrong.
    assert [(f.indicator, f.value) for f in result.wrong] == [("高速公路", 120)]


def test_a_doubtful_row_counts_only_when_found(reference, little):
    result = scored(reference, little, gold(
        ("过去一年，全省地区生产", "地区生产总值", "2030", "R", "5.1", "growth", "%", "增长5.1%", "doubtful"),
        ("今年主要预期目标是：地区", "地区生产总值", "2031", "T", "7", "growth", "%", "增长7%", "doubtful: a misreading")))
    assert (len(result.gold), result.right, result.missed) == (1, 1, [])  # found: right; not found: no miss


def test_a_row_of_another_text_is_refused(reference, little):
    text = gold() + "other.txt\tx\t地区生产总值\t2030\tR\t1\tgrowth\t%\t增长1%\t\n"
    with pytest.raises(InputError, match="other.txt"):
        scored(reference, little, text)


# The whole-report gold read by hand (tests/quality/real/figures/), first scored on 2026-12-07 (tests/quality/README.md):
# (gold rows, recall, precision) per level. Raise as rules improve; a change that scores lower by more than SLACK fails.
LAST_MEASURED = {"county": (45, 0.956, 0.956), "nation": (124, 0.831, 0.880), "province": (102, 0.863, 0.871)}
SLACK = 0.02


def test_the_whole_reports_score_no_worse_than_last_measured(reference):
    from kg.extract.quality_real import tallies
    from kg.settings import PROJECT_ROOT

    gold_dir = Path(__file__).parent / "quality" / "real" / "figures"
    corpus = PROJECT_ROOT.parent / "shared" / "corpus"
    totals = tallies(quality_whole.score(gold_dir, corpus, reference, data_reports=PROJECT_ROOT / "data" / "reports"))
    for level, (rows, recall, precision) in LAST_MEASURED.items():  # rows: the sure ones and the doubtful found
        gold, found, right = totals[level]
        assert gold == rows
        assert right / gold >= recall - SLACK and right / found >= precision - SLACK, (level, gold, found, right)
