"""What extraction produces for one report, before IRIs: plain records that `link` and `emit` consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.extract.read import SourceText
from kg.extract.reports import ReportMeta
from kg.extract.segment import Outline
from kg.extract.skipped import Skipped


@dataclass(frozen=True)
class Span:
    """A span of the original report file, in code points, with the line it starts on."""

    start: int
    end: int
    line: int


@dataclass
class FigureRecord:
    span: Span
    text: str  # the figure's words as normalised ('增长6%左右')
    number_text: str
    value: Decimal
    unit: str
    statistic: str
    qualifiers: list[str]
    indicator: str  # flow verb + base phrase
    indicator_base: str
    flow: str
    kind: str  # 'target' or 'result'
    year: int
    part_of: str = ""  # phrase of the total this figure's indicator is a part of ('其中……')
    place: str | None = None  # the place the figure is of, when the sentence names one other than the report's
    upper: Decimal | None = None  # a range's second bound (qualifier 'range'; `value` is the first)


@dataclass
class ProjectRecord:
    name: str
    span: Span
    kind: str  # 'named', 'programme', 'group', 'place-works'
    places: list[str]
    industries: list[str]
    group: str | None = None
    figure: FigureRecord | None = None


@dataclass
class LeftOutRecord:
    """A number read in a statement and kept as no figure, with why (issue 28: precision first, said)."""

    span: Span  # of the number and its unit
    text: str
    reason: str


@dataclass
class GoalRecord:
    key: str  # structural key within the report: 's04-t1-2', 'i14'
    text: str  # normalised statement text, marker removed
    span: Span
    is_theme: bool
    section: str | None  # section key
    theme: str | None  # theme key (for statements under a theme)
    kind: str  # 'target' or 'result'
    year: int
    reading_order: int
    marker: str | None
    figures: list[FigureRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # places mentioned (not the report's own county)
    industries: list[str] = field(default_factory=list)
    specialities: list[tuple[str, str, Span]] = field(default_factory=list)  # (place, industry, span)
    left_out: list[LeftOutRecord] = field(default_factory=list)  # numbers read and kept as no figure


@dataclass
class SectionRecord:
    key: str
    title: str
    number: int
    printed: bool
    review: bool
    span: Span
    reading_order: int


@dataclass
class ReportExtraction:
    meta: ReportMeta
    source: SourceText
    outline: Outline
    sections: list[SectionRecord]
    goals: list[GoalRecord]
    skipped: list[Skipped] = field(default_factory=list)  # statements whose extraction raised: left out, warned of
    seconds: float = 0.0  # how long its extraction took (a user adding a folder sees which report was slow)
    text_kind: str = ""  # formal, digest or news (kg/extract/text_kind.py)


def places_used(extractions: list[ReportExtraction]) -> set[str]:
    """Every place slug the records of these reports point at (reports' places, mentions, figures, projects)."""
    used: set[str] = set()
    for ex in extractions:
        used.add(ex.meta.place)
        for goal in ex.goals:
            used.update(goal.places)
            used.update(f.place for f in goal.figures if f.place)
            for rec in goal.projects:
                used.update(rec.places)
            used.update(place for place, _industry, _span in goal.specialities)
    return used
