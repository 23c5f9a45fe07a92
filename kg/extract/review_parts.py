"""Which parts of a report review the past rather than plan: read from how a part opens when its heading does not
say (`一、一年接着一年干，…取得新进展新成效`).

A report reviews before it plans, and a review part opens by looking back: `过去一年`, `一年来`, `五年来`,
`初步统计`, or the year under review introduced (`2025年是“十四五”收官之年`, `2025年，…`). The words are the
genre's (data/reference/phrases.yaml `review_openings`); the year is the report's own review year.
"""

from __future__ import annotations

from kg.extract.segment import Item, Section

OPENING_ITEMS = 3  # a part's first statements: where a review says what it reviews
OPENING_CHARS = 40  # of each, the words that set the scene


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
    return decided
