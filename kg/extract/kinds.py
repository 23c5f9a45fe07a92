"""Target or result? Decide what kind of statement each goal is, and so which year its figures are about.

Statements inside a plan section are targets for the plan year; inside a review section, results for the
review year. Outside any section (the newspaper's boxes of headline figures and honours, the paragraphs of a
news article) a statement's own cue words decide (位居, 入选, 预计 → result; 力争, 左右 → target), then a year
it names ('初步预计，2022年……' of a 2023 report → result; '到2025年' → target); a sentence without either
takes the kind of the sentence before it in the same paragraph; then the majority of the list it stands in, so
'经营主体超31万户' among '跃居全国第3', '成功落地' ... is a result too; then the label of the box it follows
('2022年成绩单', '数说2023', '2023年主要预期目标').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.years import YEAR, year_number

_YEAR = re.compile(f"(到|至)?({YEAR})年")


@dataclass
class Candidate:
    index: int  # reading order of the unit
    marker: str | None
    frame_start: bool
    vote: int  # +1 result cue, -1 target cue, 0 none
    inherited: int = 0  # the vote of the sentence before it in the same paragraph
    label: int = 0  # the vote of the box label the list follows


def cue_vote(text: str, review_cues: list[str], target_cues: list[str]) -> int:
    review = any(c in text for c in review_cues)
    target = any(c in text for c in target_cues)
    return (1 if review else 0) - (1 if target else 0)


def year_vote(text: str, plan_year: int, review_year: int) -> int:
    """+1 when the first year named is the year under review or before it, -1 for the plan year, later ones or
    '到2025年'; 0 when no year is named."""
    m = _YEAR.search(text)
    if m is None:
        return 0
    year = year_number(m.group(2))
    if m.group(1) or year >= plan_year:
        return -1
    return 1 if year <= review_year else 0


def statement_vote(text: str, review_cues: list[str], target_cues: list[str], plan_year: int,
                   review_year: int) -> int:
    return cue_vote(text, review_cues, target_cues) or year_vote(text, plan_year, review_year)


def lists_of(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Consecutive candidates with the same marker form a list; a gap, a marker change or a new frame ends it."""
    out: list[list[Candidate]] = []
    for c in candidates:
        prev = out[-1][-1] if out else None
        if prev is not None and c.index == prev.index + 1 and c.marker == prev.marker and not c.frame_start:
            out[-1].append(c)
        else:
            out.append([c])
    return out


def decide(candidates: list[Candidate]) -> dict[int, str]:
    """'result' or 'target' for each candidate's index."""
    kinds: dict[int, str] = {}
    for group in lists_of(candidates):
        total = sum(c.vote for c in group)
        for c in group:
            vote = c.vote or c.inherited or total or c.label
            kinds[c.index] = "result" if vote > 0 else "target"
    return kinds
