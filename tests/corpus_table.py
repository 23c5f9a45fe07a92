"""The real reports of ../shared/corpus/ and what each says of itself, read by hand from each text's dateline,
session, headings or lead (not from what the code prints): a national report is the State Council's (中国); a
report given in November or December plans for the next year (the national reports of 1964, 1980, 1981 and 1982,
given at sessions of the National People's Congress that met late in the year, review the year they were given in).
"""

from __future__ import annotations

from pathlib import Path

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
