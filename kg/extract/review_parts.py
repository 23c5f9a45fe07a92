"""Which parts of a report review the past rather than plan: read from how a part opens when its heading does not
say (`一、一年接着一年干，…取得新进展新成效`), else from the years it writes.

A report reviews before it plans, and a review part opens by looking back: `过去一年`, `一年来`, `五年来`,
`初步统计`, or the year under review introduced (`2025年是“十四五”收官之年`, `2025年，…`). The words are the
genre's (data/reference/phrases.yaml `review_openings`); the year is the report's own review year. The older
reports head their parts with a theme (`一、伟大的历史性转变`) and open them in their own words; there a part that
writes past years (一九七七年, 去年) and hardly the year planned or later (今年, 到一九八五年) reviews.
"""

from __future__ import annotations

import re

from kg.extract import layout
from kg.extract.segment import Item, Section
from kg.extract.years import YEAR, year_number

OPENING_ITEMS = 3  # a part's first statements: where a review says what it reviews
OPENING_CHARS = 40  # of each, the words that set the scene
PAST_YEARS = 4  # a part writing at least this many past years ...
PAST_SHARE = 3  # ... and this many times as many as the years planned or later reviews
_YEAR = re.compile(f"({YEAR})年")
_PAST_WORDS = re.compile("去年|上年")
_PLAN_WORDS = re.compile("今年|明年")
_PLAN_TITLE = re.compile("今年|明年|今后|未来")


def mark_review_parts(sections: list[Section], items: list[Item], openings: list[str], review_year: int) -> list[str]:
    """Set `review` on each headed part whose opening looks back; return, for each part so marked, the words
    that decided it."""
    decided: list[str] = []
    year_words = (f"{review_year}年是", f"{review_year}年，", f"{review_year}年,")
    for section in sections:
        if section.review or (section.year is not None):
            continue  # the heading already says (a review word, or the year it names)
        opening = [i.unit.text[:OPENING_CHARS] for i in items
                   if i.section is section and i.role in ("statement", "theme")][:OPENING_ITEMS]
        cue = next((c for text in opening for c in (*openings, *year_words) if c in text), None)
        if cue is not None:
            section.review = True
            decided.append(f"part {section.number} ({section.title}) reviews {review_year}: it opens with “{cue}”")
            continue
        if layout.PLAN_HEADING_WORDS.search(section.title) or _PLAN_TITLE.search(section.title):
            continue  # '二、今后的任务': a plan's heading, whatever years its reasons recall
        past, ahead = _years_written([i.unit.text for i in items if i.section is section and i.role in ("statement", "theme")],
                                     review_year)
        if past >= PAST_YEARS and past >= PAST_SHARE * ahead:
            section.review = True
            decided.append(f"part {section.number} ({section.title}) reviews: it writes {past} past years, {ahead} ahead")
    return decided


def _years_written(texts: list[str], review_year: int) -> tuple[int, int]:
    """How many times the texts write a year up to `review_year` (or 去年), and the year after it or later (or 今年)."""
    past = ahead = 0
    for text in texts:
        for m in _YEAR.finditer(text):
            if year_number(m.group(1)) <= review_year:
                past += 1
            else:
                ahead += 1
        past += len(_PAST_WORDS.findall(text))
        ahead += len(_PLAN_WORDS.findall(text))
    return past, ahead
