"""What a page shows beyond the generic description, per kind of entity.

A place lists the projects in it and in every place inside it (jjo:within*), grouped by report year, the goals
that mention it, its industries and figures, its parents and children. A project shows its places,
industries, counts and years; an indicator its figures by year and kind; a report its sections.

Long lists (a place's projects, goals and figures; an indicator's figures) are shown a page at a time
(kg/views/paging.py): their row keys in reading order come from the index written with the store (kg/views/list_index.py),
or, for a store without one, from a scan of each entity's lists once per store (kg/views/page_lists.py); only the rows
of the page asked for are read in full with their quoted sentences. Showing 150 rows of each list made a county
page of the 10M-triple graph cost about 100 ms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, integer, node, text
from kg.views import ladder, page_lists, paging, reading_order, report_source, row_fields
from kg.views.labels import Labeller, Ref
from kg.views.ladder import Ladder
from kg.views.list_index import ListIndex
from kg.views.paging import Window
from kg.views.provenance import Passage, passages, slug_of, statement_anchor
from kg.views.report_source import Source
from kg.views.row_fields import FIGURE_FIELDS, FIGURE_VARS, FigureFields

# The ladder of targets on a place page (issue 17): the headline indicator's growth targets, the newest years.
LADDER_INDICATOR = str(iris.entity("indicator", "diqushengchanzongzhi"))
LADDER_YEARS = 3
LADDER_YEARS_QUERY = """SELECT DISTINCT ?y WHERE {{ ?f jjo:refPlace <{place}> ; jjo:indicator <{indicator}> ;
    jjo:kind jjo:Target ; jjo:statistic jjo:GrowthRate ; jjo:year ?y }} ORDER BY DESC(?y)"""

# The ladders on an indicator page: the feet of its ladders (a place with a target of a year whose ancestors have one
# too, on the same statistic, and no place within it has one), newest year first, deepest place first. The first
# INDICATOR_LADDERS are drawn; the rest (at most INDICATOR_LADDER_LINKS) are links to /ladder.
# Two cheap queries and the rest in Python: the places with a target of the indicator (by year and statistic), then
# the graph's direct jjo:within links, walked upwards from each of them in Python. One query with `?down jjo:within+ ?foot` walks
# down from each candidate instead, through every place of the gazetteer within it: 21 s for GDP on the corpus graph
# (NOTES, #17).
INDICATOR_LADDERS = 3
INDICATOR_LADDER_LINKS = 30
TARGET_PLACES_QUERY = """SELECT DISTINCT ?place ?year ?statistic WHERE {{
  ?t jjo:indicator <{indicator}> ; jjo:kind jjo:Target ; jjo:refPlace ?place ; jjo:year ?year ; jjo:statistic ?statistic
}}"""

# The paged lists of each kind of page, by the name their page parameter starts with (projects_page=2).
LISTS = {str(JJO.Place): ("projects", "goals", "figures", "reports"), str(JJO.Indicator): ("figures", "assessments")}


def paged_lists(types: list[str]) -> tuple[str, ...]:
    """The names of the paged lists on the page of an entity with these types."""
    return next((LISTS[t] for t in LISTS if t in types), ())


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
    place: Ref | None = None  # the place the figure is of
    estimated: bool = False  # an estimate (预计): pages say so in words, not only in a tooltip


@dataclass
class PlaceProfile:
    parents: list[Ref]  # nearest first
    children: list[Ref]
    projects: list[YearGroup]
    goals: list[YearGroup]
    specialities: list[Ref]
    project_industries: list[Ref]
    figures: list[FigureRow]
    windows: dict[str, Window]  # which rows of each list are shown, of how many
    reports: list[tuple[Ref, Source]] = field(default_factory=list)  # its own and its sub-places', newest first
    levels: list[tuple[Ref, int]] = field(default_factory=list)  # places within it per level (省, 地级, 县级, ...)
    ladders: list[Ladder] = field(default_factory=list)  # its GDP growth targets beside those above it, newest first


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
    place: Ref | None = None  # whose figures these are: one row per year and place


@dataclass
class Judgement:
    """An assessment of a year's result against its target (kg/graph/assess.py)."""

    assessment: Ref
    year: str
    outcome: Ref
    provisional: bool
    target: FigureRow
    result: FigureRow


