"""Years as the reports write them: in digits (`2025年`) or, in the State Council's older reports, in Chinese
numerals digit by digit (`一九五七年`, `二〇二二年`). One pattern for both, so that every rule that reads a year
reads either."""

from __future__ import annotations

import re

_HAN_DIGIT = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A year of the reports' range (1900–2099): four digits, or four Chinese numerals read digit by digit.
YEAR = r"(?:19|20)\d{2}|一九[〇○零一二三四五六七八九]{2}|二[〇○零][〇○零一二三四五六七八九]{2}"
_YEAR_WORD = re.compile(f"({YEAR})年")


def year_number(written: str) -> int:
    """'2025' → 2025, '一九五七' → 1957, '二〇二二' → 2022."""
    if written.isdigit():
        return int(written)
    return int("".join(str(_HAN_DIGIT[c]) for c in written))


def years_in(text: str) -> list[int]:
    """Every year written with 年 in `text`, in order."""
    return [year_number(m.group(1)) for m in _YEAR_WORD.finditer(text)]
