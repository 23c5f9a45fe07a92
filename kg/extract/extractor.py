"""Extract one report: read → unwrap → segment → recognise → decide kinds → records with source spans."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TypeVar

from kg.errors import InputError
from kg.extract import layout
from kg.extract.kinds import Candidate, decide, statement_vote
from kg.extract.model import (
    FigureRecord,
    GoalRecord,
    LeftOutRecord,
    ProjectRecord,
    ReportExtraction,
    SectionRecord,
    Span,
)
from kg.extract.periods import (
    Period,
    clause_start_of,
    compared_years,
    mark_periods,
    mark_plan_periods,
    over_years,
    result_year,
    since_last_value,
    starts_a_span,
    target_year,
)
from kg.extract.read import read_report
from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.recognise.industries import find_industries
from kg.extract.recognise.places import figure_place, find_places
from kg.extract.recognise.projects import ProjectRecogniser
from kg.extract.recognise.specialities import find_specialities
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta
from kg.extract.review_parts import mark_review_parts
from kg.extract.segment import Item, outline
from kg.extract.skipped import Skipped
from kg.extract.text_kind import detect as detect_text_kind
from kg.extract.unwrap import Unit, unwrap
from kg.extract.years import YEAR, year_number

# A year written in a clause; not the base of a comparison ('比2002年增长65.5%' is of the statement's year).
_YEAR = re.compile(f"(?:到|至|在)?(?<![比较])({YEAR})年")
_DEADLINE = re.compile(f"(?:到|至)({YEAR})年")
# A deadline heading a sentence ('到一九八五年，粮食产量达到…；棉花…；钢…'): the time of every item of its list.
_HEADING_DEADLINE = re.compile(f"[\\s　]*(?:到|至)({YEAR})年(?:底|末)?[，,]")
# After a year: the level a plan grows from ('在一九五四年的基数上'); before a figure: what is to be ('要', '将').
_BASE_OF_A_PLAN = re.compile(r"^(?:底|末)?的?(?:基数|基础|水平)")
_MODAL = re.compile(r"(?<![主重需必只])要|将(?!近)|拟|力争")
# A box label of a newspaper digest: a short line with no sentence in it, naming a year or a box ('2022年成绩单',
# '数说2023'); the paper's title printed right above it may have been joined to it.
_LABEL_YEAR = re.compile(r"(?:19|20)\d{2}")
# A review recalling a year's plan before what was done ('一九八一年计划为百分之三点七，实际达到百分之四点六').
_RECALLED_PLAN = re.compile(r"(?:原定|原)?计划(?:为|是)$")
# A clause of what was done or is expected, after the plan of its year ('…计划为…，实际达到…'): of the year before it.
_OUTCOME = ("实际", "预计")
# Why a figure recognised is not kept as one year's (the recogniser's own reasons are in kg.extract.recognise.figures).
OF_A_PERIOD = "a figure of a five-year period, not of one year"
WHERE_A_CHANGE_STARTS = "in a plan, the value a change starts from (today's, not a target)"
OVER_YEARS = "a change over several years"
LABEL_LENGTH = 24
_LABEL_TIME = re.compile(r"^(过去一年|去年|上年|今年|明年)[^，,]{0,8}$")

T = TypeVar("T")


class Extractor:
    def __init__(self, ref: Reference):
        self.ref = ref
        self.figures = FigureRecogniser(ref)
        self.projects = ProjectRecogniser(ref)
        self.review_cues = list(ref.phrases["review_cues"])
        self.target_cues = list(ref.phrases["target_cues"])
        self.estimate_cues = list(ref.phrases["estimate_cues"])
        self.period_end_levels = set(ref.phrases["period_end_levels"])
        self.period_end_names = set(ref.phrases["period_end_names"])

    def extract(self, meta: ReportMeta) -> ReportExtraction:
        if meta.place not in self.ref.place_by_slug:
            # A fault of the whole report, not of a statement: said once, not as a warning on every statement.
            raise InputError(f"place {meta.place!r} is neither a place of places.csv nor a division of divisions.csv",
                             file=meta.meta_path)
        source = read_report(meta.path)
        self._line_starts = [ln.start for ln in source.lines]
        units = unwrap(source)
        out = outline(units)
        if not out.statements() and not any(i.role == "loose" for i in out.items):
            raise InputError("no statements found: the file holds no text a report would have", file=meta.path)
        for s in out.sections:
            # A section is a review by its heading's words, or by the year it names ('一、2022年的工作').
            s.review = s.review or (s.year is not None and s.year < meta.plan_year)
        # ... or, its heading saying neither, by how it opens ('一年来', '2025年是…').
        mark_review_parts(out.sections, out.items, self.ref.phrases["review_openings"], meta.review_year)
        periods = mark_periods(out.items, self.ref.phrases["period_openings"], self.ref.phrases["year_openings"],
                               meta.review_year)
        ahead = mark_plan_periods(out.items, meta.review_year, meta.plan_year)
        sections = [SectionRecord(s.key, s.title, s.number, s.printed, s.review, self._span(s.unit, 0, len(s.unit.text)),
                                  s.reading_order) for s in out.sections]
        goals: list[GoalRecord | None] = []
        loose: list[tuple[Item, list]] = []
        skipped: dict[str, Skipped] = {}  # by the item's key
        for item in out.items:
            if item.role in ("statement", "theme"):
                review = bool(item.section and item.section.review)
                looking_back = periods.get(item.index)
                theme_year = item.theme.year if item.theme and not (item.section and item.section.year) else None
                # A theme of no reviewing part whose title names a year before the plan's reviews that year
                # ('（一）一九五七年经济战线上的胜利' of the 1958 report, whose themes are its only parts).
                reviewed = not review and theme_year is not None and theme_year < meta.plan_year
                kind = "result" if review or looking_back or reviewed else "target"
                # A plan part's paragraph that looks back is of the year reviewed, not of the year the part plans.
                year = item.section.year if item.section and (review or not looking_back) else None
                year = theme_year if reviewed or (theme_year and year is None and not looking_back) else year
                # A target of the plan period that opens with the year planned is of the period's last year.
                period = looking_back if kind == "result" else ahead.get(item.index)
                goals.append(self._guarded(meta, item, skipped, self._goal, meta, item, kind, year, period))
            elif item.role == "loose":
                figs = self._guarded(meta, item, skipped, self.figures.find, item.unit.text)
                if figs is not None:
                    loose.append((item, figs))
        goals.extend(self._loose_goals(meta, loose, skipped))
        kept = sorted((g for g in goals if g is not None), key=lambda g: g.reading_order)
        for goal in kept:
            if goal.theme in skipped:
                goal.theme = None  # its theme was skipped: a link to a theme not in the graph would be malformed
        if not kept:
            failed = f"; {len(skipped)} statement(s) skipped after an error, the first: " if skipped else ""
            first = next(iter(skipped.values())).text() if skipped else ""
            raise InputError("no goals found: no list item, numbered item or figure was recognised" + failed + first,
                             file=meta.path)
        return ReportExtraction(meta, source, out, sections, kept, list(skipped.values()),
                                text_kind=meta.text_kind or detect_text_kind(source.text))

    def _guarded(self, meta: ReportMeta, item: Item, skipped: dict[str, Skipped], make: Callable[..., T],
                 *args) -> T | None:
        """`make(*args)` for one statement. Whatever it raises (a bug of ours on words we did not foresee) skips that
        statement with a warning naming it; the report goes in with the rest. Exception only: an interrupt or
        running out of memory still stops the run."""
        try:
            return make(*args)
        except Exception as exc:
            skipped[item.key] = Skipped.of(meta.slug, str(meta.path), self._line_of(item), item.unit.text, exc)
            return None

    def _line_of(self, item: Item) -> int | None:
        try:
            return self._span(item.unit, 0, len(item.unit.text)).line
        except Exception:
            return None  # the warning must not fail in its turn: it names the file and the words without a line

    def _loose_goals(self, meta: ReportMeta, loose: list[tuple[Item, list]],
                     skipped: dict[str, Skipped]) -> list[GoalRecord | None]:
        """Statements outside the sections: bulleted items, and lines with a figure or a cue of a result."""
        candidates: list[Candidate] = []
        chosen: dict[int, Item] = {}
        paragraph_vote: dict[int, int] = {}
        label, last_index = 0, -2
        for item, figs in loose:
            unit = item.unit
            vote = statement_vote(unit.text, self.review_cues, self.target_cues, meta.plan_year, meta.review_year)
            inherited = paragraph_vote.get(item.paragraph, 0)
            if vote:
                paragraph_vote[item.paragraph] = vote
            if item.index != last_index + 1 or unit.frame_start:
                label = 0  # a label heads the list right after it only
            last_index = item.index
            if unit.marker is None and not figs and self._is_label(unit.text):
                label = vote or self._label_vote(unit.text, meta)
                continue
            if unit.marker is None and (not figs and vote <= 0):
                continue
            candidates.append(Candidate(item.index, unit.marker.symbol if unit.marker else None, unit.frame_start, vote,
                                        inherited, label))
            chosen[item.index] = item
        kinds = decide(candidates)
        return [self._guarded(meta, chosen[i], skipped, self._goal, meta, chosen[i], kinds[i]) for i in chosen]

    @staticmethod
    def _label_vote(text: str, meta: ReportMeta) -> int:
        """A label without cue words: its year ('数说2023': the year under review or the plan year) or its time
        word ('过去一年' +1, '今年' -1)."""
        years = [int(y) for y in _LABEL_YEAR.findall(text)]
        if years:
            return 1 if years[0] <= meta.review_year else -1 if years[0] >= meta.plan_year else 0
        time = _LABEL_TIME.match(text)
        if time is None:
            return 0
        return 1 if time.group(1) in ("过去一年", "去年", "上年") else -1

    def _period_end_level(self, text: str, f) -> bool:
        """In a five-year block, a headline aggregate named bare before its level, with no verb and no year
        ('综合实力稳步提升。生产总值6.66万亿元，财政总收入7019亿元'): the level the period ended at."""
        if f.statistic != "level" or "passed" in f.qualifiers:
            return False  # '突破2万亿元', '迈上6万亿元台阶': a threshold crossed during the period
        clause_start = max(text.rfind(p, 0, f.start) for p in "，。；：、") + 1
        return self._headline(self.figures.names.unscoped(text[clause_start:f.start].strip()))

    def _headline(self, name: str) -> bool:
        """A headline aggregate, whose level a five-year summary pins without a year (phrases.yaml)."""
        return name in self.period_end_names or self.ref.indicator_lexicon.lookup(name) in self.period_end_levels

    @staticmethod
    def _is_label(text: str) -> bool:
        if len(text) > LABEL_LENGTH or any(ch in layout.SENTENCE_END for ch in text):
            return False
        return bool(layout.BOX_HEADING.search(text) or _LABEL_YEAR.search(text) or _LABEL_TIME.match(text))

    def _goal(self, meta: ReportMeta, item: Item, kind: str, section_year: int | None = None,
              period: Period | None = None) -> GoalRecord:
        unit = item.unit
        text = unit.text
        year = section_year or (meta.review_year if kind == "result" else meta.plan_year)
        estimated = kind == "result" and any(c in text for c in self.estimate_cues)
        figs = self.figures.find(text)
        left_out = [LeftOutRecord(self._span(unit, n.start, n.end), text[n.start:n.end], n.reason)
                    for n in self.figures.left_out]
        places = find_places(text, self.ref, meta.place)
        figure_records = []
        kept = []

        def leave(f, reason: str) -> None:
            left_out.append(LeftOutRecord(self._span(unit, f.start, f.end), text[f.start:f.end], reason))

        for f in figs:
            fig_year = self._year_of(text, f.start, year)
            fig_kind = kind
            # '一九八一年比一九八○年，原煤增长…', '这两年中，钢产量由…': the sentence's heading, when the figure's
            # own clause writes no year
            compared = compared_years(text, f.start, fig_year) if self._year_of(text, f.start, 0) == 0 else None
            fig_year = compared.year if compared else fig_year
            past = self._past_year(text, f.start, meta.plan_year) if kind == "target" else None
            if kind == "target" and compared is not None and not compared.span and compared.year < meta.plan_year:
                past = compared.year  # a plan's statement comparing two past years: a result of the later
            if kind == "result" and _RECALLED_PLAN.search(text, clause_start_of(text, f.start), f.start):
                fig_kind = "target"  # '一九八一年计划为百分之三点七，实际达到…': a review recalls that year's plan
            if past is not None:
                # A plan's statement may give a past year's result, the year written in the figure's own clause
                # ('一九八一年比一九八○年增长百分之五点七'): a result of that year, not a target.
                fig_kind, fig_year = "result", past
                if compared is not None and f.statistic == "level" and starts_a_span(text, f.start):
                    fig_year = compared.base  # '1986年同1978年相比，…由3480亿元增加到…': the span starts in the base year
            if fig_kind == "target" and period is not None and self._year_of(text, f.start, 0) == 0:
                fig_year = target_year(text, f.start, f.statistic, f.unit, period)
                if fig_year is None:
                    leave(f, OF_A_PERIOD)
                    continue  # a figure of the plan period ahead, not of one year: not kept as one (precision first)
            if fig_kind == "target" and f.statistic == "level" and starts_a_span(text, f.start):
                leave(f, WHERE_A_CHANGE_STARTS)
                continue  # '从75%提高到100%': the value a target starts from is today's, not a target
            if f.statistic in ("growth", "change") and (over_years(text, f.start, fig_year)
                                                         or compared is not None and compared.base < fig_year - 1
                                                         or fig_kind == "target" and fig_year > meta.plan_year):
                leave(f, OVER_YEARS)
                continue  # a change over several years ('比2002年增长65.5%', a growth to a deadline after the year
                # planned): not the year's (precision first)
            if kind == "result":
                at = f.start if f.statistic != "rank" else max(text.rfind(c, f.start, f.end) for c in "第首")
                fig_year = result_year(text, at, f.statistic, period, fig_year, headline=self._headline(f.indicator),
                                       compared=compared)
                if fig_year is None and self._period_end_level(text, f):
                    fig_year = period.end
                if fig_year is None:
                    leave(f, OF_A_PERIOD)
                    continue  # a figure of a five-year period, not of one year: not kept as one (precision first)
            quals = list(f.qualifiers) + (["estimated"] if estimated or past is not None and self._estimated(text, f.start)
                                          else [])
            kept.append(f)
            figure_records.append(FigureRecord(
                self._span(unit, f.start, f.end), text[f.start:f.end], f.number_text, f.value, f.unit, f.statistic,
                quals, f.indicator, f.indicator_base, f.flow, fig_kind, fig_year, f.part_of,
                figure_place(text, f.start, places, meta.place, self.ref), f.upper))
        figs = kept
        by_mention = {id(f): r for f, r in zip(figs, figure_records)}
        projects = [ProjectRecord(p.name, self._span(unit, p.start, p.end), p.kind, p.places, p.industries, p.group,
                                  by_mention.get(id(p.figure)) if p.figure is not None else None)
                    for p in self.projects.find(text, figs, meta.place)]
        industries = find_industries(text, self.ref)
        specialities = [(s.place, s.industry, self._span(unit, s.start, s.end)) for s in find_specialities(places, industries)]
        return GoalRecord(
            key=item.key, text=text, span=self._span(unit, 0, len(text)), is_theme=item.role == "theme",
            section=item.section.key if item.section else None,
            theme=item.theme.key if (item.theme and item.role == "statement") else None,
            kind=kind, year=year, reading_order=item.index, marker=unit.marker.symbol if unit.marker else None,
            figures=figure_records, projects=projects,
            places=list(dict.fromkeys(p.slug for p in places if p.slug != meta.place)),
            industries=list(dict.fromkeys(i.slug for i in industries)), specialities=specialities,
            left_out=sorted(left_out, key=lambda r: r.span.start))

    def _past_year(self, text: str, at: int, plan_year: int) -> int | None:
        """The year before the plan's written as the time of the figure at `at`, in its own clause and with no target
        cue there ('一九八一年计划为…' is a past year's target, '到一九八五年' a deadline); None otherwise."""
        clause_start = clause_start_of(text, at)
        before = since_last_value(text[clause_start:at])
        written = list(_YEAR.finditer(before))
        if not written or written[-1].group(0)[0] in "到至" or any(c in before for c in self.target_cues) \
                or _BASE_OF_A_PLAN.search(before, written[-1].end()) or _MODAL.search(text[clause_start:at + 1]):
            return None  # '要在一九五四年的基数上增长…': a year the plan starts from
        found = year_number(written[-1].group(1))
        return found if found < plan_year else None

    def _estimated(self, text: str, at: int) -> bool:
        clause_start = clause_start_of(text, at)
        return any(c in text[clause_start:at] for c in self.estimate_cues)

    @staticmethod
    def _year_of(text: str, at: int, default: int) -> int:
        """A year written in the same clause before the figure overrides the statement's year, and so does a
        deadline earlier in the sentence ('到2025年，全省数字经济规模突破3万亿元')."""
        clause_start = clause_start_of(text, at)
        years = _YEAR.findall(since_last_value(text[clause_start:at]))
        if years:
            return year_number(years[-1])
        sentence_start = max(text.rfind(p, 0, at) for p in "。；！？") + 1
        if text.startswith(_OUTCOME, clause_start) and clause_start - 1 > sentence_start:
            previous = text[clause_start_of(text, clause_start - 1):clause_start]
            before = _YEAR.findall(previous) if "计划" in previous else []
            if before:
                return year_number(before[-1])  # '一九八一年计划为…，实际达到…': the outcome of that year's plan
        deadline = _DEADLINE.findall(text[sentence_start:at])
        if deadline:
            return year_number(deadline[-1])
        heading = _HEADING_DEADLINE.match(text, max(text.rfind(p, 0, at) for p in "。！？") + 1)
        return year_number(heading.group(1)) if heading and heading.end() <= at else default


    def _span(self, unit: Unit, i: int, j: int) -> Span:
        """The span of unit.text[i:j] in the file, with the line its own first character stands on."""
        start, end = unit.span_of(i, j)
        return Span(start, end, bisect.bisect_right(self._line_starts, start))
