"""What a page shows beyond the generic description, per kind of entity.

A place lists the projects in it and in every place inside it (jjo:within*), grouped by report year, the goals
that mention it, its industries and figures, its parents and children. A project shows its places,
industries, counts and years; an indicator its figures by year and kind; a report its sections.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .labels import Labeller, Ref
from .lookup import Lookup, StoreCache, integer, node, text
from .namespaces import JJO
from .provenance import Passage, passages, slug_of, statement_anchor

_profiles = StoreCache(maxsize=2048)
# Per list on one page; counts elsewhere stay complete. Each row carries its quoted sentence, so a page's cost
# grows with this: 300 made a county page of the 10M-triple synthetic graph take 180 ms to assemble. 150 is
# above the longest list of the real reports (128 figures of 晋江市).
MAX_ROWS = 150


@dataclass
class Mention:
    """An entity as one report names it: where, and the sentences that say so."""

    entity: Ref
    place: Ref | None = None  # the sub-place it is located in, when not the page's own place
    sources: list[Passage] = field(default_factory=list)


@dataclass
class YearGroup:
    year: str
    report: Ref
    items: list[Mention]


@dataclass
class FigureRow:
    figure: Ref
    indicator: Ref
    year: str
    kind: Ref
    statistic: Ref | None
    text: str
    sources: list[Passage] = field(default_factory=list)


@dataclass
class PlaceProfile:
    parents: list[Ref]  # nearest first
    children: list[Ref]
    projects: list[YearGroup]
    goals: list[YearGroup]
    specialities: list[Ref]
    project_industries: list[Ref]
    figures: list[FigureRow]


@dataclass
class ProjectProfile:
    places: list[list[Ref]]  # each location with its parents: [龙山寺, 安海镇, 晋江市, ...]
    industries: list[Ref]
    years: list[YearGroup]  # reports it appears in, with the sentences
    counts: list[FigureRow]
    groups: list[Ref]
    members: list[Ref]


@dataclass
class KindColumn:
    kind: Ref
    figures: list[FigureRow]


@dataclass
class IndicatorYear:
    year: str
    columns: list[KindColumn]  # target, then result


@dataclass
class Judgement:
    """An assessment of a year's result against its target (kg/assess.py)."""

    assessment: Ref
    year: str
    outcome: Ref
    provisional: bool
    target: FigureRow
    result: FigureRow


@dataclass
class IndicatorProfile:
    years: list[IndicatorYear]
    total: int
    statistics: list[Ref] = field(default_factory=list)  # one chart each, the most stated first
    judgements: list[Judgement] = field(default_factory=list)


@dataclass
class SectionRow:
    section: Ref
    number: int | None
    goals: int
    anchor: str


@dataclass
class ReportProfile:
    slug: str
    plan_year: str | None
    review_year: str | None
    sections: list[SectionRow]
    goals: int
    figures: int
    projects: int