@dataclass
class LadderFoot:
    """The foot of a ladder: the deepest place of a year with a target whose ancestors have one too."""

    place: Ref
    year: int
    statistic: str  # the slug of kg/views/ladder.py STATISTICS: growth, level, …


@dataclass
class IndicatorProfile:
    years: list[IndicatorYear]
    total: int
    statistics: list[Ref] = field(default_factory=list)  # one chart each, the most stated on this page first
    judgements: list[Judgement] = field(default_factory=list)
    windows: dict[str, Window] = field(default_factory=dict)
    places: list[Ref] = field(default_factory=list)  # the places this page's figures are of, in order of rows
    charts: list[tuple[Ref, Ref | None]] = field(default_factory=list)  # (statistic, place: None if only one)
    ladders: list[Ladder] = field(default_factory=list)  # the newest ladders of its targets, drawn
    more_ladders: list[LadderFoot] = field(default_factory=list)  # the others, as links to /ladder


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
    source: Source | None = None  # whose report and where it came from (kg/views/report_source.py)


class Profiles:
    def __init__(self, lookup: Lookup, labeller: Labeller, index: ListIndex | None = None):
        self.lookup = lookup
        self.labeller = labeller
        self.index = index  # the store's list index (kg/views/list_index.py); None: scan each entity's lists once

    def for_entity(self, iri: str, types: list[str], pages: dict[str, int] | None = None):
        """The profile for an entity's kind (None for kinds without one), showing the given page of each paged
        list (the first by default). Made anew each time, like documents (kg/views/documents.py)."""
        kinds, pages = set(types), pages or {}
        if str(JJO.Place) in kinds:
            return self.place(iri, pages)
        if str(JJO.Project) in kinds:
            return self.project(iri)
        if str(JJO.Indicator) in kinds:
            return self.indicator(iri, pages)
        if str(JJO.Report) in kinds:
            return self.report(iri)
        return None

    # -- shared pieces -----------------------------------------------------------------------------------

    def _passages(self, iris: Iterable[str]) -> dict[str, Passage]:
        """Passages by IRI: those of rows shown first ready-made in the list index, the others read."""
        ready = (lambda wanted: self.index.passages(wanted, self.labeller)) if self.index is not None else None
        return passages(self.lookup, self.labeller, iris, ready)

    def _know_names(self, iris: list[str]) -> None:
        """The shown rows' names from the list index when it has them (first pages), so they are not read."""
        if self.index is not None and iris:
            self.labeller.know(self.index.names(iris))

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
        found = self._passages(r["passage"].value for r in rows if r.get("passage"))
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

    def figure_rows(self, figures: list[str]) -> list[FigureRow]:
        """Figures with their fields and sentences, in the order given."""
        out = self._figure_rows(row_fields.fields(row_fields.read_figures, self.lookup, figures, self.index and self.index.figures))
        return [out[f] for f in figures if f in out]

    def _figure_rows(self, fields: dict[str, FigureFields]) -> dict[str, FigureRow]:
        found = self._passages(p for f in fields.values() for p in f.passages)
        return {iri: FigureRow(self.labeller.ref(iri), self.labeller.ref(f.indicator), f.year, self.labeller.ref(f.kind),
                               self.labeller.ref(f.statistic) if f.statistic else None, f.text,
                               [found[p] for p in f.passages if p in found],
                               self.labeller.ref(f.place) if f.place else None, f.estimated)
                for iri, f in fields.items()}

    # -- per kind ----------------------------------------------------------------------------------------

    def place(self, iri: str, pages: dict[str, int]) -> PlaceProfile:
        lists = self._lists(page_lists.PLACE, iri)
        reports = self._place_report_keys(iri)
        within = node(str(JJO.within))
        children = sorted(self.labeller.refs(self.lookup.subjects(within, node(iri))), key=lambda r: r.label())
        windows = {name: paging.window(name, pages.get(name, 1), lists.total(name))
                   for name in ("projects", "goals", "figures")}
        shown = {name: lists.rows(name, w.offset, w.size) for name, w in windows.items()}
        windows["reports"] = paging.window("reports", pages.get("reports", 1), len(reports))  # not in the index
        self._know_names([p for p, _r in shown["projects"]] + list(shown["goals"]) + list(shown["figures"]))
        places = frozenset(lists.rows("within"))
        projects = self._project_mentions(iri, places, shown["projects"])
        goals = self._goal_mentions(iri, places, shown["goals"])
        figures = self.figure_rows(shown["figures"])
        specialities = self.labeller.refs(self.lookup.objects(node(iri), node(str(JJO.speciality))))
        return PlaceProfile(self.parents(iri), children, projects, goals, specialities,
                            sorted(self.labeller.refs(lists.rows("industries")), key=lambda r: r.label()), figures,
                            windows, self._place_reports(windows["reports"].rows(reports)), self._levels(iri),
                            self._ladders(iri))

    def _ladders(self, iri: str) -> list[Ladder]:
        """The ladders of the place's GDP growth targets (kg/views/ladder.py), one per year it states one, newest
        first (at most LADDER_YEARS), each shown only where a place above it has a target of that year too."""
        if not list(self.lookup.objects(node(iri), node(str(JJO.within)))):
            return []  # 中国: nothing above it
        rows = self.lookup.select(LADDER_YEARS_QUERY.format(place=iri, indicator=LADDER_INDICATOR))
        out = []
        for r in rows[:LADDER_YEARS]:
            one = ladder.ladder(self.lookup, iri, LADDER_INDICATOR, int(r["y"].value[:4]), "growth")
            if one.levels_with_figures() >= 2:
                out.append(one)
        return out

    def _place_report_keys(self, iri: str) -> list[str]:
        """The reports of the place and of the places within it, in the order its page lists them: its own first,
        then newest first (the country's page, at 2,000 reports, lists them 25 at a time)."""
        rows = self.lookup.select("""SELECT ?r ?p ?year WHERE {
            ?p jjo:within* ?place . ?r jjo:aboutPlace ?p ; jjo:planYear ?year }""", place=iri)
        rows.sort(key=lambda r: (r["p"].value != iri, -int(r["year"].value[:4]), r["r"].value))
        return list(dict.fromkeys(r["r"].value for r in rows))

    def _place_reports(self, reports: list[str]) -> list[tuple[Ref, Source]]:
        """The reports shown, each with its source (read for these only)."""
        sources = report_source.read_some(self.lookup, self.labeller, reports)
        return [(self.labeller.ref(r), sources[r]) for r in reports if r in sources]

    def _levels(self, iri: str) -> list[tuple[Ref, int]]:
        """How many places of each level lie within the place (in the graph: the places its reports name)."""
        return [(self.labeller.ref(level), n) for level, n in report_source.levels_within(self.lookup, iri)]

    def _lists(self, kind: str, iri: str) -> page_lists.Lists:
        """The row keys of an entity's lists: from the index written with the store when there is one (a page
        then reads only its own rows), else scanned (a store written before the index had none: `jjkg index`)."""
        indexed = self.index.lists(kind, iri) if self.index is not None else None
        return indexed if indexed is not None else page_lists.SCANS[kind](self.lookup, iri)

    def _sub_place(self, place: str, places: frozenset[str], located: tuple[str, ...]) -> Ref | None:
        """Where below the page's place (`places`: it and every place within it) an entity is, when it is not
        the place itself (the first by IRI)."""
        inside = sorted(t for t in located if t in places)
        if not inside or place in inside:
            return None
        return self.labeller.ref(inside[0])

    def _project_mentions(self, place: str, places: frozenset[str], rows: list[tuple[str, str]]) -> list[YearGroup]:
        """A window of (project, report) mentions as year groups, each with the sentences of that report."""
        fields = row_fields.fields(row_fields.read_mentions, self.lookup, rows, self.index and self.index.mentions)
        items = [(report, Mention(self.labeller.ref(p), self._sub_place(place, places, fields[(p, report)].locations)),
                  fields[(p, report)].passages) for p, report in rows]
        return self._year_groups(items)

    def _goal_mentions(self, place: str, places: frozenset[str], goals: list[str]) -> list[YearGroup]:
        fields = row_fields.fields(row_fields.read_goals, self.lookup, goals, self.index and self.index.goals)
        return self._year_groups([(fields[g].report, Mention(self.labeller.ref(g), self._sub_place(place, places, fields[g].places)),
                                   fields[g].passages) for g in goals])

    def _year_groups(self, items: list[tuple[str, Mention, tuple[str, ...]]]) -> list[YearGroup]:
        """(report, mention, passage IRIs) in reading order → groups of consecutive rows of one report."""
        found = self._passages(p for _r, _m, ps in items for p in ps)
        years = reading_order.report_years(self.lookup)
        groups: list[YearGroup] = []
        for report, mention, passage_iris in items:
            mention.sources = [found[p] for p in passage_iris if p in found]
            if not groups or groups[-1].report.iri != report:
                year = years.get(report.rsplit("/", 1)[-1])
                groups.append(YearGroup(str(year) if year else "", self.labeller.ref(report), []))
            groups[-1].items.append(mention)
        return groups

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
        counts = sorted(self._figure_rows(row_fields.figures_of(self.lookup.select(
            f"SELECT {FIGURE_VARS} WHERE {{ ?project jjo:hasFigure ?f . {FIGURE_FIELDS} }}",
            project=iri))).values(), key=lambda f: (f.year, f.indicator.label(), f.kind.iri, f.figure.iri))
        groups = self.labeller.refs(self.lookup.objects(subject, node(str(JJO.partOfGroup))))
        members = sorted(self.labeller.refs(self.lookup.subjects(node(str(JJO.partOfGroup)), subject)),
                         key=lambda r: r.label())
        return ProjectProfile(places, industries, self._by_year(year_rows, "item"), counts, groups, members)

    def indicator(self, iri: str, pages: dict[str, int]) -> IndicatorProfile:
        lists = self._lists(page_lists.INDICATOR, iri)
        window = paging.window("figures", pages.get("figures", 1), lists.total("figures"))
        shown = lists.rows("figures", window.offset, window.size)
        self._know_names(list(shown))
        rows = self.figure_rows(shown)
        kinds = [self.labeller.ref(str(JJO.Target)), self.labeller.ref(str(JJO.Result))]
        years = []
        where = lambda r: r.place.iri if r.place else ""  # noqa: E731
        # One row per year and place, newest year first, as the rows come: two counties' figures never share a cell.
        for year, place in dict.fromkeys((r.year, where(r)) for r in rows):
            mine = [r for r in rows if r.year == year and where(r) == place]
            columns = [KindColumn(k, [r for r in mine if r.kind.iri == k.iri]) for k in kinds]
            years.append(IndicatorYear(year, columns, mine[0].place))
        places = list({y.place.iri: y.place for y in years if y.place}.values())
        counts: dict[str, int] = defaultdict(int)
        for r in rows:
            if r.statistic is not None:
                counts[r.statistic.iri] += 1
        statistics = [self.labeller.ref(s) for s, _n in sorted(counts.items(), key=lambda kv: -kv[1])]
        several = len(places) > 1
        pairs = Counter((r.statistic.iri, where(r)) for r in rows if r.statistic is not None)
        charts = [(self.labeller.ref(s), self.labeller.ref(p) if several and p else None)
                  for (s, p), _n in sorted(pairs.items(), key=lambda kv: (-counts[kv[0][0]], -kv[1]))]
        charts = list(dict.fromkeys(charts))
        ladders, more = self._indicator_ladders(iri)
        assessed = paging.window("assessments", pages.get("assessments", 1), lists.total("assessments"))
        judgements = self._judgements(lists.rows("assessments", assessed.offset, assessed.size))
        return IndicatorProfile(years, lists.total("figures"), statistics, judgements,
                                {"figures": window, "assessments": assessed}, places, charts, ladders, more)

    def ladder_feet(self, iri: str) -> list[LadderFoot]:
        """The feet of the indicator's ladders, newest year first, then the deepest place, then by slug: a place with
        a target of a year and statistic that a place above it has a target of too, and no place within it has."""
        slugs = {f"{JJO}{local}": slug for slug, local in ladder.STATISTICS.items()}
        targets: dict[tuple[int, str], set[str]] = defaultdict(set)
        for r in self.lookup.select(TARGET_PLACES_QUERY.format(indicator=iri)):
            if r["statistic"].value in slugs:
                targets[(int(r["year"].value[:4]), slugs[r["statistic"].value])].add(r["place"].value)
        places = set().union(*targets.values()) if targets else set()
        above = self._above(places)
        feet = []
        for (year, statistic), stating in targets.items():
            under = {up for p in stating for up in above[p]}  # places with a place below them that states one
            for p in stating:
                if above[p] & stating and p not in under:
                    feet.append((-year, -len(above[p]), p, statistic))
        return [LadderFoot(self.labeller.ref(p), -y, statistic) for y, _depth, p, statistic in sorted(feet)]

    def _above(self, places: set[str]) -> dict[str, set[str]]:
        """The places above each of `places`, walked up in Python over the graph's direct jjo:within links (one
        query whatever the number of places; a walk per place in SPARQL took 130 ms for GDP's 510 target places at
        500 reports)."""
        if not places:
            return {}
        parents: dict[str, list[str]] = defaultdict(list)
        for r in self.lookup.select("SELECT ?p ?up WHERE { ?p jjo:within ?up }"):
            parents[r["p"].value].append(r["up"].value)
        out = {}
        for place in places:
            seen, todo = set(), list(parents[place])
            while todo:
                up = todo.pop()
                if up not in seen:
                    seen.add(up)
                    todo.extend(parents[up])
            out[place] = seen
        return out

    def _indicator_ladders(self, iri: str) -> tuple[list[Ladder], list[LadderFoot]]:
        """The first INDICATOR_LADDERS ladders of the indicator, and the feet of the next ones as links."""
        feet = self.ladder_feet(iri)
        drawn = [ladder.ladder(self.lookup, f.place.iri, iri, f.year, f.statistic) for f in feet[:INDICATOR_LADDERS]]
        return drawn, feet[INDICATOR_LADDERS:INDICATOR_LADDERS + INDICATOR_LADDER_LINKS]

    def _judgements(self, assessments: list[str]) -> list[Judgement]:
        """The assessments of a page (one per place and year), newest year first, with their targets and results."""
        if not assessments:
            return []
        rows = self.lookup.select(f"""SELECT ?a ?year ?outcome ?provisional ?target ?result WHERE {{
            VALUES ?a {{ {self.lookup.values(assessments)} }}
            ?a jjo:year ?year ; jjo:outcome ?outcome ; jjo:provisional ?provisional ; jjo:target ?target ;
               jjo:result ?result }} ORDER BY DESC(?year) ?a""")
        figures = {f.figure.iri: f for f in self.figure_rows([x for r in rows for x in (r["target"].value, r["result"].value)])}
        return [Judgement(self.labeller.ref(r["a"]), r["year"].value, self.labeller.ref(r["outcome"]),
                          r["provisional"].value == "true", figures[r["target"].value], figures[r["result"].value])
                for r in rows if r["target"].value in figures and r["result"].value in figures]

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
                             self._count("?x jjo:appearsIn ?r", iri),
                             report_source.read(self.lookup, self.labeller, iri))

    def _count(self, pattern: str, report: str) -> int:
        # One count per query: OPTIONALs side by side would multiply each other's rows.
        rows = self.lookup.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}", r=report)
        return integer(rows[0]["n"]) if rows else 0
