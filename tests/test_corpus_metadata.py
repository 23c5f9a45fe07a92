"""Every real report of ../shared/corpus/ says who gives it and which years it plans and reviews, with no option.

The table is read by hand from each text's dateline, session, headings or lead (not from what the code prints):
a national report is the State Council's (中国); a report given in November or December plans for the next year
(the national reports of 1964, 1980, 1981 and 1982, given at sessions of the National People's Congress that met
late in the year, review the year they were given in).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.metadata import read_facts, settle
from kg.extract.read import load_report, read_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NATIONAL_LATE = {1964: 1965, 1980: 1981, 1981: 1982, 1982: 1983}  # file year → plan year, for late sessions
NATIONAL_YEARS = [1954, 1955, 1956, 1957, 1958, 1959, 1960, 1964, 1975, 1978, 1979, 1980, 1981, 1982, 1983, 1984,
                  1985, 1986, 1987, 1988, 1992, 1993, 1994, 1995, *range(1997, 2020), 2021, 2022, 2023, 2024, 2025]
PROVINCES = {
    "anhui": "anhuisheng", "chongqing": "chongqingshi", "fujian": "fujiansheng", "gansu": "gansusheng",
    "guangdong": "guangdongsheng", "guangxi": "guangxizhuangzuzizhiqu", "guizhou": "guizhousheng",
    "hainan": "hainansheng", "hebei": "hebeisheng", "heilongjiang": "heilongjiangsheng", "henan": "henansheng",
    "hubei": "hubeisheng", "jiangsu": "jiangsusheng", "liaoning": "liaoningsheng", "qinghai": "qinghaisheng",
    "shaanxi": "shanxisheng-610000", "shandong": "shandongsheng", "shanghai": "shanghaishi", "tianjin": "tianjinshi",
    "xizang": "xizangzizhiqu", "zhejiang": "zhejiangsheng",
}
EXPECTED = {  # path under corpus/ → (place, plan year, review year)
    **{f"national/guowuyuan-{y}.txt": ("zhongguo", NATIONAL_LATE.get(y, y), NATIONAL_LATE.get(y, y) - 1)
       for y in NATIONAL_YEARS},
    **{f"provinces-2026/{name}-2026.txt": (slug, 2026, 2025) for name, slug in PROVINCES.items()},
    "ladder-fujian/guowuyuan-2026-news.txt": ("zhongguo", 2026, 2025),
    "ladder-fujian/guowuyuan-2026-news-zh-hant.txt": ("zhongguo", 2026, 2025),
    "ladder-fujian/fujian-2025-news.txt": ("fujiansheng", 2025, 2024),
    "ladder-fujian/quanzhou-2026-news.txt": ("quanzhoushi", 2026, 2025),
}


def test_the_table_covers_the_whole_corpus():
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.txt")}
    assert on_disk == set(EXPECTED) and len(EXPECTED) == 77


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_report_names_its_government_and_years(reference, name):
    path = CORPUS / name
    facts = read_facts(read_text(load_report(path).text, path), reference.gazetteer, reference.congress)
    settled = settle(facts, reference.gazetteer)
    assert (settled.place, settled.plan_year, settled.review_year) == EXPECTED[name], settled.reasons
    assert all(" — " in line for line in settled.reasons[:3])  # place and years each say where they came from