class Profiles:
    def __init__(self, lookup: Lookup, labeller: Labeller):
        self.lookup = lookup
        self.labeller = labeller

    def for_entity(self, iri: str, types: list[str]):
        """The profile for an entity's kind (None for kinds without one); made once per store."""
        return _profiles.get(self.lookup.store, iri, lambda: self._for_entity(iri, types))

    def _for_entity(self, iri: str, types: list[str]):
        kinds = set(types)
        if str(JJO.Place) in kinds:
            return self.place(iri)
        if str(JJO.Project) in kinds:
            return self.project(iri)
        if str(JJO.Indicator) in kinds:
            return self.indicator(iri)
        if str(JJO.Report) in kinds:
            return self.report(iri)
        return None

    # -- shared pieces -----------------------------------------------------------------------------------

    def parents(self, place: str) -> list[Ref]:
        chain, current, seen = [], node(place), {place}
        while True:
            ups = self.lookup.objects(current, node(str(JJO.within)))
            if not ups or ups[0].value in seen:
                return chain
            seen.add(ups[0].value)
            chain.append(self.labeller.ref(ups[0]))
            current = ups[0]

    def _by_year(self, rows: list[dict], entity: str, place_of=None) -> list[YearGroup]:
        """Rows with ?year ?report ?<entity> [?passage] → year groups, newest first, entities sorted by name."""
        found = passages(self.lookup, self.labeller, (r["passage"].value for r in rows if r.get("passage")))
        years: dict[str, dict[str, Mention]] = defaultdict(dict)
        reports: dict[str, Ref] = {}
        for r in rows:
            year = text(r["year"])
            reports[year] = self.labeller.ref(r["report"])
            iri = r[entity].value
            mention = years[year].get(iri)
            if mention is None:
                place = place_of(r) if place_of else None
                mention = years[year][iri] = Mention(self.labeller.ref(iri), place)
            p = r.get("passage")
            if p is not None and p.value in found and found[p.value] not in mention.sources:
                mention.sources.append(found[p.value])
        return [YearGroup(y, reports[y], sorted(years[y].values(), key=lambda m: m.entity.label()))
                for y in sorted(years, reverse=True)]

    def figure_rows(self, rows: list[dict]) -> list[FigureRow]:
        found = passages(self.lookup, self.labeller, (r["passage"].value for r in rows if r.get("passage")))
        out: dict[str, FigureRow] = {}
        for r in rows:
            iri = r["f"].value
            if iri not in out:
                out[iri] = FigureRow(self.labeller.ref(iri), self.labeller.ref(r["ind"]), text(r["year"]),
                                     self.labeller.ref(r["kind"]),
                                     self.labeller.ref(r["stat"]) if r.get("stat") else None, text(r["text"]))
            p = r.get("passage")
            if p is not None and p.value in found:
                out[iri].sources.append(found[p.value])
        return sorted(out.values(), key=lambda f: (f.year, f.indicator.label(), f.kind.iri, f.figure.iri))

    FIGURE_FIELDS = """?f jjo:indicator ?ind ; jjo:year ?year ; jjo:kind ?kind ; jjo:numberText ?text .
                       OPTIONAL { ?f jjo:statistic ?stat } OPTIONAL { ?f prov:wasDerivedFrom ?passage }"""

    # -- per kind ----------------------------------------------------------------------------------------

    def place(self, iri: str) -> PlaceProfile:
        within = node(str(JJO.within))
        children = sorted(self.labeller.refs(self.lookup.subjects(within, node(iri))), key=lambda r: r.label())
        project_rows = self.lookup.select(f"""
            SELECT ?project ?loc ?year ?report ?passage WHERE {{
              ?loc jjo:within* ?place . ?project jjo:location ?loc ; jjo:appearsIn ?report .
              ?report jjo:planYear ?year .
              OPTIONAL {{ ?project prov:wasDerivedFrom ?passage . ?passage oa:hasSource ?report }}
            }} LIMIT {MAX_ROWS}""", place=iri)
        projects = self._by_year(project_rows, "project",
                                 lambda r: None if r["loc"].value == iri else self.labeller.ref(r["loc"]))
        goal_rows = self.lookup.select(f"""
            SELECT ?goal ?loc ?year ?report ?passage WHERE {{
              ?loc jjo:within* ?place . ?goal jjo:mentionsPlace ?loc ; jjo:report ?report .
              ?report jjo:planYear ?year . OPTIONAL {{ ?goal prov:wasDerivedFrom ?passage }}
            }} LIMIT {MAX_ROWS}""", place=iri)
        goals = self._by_year(goal_rows, "goal",
                              lambda r: None if r["loc"].value == iri else self.labeller.ref(r["loc"]))
        specialities = self.labeller.refs(self.lookup.objects(node(iri), node(str(JJO.speciality))))
        industry_rows = self.lookup.select("""
            SELECT DISTINCT ?ind WHERE { ?loc jjo:within* ?place . ?p jjo:location ?loc ; jjo:industry ?ind }""",
                                           place=iri)
        figures = self.figure_rows(self.lookup.select(f"""
            SELECT ?f ?ind ?year ?kind ?stat ?text ?passage WHERE {{ ?loc jjo:within* ?place . ?f jjo:refPlace ?loc . {self.FIGURE_FIELDS} }}
            LIMIT {MAX_ROWS}""", place=iri))
        return PlaceProfile(self.parents(iri), children, projects, goals, specialities,
                            sorted(self.labeller.refs(r["ind"] for r in industry_rows), key=lambda r: r.label()),
                            figures)

    def project(self, iri: str) -> ProjectProfile:
        subject = node(iri)
        places = [[self.labeller.ref(loc), *self.parents(loc.value)]
                  for loc in self.lookup.objects(subject, node(str(JJO.location)))]
        industries = self.labeller.refs(self.lookup.objects(subject, node(str(JJO.industry))))
        year_rows = self.lookup.select("""
            SELECT ?item ?year ?report ?passage WHERE {
              BIND(?project AS ?item) ?project jjo:appearsIn ?report . ?report jjo:planYear ?year .
              OPTIONAL { ?project prov:wasDerivedFrom ?passage . ?passage oa:hasSource ?report }
            }""", project=iri)
        counts = self.figure_rows(self.lookup.select(f"SELECT ?f ?ind ?year ?kind ?stat ?text ?passage WHERE {{ ?project jjo:hasFigure ?f . "
                                                     f"{self.FIGURE_FIELDS} }}", project=iri))
        groups = self.labeller.refs(self.lookup.objects(subject, node(str(JJO.partOfGroup))))
        members = sorted(self.labeller.refs(self.lookup.subjects(node(str(JJO.partOfGroup)), subject)),
                         key=lambda r: r.label())
        return ProjectProfile(places, industries, self._by_year(year_rows, "item"), counts, groups, members)

    def indicator(self, iri: str) -> IndicatorProfile:
        rows = self.figure_rows(self.lookup.select(f"""
            SELECT ?f ?ind ?year ?kind ?stat ?text ?passage WHERE {{ ?f jjo:indicator ?i . {self.FIGURE_FIELDS} }}
            ORDER BY DESC(?year) LIMIT {MAX_ROWS}""", i=iri))  # the latest years, when there are too many
        kinds = [self.labeller.ref(str(JJO.Target)), self.labeller.ref(str(JJO.Result))]
        years = []
        for year in sorted({r.year for r in rows}, reverse=True):
            columns = [KindColumn(k, [r for r in rows if r.year == year and r.kind.iri == k.iri]) for k in kinds]
            years.append(IndicatorYear(year, columns))
        by_iri = {r.figure.iri: r for r in rows}
        counts: dict[str, int] = defaultdict(int)
        for r in rows:
            if r.statistic is not None:
                counts[r.statistic.iri] += 1
        statistics = [self.labeller.ref(s) for s, _n in sorted(counts.items(), key=lambda kv: -kv[1])]
        judgements = []
        for r in self.lookup.select("""
            SELECT ?a ?year ?outcome ?provisional ?target ?result WHERE {
              ?a a jjo:Assessment ; jjo:indicator ?i ; jjo:year ?year ; jjo:outcome ?outcome ;
                 jjo:provisional ?provisional ; jjo:target ?target ; jjo:result ?result } ORDER BY DESC(?year)""", i=iri):
            if r["target"].value in by_iri and r["result"].value in by_iri:
                judgements.append(Judgement(self.labeller.ref(r["a"]), r["year"].value, self.labeller.ref(r["outcome"]),
                                            r["provisional"].value == "true", by_iri[r["target"].value],
                                            by_iri[r["result"].value]))
        total = self.lookup.select("""SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE {
            ?f jjo:indicator ?i ; jjo:year ?year ; jjo:kind ?kind ; jjo:numberText ?text }""", i=iri)  # as listed
        return IndicatorProfile(years, integer(total[0]["n"]), statistics, judgements)

    def report(self, iri: str) -> ReportProfile:
        slug = slug_of(iri)
        rows = self.lookup.select("""
            SELECT ?s ?number (COUNT(?g) AS ?goals) WHERE {
              ?s a jjo:Section ; jjo:report ?r . OPTIONAL { ?s jjo:number ?number }
              OPTIONAL { ?g jjo:inSection ?s }
            } GROUP BY ?s ?number ORDER BY ?number""", r=iri)
        sections = [SectionRow(self.labeller.ref(r["s"]), integer(r["number"]), integer(r["goals"]),
                               statement_anchor(r["s"].value, slug)) for r in rows]
        subject = node(iri)
        plan = self.lookup.objects(subject, node(str(JJO.planYear)))
        review = self.lookup.objects(subject, node(str(JJO.reviewYear)))
        return ReportProfile(slug, plan[0].value if plan else None, review[0].value if review else None, sections,
                             self._count("?x a jjo:Goal ; jjo:report ?r", iri),
                             self._count("?x a jjo:Figure ; jjo:report ?r", iri),
                             self._count("?x jjo:appearsIn ?r", iri))

    def _count(self, pattern: str, report: str) -> int:
        # One count per query: OPTIONALs side by side would multiply each other's rows.
        rows = self.lookup.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}", r=report)
        return integer(rows[0]["n"]) if rows else 0
