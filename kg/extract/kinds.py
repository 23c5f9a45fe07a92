"""Target or result? Decide what kind of statement each goal is, and so which year its figures are about.

Statements inside a plan section are targets for the plan year; inside a review section, results for the
review year. Outside any section (the newspaper's boxes of headline figures and honours) a statement's own
cue words decide (位居, 入选, 预计 → result; 力争, 左右 → target); statements without cues take the majority
of the list they stand in, so '经营主体超31万户' among '跃居全国第3', '成功落地' ... is a result too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Candidate:
    index: int  # reading order of the unit
    marker: str | None
    frame_start: bool
    vote: int  # +1 result cue, -1 target cue, 0 none


def cue_vote(text: str, review_cues: list[str], target_cues: list[str]) -> int:
    review = any(c in text for c in review_cues)
    target = any(c in text for c in target_cues)
    return (1 if review else 0) - (1 if target else 0)


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
        majority = "result" if sum(c.vote for c in group) > 0 else "target"
        for c in group:
            kinds[c.index] = "result" if c.vote > 0 else "target" if c.vote < 0 else majority
    return kinds
