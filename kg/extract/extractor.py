"""Extract one report: read → unwrap → segment → recognise → decide kinds → records with source spans."""

from __future__ import annotations

import re

from kg.errors import InputError
from kg.extract import layout
from kg.extract.kinds import Candidate, cue_vote, decide
from kg.extract.model import FigureRecord, GoalRecord, ProjectRecord, ReportExtraction, SectionRecord, Span
from kg.extract.read import read_report
from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.recognise.industries import find_industries
from kg.extract.recognise.places import figure_place, find_places
from kg.extract.recognise.projects import ProjectRecogniser
from kg.extract.recognise.specialities import find_specialities
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta
from kg.extract.segment import Item, outline
from kg.extract.unwrap import Unit, unwrap

_YEAR = re.compile(r"(?:到|至|在)?(20\d{2})年")


class Extractor:
    def __init__(self, ref: Reference):
        self.ref = ref
        self.figures = FigureRecogniser(ref)
        self.projects = ProjectRecogniser(ref)
        self.review_cues = list(ref.phrases["review_cues"])
        self.target_cues = list(ref.phrases["target_cues"])
        self.estimate_cues = list(ref.phrases["estimate_cues"])

    def extract(self, meta: ReportMeta) -> ReportExtraction:
        source = read_report(meta.path)
        units = unwrap(source)
        out = outline(units)
        if not out.statements() and not any(i.role == "loose" for i in out.items):
            raise InputError("no statements found: the file holds no text a report would have", file=meta.path)
        sections = [SectionRecord(s.key, s.title, s.number, s.printed, s.review, _span(s.unit, 0, len(s.unit.text)),
                                  s.reading_order) for s in out.sections]
        goals: list[GoalRecord] = []
        loose: list[tuple[Item, list]] = []
        for item in out.items:
            if item.role in ("statement", "theme"):
                review = bool(item.section and item.section.review)
                kind = "result" if review else "target"
                goals.append(self._goal(meta, item, kind))
            elif item.role == "loose":
                loose.append((item, self.figures.find(item.unit.text)))
        goals.extend(self._loose_goals(meta, loose))
        goals.sort(key=lambda g: g.reading_order)
        if not goals:
            raise InputError("no goals found: no list item, numbered item or figure was recognised", file=meta.path)
        return ReportExtraction(meta, source, out, sections, goals)

    def _loose_goals(self, meta: ReportMeta, loose: list[tuple[Item, list]]) -> list[GoalRecord]:
        """Statements outside the sections: bulleted items, and lines with a figure or a cue of a result."""
        candidates: list[Candidate] = []
        chosen: dict[int, Item] = {}
        for item, figs in loose:
            unit = item.unit
            vote = cue_vote(unit.text, self.review_cues, self.target_cues)
            if unit.marker is None and (layout.BOX_HEADING.search(unit.text) or (not figs and vote <= 0)):
                continue
            candidates.append(Candidate(item.index, unit.marker.symbol if unit.marker else None, unit.frame_start, vote))
            chosen[item.index] = item
        kinds = decide(candidates)
        return [self._goal(meta, chosen[i], kinds[i]) for i in chosen]

    def _goal(self, meta: ReportMeta, item: Item, kind: str) -> GoalRecord:
        unit = item.unit
        text = unit.text
        year = meta.review_year if kind == "result" else meta.plan_year
        estimated = kind == "result" and any(c in text for c in self.estimate_cues)
        figs = self.figures.find(text)
        places = find_places(text, self.ref, meta.place)
        figure_records = []
        for f in figs:
            quals = list(f.qualifiers) + (["estimated"] if estimated else [])
            figure_records.append(FigureRecord(
                _span(unit, f.start, f.end), text[f.start:f.end], f.number_text, f.value, f.unit, f.statistic,
                quals, f.indicator, f.indicator_base, f.flow, kind, self._year_of(text, f.start, year),
                figure_place(text, f.start, places, meta.place, self.ref)))
        by_mention = {id(f): r for f, r in zip(figs, figure_records)}
        projects = [ProjectRecord(p.name, _span(unit, p.start, p.end), p.kind, p.places, p.industries, p.group,
                                  by_mention.get(id(p.figure)) if p.figure is not None else None)
                    for p in self.projects.find(text, figs, meta.place)]
        industries = find_industries(text, self.ref)
        specialities = [(s.place, s.industry, _span(unit, s.start, s.end)) for s in find_specialities(places, industries)]
        return GoalRecord(
            key=item.key, text=text, span=_span(unit, 0, len(text)), is_theme=item.role == "theme",
            section=item.section.key if item.section else None,
            theme=item.theme.key if (item.theme and item.role == "statement") else None,
            kind=kind, year=year, reading_order=item.index, marker=unit.marker.symbol if unit.marker else None,
            figures=figure_records, projects=projects,
            places=list(dict.fromkeys(p.slug for p in places if p.slug != meta.place)),
            industries=list(dict.fromkeys(i.slug for i in industries)), specialities=specialities)

    @staticmethod
    def _year_of(text: str, at: int, default: int) -> int:
        """A year written in the same clause before the figure ('到2027年……') overrides the statement's year."""
        clause_start = max(text.rfind(p, 0, at) for p in "，。；：") + 1
        years = _YEAR.findall(text[clause_start:at])
        return int(years[-1]) if years else default


def _span(unit: Unit, i: int, j: int) -> Span:
    start, end = unit.span_of(i, j)
    line = unit.first_line
    return Span(start, end, line)
