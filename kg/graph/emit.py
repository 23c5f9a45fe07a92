"""Emit RDF: the reference graph, one named graph per report, the ontology graph.

Every fact derived from a report carries `prov:wasDerivedFrom` to a passage: a Web Annotation specific
resource on the report with a TextQuoteSelector (the exact original text) and a TextPositionSelector (code-point
offsets into the stored file). Links between entities are also stated as reified `rdf:Statement`s with their
own passage, so the sentence behind "this project is in 安海镇" can be shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from kg.extract import national as national_table
from kg.extract import same_as
from kg.extract.link import Linked
from kg.extract.model import FigureRecord, GoalRecord, ReportExtraction, Span
from kg.extract.national import NationalFigure
from kg.extract.reference import Reference
from kg.graph import iris
from kg.graph.namespaces import GEO, JJO, OA, QB, QUDT_UNIT, bind_all, rebase

PLACE_CLASS = {
    "country": JJO.Country, "province": JJO.Province, "prefecture": JJO.Prefecture, "county": JJO.County, "subdistrict": JJO.Subdistrict,
    "town": JJO.Town, "township": JJO.Township, "area": JJO.Area, "new-district": JJO.Area, "industrial-park": JJO.Area,
}
PLACE_SCHEMA = {
    "mountain": SDO.Mountain, "river": SDO.RiverBodyOfWater, "temple": SDO.PlaceOfWorship,
    "heritage-site": SDO.LandmarksOrHistoricalBuildings, "park": SDO.Park, "station": SDO.TrainStation,
    "airport": SDO.Airport, "landmark": SDO.LandmarksOrHistoricalBuildings, "port": SDO.CivicStructure,
    "country": SDO.Country, "province": SDO.AdministrativeArea, "prefecture": SDO.AdministrativeArea, "county": SDO.AdministrativeArea,
    "subdistrict": SDO.AdministrativeArea, "town": SDO.AdministrativeArea, "township": SDO.AdministrativeArea,
}
KIND = {"target": JJO.Target, "result": JJO.Result}
TEXT_KIND = {"formal": JJO.FormalReport, "digest": JJO.Digest, "news": JJO.NewsArticle}  # kg/extract/text_kind.py
STATISTIC = {"level": JJO.Level, "growth": JJO.GrowthRate, "rank": JJO.Rank, "change": JJO.Change,
             "plan-share": JJO.PlanShare}
QUALIFIER = {"about": JJO.About, "at-least": JJO.AtLeast, "at-most": JJO.AtMost, "passed": JJO.Passed,
             "estimated": JJO.Estimated, "range": JJO.Range}
DIRECTION_IRI = {"less": JJO.LessIsBetter, "ceiling": JJO.Ceiling}  # indicators.csv's direction column
KIND_ZH = {"target": "目标", "result": "结果"}
QUOTE_CONTEXT = 12  # characters of prefix/suffix kept with each quote, as Web Annotation suggests


@dataclass(frozen=True)
class GoalLinks:
    """What one goal's triples take from the linking of the whole corpus, in the goal's order."""
    figures: tuple[tuple[str, str, str | None], ...]  # each figure's indicator: slug, Chinese and English name
    # each project: its slug, the places of its entity this mention gives (in the entity's order), its groups
    projects: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]


def report_links(ex: ReportExtraction, linked: Linked) -> tuple[GoalLinks, ...]:
    """All a report's graph reads of `linked` (made over every report): with the report's extraction, these values
    make its graph, so a graph kept from an earlier build is current while they are equal (kg/graph/emit_cache.py).
    `Emitter.report` reads `linked` only through this."""
    goals = []
    for goal in ex.goals:
        figures = []
        for fig in goal.figures:
            ind = linked.indicators[linked.figure_indicator[id(fig)]]
            figures.append((ind.slug, ind.name_zh, ind.name_en))
        projects = []
        for rec in goal.projects:
            entity = linked.projects[linked.project_slug[id(rec)]]
            places = tuple(place for place in entity.places if place in rec.places)
            projects.append((entity.slug, places, tuple(sorted(entity.groups)) if rec.group else ()))
        goals.append(GoalLinks(tuple(figures), tuple(projects)))
    return tuple(goals)


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def pinyin(text: str) -> Literal:
    return Literal(" ".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore")).replace("ü", "v"),
                   lang="zh-latn-pinyin")


def decimal_literal(value: Decimal) -> Literal:
    text = format(value.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def year_literal(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


class Emitter:
    def __init__(self, ref: Reference, dataset: Dataset | None = None):
        self.ref = ref
        self.ds = dataset if dataset is not None else Dataset()
        bind_all(self.ds)

    # -- graphs ------------------------------------------------------------------------------------------

    def ontology(self, path: Path) -> Graph:
        g = self.ds.graph(iris.ONTOLOGY_GRAPH)
        g.parse(data=rebase(path.read_text(encoding="utf-8")), format="turtle", publicID=path.as_uri())
        return g

    def reference(self, places: set[str] = frozenset()) -> Graph:
        """The reference graph: every curated place, and of the national divisions those in `places` and the
        places above them (the graph stays lean: a division no report names is no triple)."""
        g = self.ds.graph(iris.REFERENCE_GRAPH)
        self._places(g, places)
        self._industries(g)
        self._units(g)
        ds = iris.entity("dataset", "figures")
        g.add((ds, RDF.type, QB.DataSet))
        g.add((ds, QB.structure, JJO.FiguresStructure))
        g.add((ds, RDFS.label, zh("报告数据")))
        g.add((ds, RDFS.label, en("Figures of the reports: targets and results")))
        return g

    def _places(self, g: Graph, used: set[str]) -> None:
        wanted = {p.slug for p in self.ref.places}
        for slug in used:
            wanted.update((slug, *self.ref.place_ancestors(slug)))
        for slug in sorted(wanted):
            p = self.ref.place_by_slug[slug]
            s = iris.entity("place", p.slug)
            g.add((s, RDF.type, JJO.Place))
            g.add((s, RDF.type, PLACE_CLASS.get(p.type, JJO.Site)))
            if p.type in PLACE_SCHEMA:
                g.add((s, RDF.type, PLACE_SCHEMA[p.type]))
            g.add((s, RDFS.label, zh(p.name_zh)))
            if p.name_en:
                g.add((s, RDFS.label, en(p.name_en)))
            g.add((s, SKOS.altLabel, Literal(p.pinyin, lang="zh-latn-pinyin") if p.pinyin else pinyin(p.name_zh)))
            for alias in p.aliases:
                g.add((s, SKOS.altLabel, zh(alias)))
            g.add((s, JJO.placeType, Literal(p.type)))
            if p.parent:
                g.add((s, JJO.within, iris.entity("place", p.parent)))
            if p.division_code:
                g.add((s, JJO.divisionCode, Literal(p.division_code)))
            if p.lat is not None:
                geom = BNode(f"geom-{p.slug}")
                g.add((s, GEO.hasGeometry, geom))
                g.add((geom, RDF.type, GEO.Geometry))
                g.add((geom, GEO.asWKT, Literal(f"POINT({p.lon} {p.lat})", datatype=GEO.wktLiteral)))
                g.add((s, SDO.latitude, Literal(Decimal(str(p.lat)), datatype=XSD.decimal)))
                g.add((s, SDO.longitude, Literal(Decimal(str(p.lon)), datatype=XSD.decimal)))
            g.add((s, DCTERMS.source, Literal(p.source)))
            g.add((s, JJO.curatedIn, Literal(f"{p.file}:{p.line}")))
        self._same_as(g)

    def _same_as(self, g: Graph) -> None:
        """owl:sameAs to Wikidata from data/reference/sameas.csv, each link stated with where it was verified."""
        for link in same_as.load(self.ref.directory, self.ref.places):
            s, target = iris.entity("place", link.slug), URIRef(link.target)
            g.add((s, OWL.sameAs, target))
            a = iris.entity("assertion", iris.join_slug("curated", link.slug, "sameas", str(link.line)))
            g.add((a, RDF.type, RDF.Statement))
            g.add((a, RDF.subject, s))
            g.add((a, RDF.predicate, OWL.sameAs))
            g.add((a, RDF.object, target))
            g.add((a, DCTERMS.source, Literal(f"{same_as.FILE}:{link.line}: verified at {link.verified_at}")))

    def _industries(self, g: Graph) -> None:
        scheme = iris.entity("scheme", "industries")
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDFS.label, zh("产业分类")))
        g.add((scheme, RDFS.label, en("Industries of the reports, aligned with GB/T 4754-2017")))
        source = self.ref.directory / "industries.csv"
        for i in self.ref.industries:
            s = iris.entity("industry", i.slug)
            g.add((s, RDF.type, JJO.Industry))
            g.add((s, RDF.type, SKOS.Concept))
            g.add((s, SKOS.inScheme, scheme))
            for label in (zh(i.name_zh), en(i.name_en)) if i.name_en else (zh(i.name_zh),):
                g.add((s, RDFS.label, label))
                g.add((s, SKOS.prefLabel, label))
            g.add((s, SKOS.altLabel, pinyin(i.name_zh)))
            for alias in i.aliases:
                if alias != i.name_zh:
                    g.add((s, SKOS.altLabel, zh(alias)))
            if i.broader:
                g.add((s, SKOS.broader, iris.entity("industry", i.broader)))
            else:
                g.add((s, SKOS.topConceptOf, scheme))
            if i.code:
                g.add((s, SKOS.notation, Literal(i.code, datatype=JJO.GBT4754Code)))
                if i.code_name:
                    g.add((s, JJO.gbt4754Name, zh(i.code_name)))
            g.add((s, DCTERMS.source, Literal(i.source)))
            g.add((s, JJO.curatedIn, Literal(f"{source.name}:{i.line}")))

    def _units(self, g: Graph) -> None:
        scheme = iris.entity("scheme", "units")
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDFS.label, zh("计量单位")))
        g.add((scheme, RDFS.label, en("Units of measure and classifiers")))
        seen = set()
        for u in self.ref.units:
            s = iris.entity("unit", u.slug)
            if u.slug in seen:
                g.add((s, SKOS.altLabel, zh(u.token)))
                continue
            seen.add(u.slug)
            g.add((s, RDF.type, JJO.Unit))
            g.add((s, RDF.type, SKOS.Concept))
            g.add((s, SKOS.inScheme, scheme))
            g.add((s, RDFS.label, zh(u.name_zh)))
            g.add((s, RDFS.label, en(u.name_en)))
            g.add((s, SKOS.notation, Literal(u.token)))
            g.add((s, JJO.quantityKind, Literal(u.quantity)))
            if u.qudt:
                g.add((s, SKOS.exactMatch, QUDT_UNIT[u.qudt]))
            g.add((s, DCTERMS.source, Literal(u.source)))
        rank = iris.entity("unit", "rank")
        g.add((rank, RDF.type, JJO.Unit))
        g.add((rank, RDF.type, SKOS.Concept))
        g.add((rank, SKOS.inScheme, scheme))
        g.add((rank, RDFS.label, zh("名次")))
        g.add((rank, RDFS.label, en("rank")))
        g.add((rank, JJO.quantityKind, Literal("rank")))
        g.add((rank, DCTERMS.source, Literal("全国第N: a position in a national ranking")))

    # -- entities linked across reports -------------------------------------------------------------------------

    def linked_entities(self, linked: Linked) -> Graph:
        """Indicators and projects: described in the reference graph once, whichever reports mention them."""
        g = self.ds.graph(iris.REFERENCE_GRAPH)
        scheme = iris.entity("scheme", "indicators")
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, RDFS.label, zh("指标")))
        g.add((scheme, RDFS.label, en("Indicators of the reports")))
        for ind in linked.indicators.values():
            s = iris.entity("indicator", ind.slug)
            g.add((s, RDF.type, JJO.Indicator))
            g.add((s, RDF.type, SKOS.Concept))
            g.add((s, SKOS.inScheme, scheme))
            g.add((s, RDFS.label, zh(ind.name_zh)))
            g.add((s, SKOS.prefLabel, zh(ind.name_zh)))
            if ind.name_en:
                g.add((s, RDFS.label, en(ind.name_en)))
                g.add((s, SKOS.prefLabel, en(ind.name_en)))
            g.add((s, SKOS.altLabel, pinyin(ind.name_zh)))
            entry = self.ref.indicator_by_slug.get(ind.slug)
            direction = entry.direction if entry else ""
            if direction:  # how its results are judged (data/reference/indicators.csv, kg/graph/assess.py)
                g.add((s, JJO.direction, DIRECTION_IRI[direction]))
            if entry and entry.related in linked.indicators:
                # a redefined statistic and the one that took its place: related, both ways (skos:related is
                # symmetric; stated twice so that either page and a query from either end find it)
                g.add((s, SKOS.related, iris.entity("indicator", entry.related)))
                g.add((iris.entity("indicator", entry.related), SKOS.related, s))
            if ind.broader:
                g.add((s, SKOS.broader, iris.entity("indicator", ind.broader)))
            for whole in sorted(ind.part_of):
                g.add((s, JJO.partOf, iris.entity("indicator", whole)))
            if ind.curated:
                ref = self.ref.indicator_by_slug.get(ind.broader or ind.slug)
                if ref:
                    for alias in ref.aliases if not ind.broader else ():
                        g.add((s, SKOS.altLabel, zh(alias)))
                    g.add((s, DCTERMS.source, Literal(ref.source)))
            for report in sorted(ind.reports):
                g.add((s, JJO.appearsIn, iris.entity("report", report)))
        for proj in linked.projects.values():
            s = iris.entity("project", proj.slug)
            g.add((s, RDF.type, JJO.Project))
            if proj.is_group:
                g.add((s, RDF.type, JJO.ProjectGroup))
            elif proj.is_programme:
                g.add((s, RDF.type, JJO.Programme))
            g.add((s, RDFS.label, zh(proj.name_zh)))
            if proj.name_en:
                g.add((s, RDFS.label, en(proj.name_en)))
            g.add((s, SKOS.altLabel, pinyin(proj.name_zh)))
            if proj.curated_place and proj.curated_place in proj.places:
                place = iris.entity("place", proj.curated_place)
                g.add((s, JJO.location, place))
                a = iris.entity("assertion", iris.join_slug("curated", proj.slug, "location"))
                g.add((a, RDF.type, RDF.Statement))
                g.add((a, RDF.subject, s))
                g.add((a, RDF.predicate, JJO.location))
                g.add((a, RDF.object, place))
                entry = self.ref.project_by_slug[proj.slug]
                g.add((a, DCTERMS.source, Literal(f"projects.csv:{entry.line}: {entry.source}")))
        return g

    # -- the national reference figures (issue 17) ------------------------------------------------------------

    def national(self, figures: list[NationalFigure], linked: Linked) -> Graph:
        """The curated national targets and results (data/reference/national_figures.csv) as figures of 中国, in the
        reference graph. Each names the document it was read from (dcterms:source: its address, with title and
        date) and its row (jjo:curatedIn); it has no passage, since the document is not a report of the graph."""
        g = self.ds.graph(iris.REFERENCE_GRAPH)
        for fig in figures:
            f = iris.entity("figure", fig.slug)
            name = linked.indicators[fig.indicator].name_zh if fig.indicator in linked.indicators else fig.indicator
            g.add((f, RDF.type, JJO.Figure))
            g.add((f, RDF.type, QB.Observation))
            g.add((f, QB.dataSet, iris.entity("dataset", "figures")))
            g.add((f, JJO.indicator, iris.entity("indicator", fig.indicator)))
            g.add((f, JJO.refPlace, iris.entity("place", national_table.COUNTRY)))
            g.add((f, JJO.year, year_literal(fig.year)))
            g.add((f, JJO.kind, KIND[fig.kind]))
            g.add((f, JJO.statistic, STATISTIC[fig.statistic]))
            g.add((f, JJO.value, decimal_literal(fig.value)))
            g.add((f, JJO.unit, iris.entity("unit", fig.unit)))
            for q in fig.qualifiers:
                g.add((f, JJO.qualifier, QUALIFIER[q]))
            g.add((f, JJO.numberText, zh(fig.quote)))
            g.add((f, RDFS.label, zh(f"{name} {fig.quote}（{fig.year}年{KIND_ZH[fig.kind]}，全国）")))
            g.add((f, RDFS.label, en(f"{fig.indicator}: {fig.quote} ({fig.year} {fig.kind}, national)")))
            if fig.note:
                g.add((f, RDFS.comment, en(fig.note)))
            doc = URIRef(fig.source_url)
            g.add((f, DCTERMS.source, doc))
            g.add((f, JJO.curatedIn, Literal(f"{national_table.FILE}:{fig.line}")))
            g.add((doc, RDF.type, PROV.Entity))
            g.add((doc, DCTERMS.title, zh(fig.source_title)))
            g.add((doc, DCTERMS.date, Literal(fig.source_date, datatype=XSD.date if len(fig.source_date) == 10
                                              else XSD.gYearMonth)))
            g.add((doc, DCTERMS.creator, zh("国务院")))
        return g

    # -- one report --------------------------------------------------------------------------------------

    def report(self, ex: ReportExtraction, linked: Linked) -> Graph:
        return self.report_linked(ex, report_links(ex, linked))

    def report_linked(self, ex: ReportExtraction, links: tuple[GoalLinks, ...]) -> Graph:
        """The report's named graph, from its extraction and what it takes of the corpus's linking."""
        meta = ex.meta
        g = self.ds.graph(iris.report_graph(meta.slug))
        r = iris.entity("report", meta.slug)
        g.add((r, RDF.type, JJO.Report))
        g.add((r, RDF.type, PROV.Entity))
        g.add((r, RDFS.label, zh(meta.title)))
        g.add((r, DCTERMS.title, zh(meta.title)))
        g.add((r, JJO.reportTitle, zh(meta.report_title)))
        if meta.publisher:
            g.add((r, DCTERMS.publisher, zh(meta.publisher)))
        if meta.source_url:
            g.add((r, DCTERMS.source, URIRef(meta.source_url)))
        if meta.author:
            g.add((r, DCTERMS.creator, zh(meta.author)))
        if meta.delivered:
            g.add((r, DCTERMS.date, Literal(meta.delivered.isoformat(), datatype=XSD.date)))
        g.add((r, JJO.planYear, year_literal(meta.plan_year)))
        g.add((r, JJO.reviewYear, year_literal(meta.review_year)))
        g.add((r, JJO.aboutPlace, iris.entity("place", meta.place)))
        if ex.text_kind:
            g.add((r, JJO.textKind, TEXT_KIND[ex.text_kind]))
        g.add((r, DCTERMS.language, Literal(meta.language)))
        g.add((r, JJO.sourceFile, Literal(meta.path.name)))
        g.add((r, JJO.sha256, Literal(meta.sha256)))
        g.add((r, JJO.fullText, Literal(ex.source.text)))
        ctx = _Context(self, g, ex, r)
        for sec in ex.sections:
            s = iris.entity("section", iris.join_slug(meta.slug, sec.key))
            g.add((s, RDF.type, JJO.Section))
            g.add((s, RDFS.label, zh(sec.title)))
            g.add((s, JJO.report, r))
            g.add((s, JJO.number, Literal(sec.number)))
            g.add((s, JJO.numberPrinted, Literal(sec.printed)))
            g.add((s, JJO.readingOrder, Literal(sec.reading_order)))
            g.add((s, JJO.kind, KIND["result" if sec.review else "target"]))
            g.add((s, PROV.wasDerivedFrom, ctx.passage(sec.span, sec.key)))
        for goal, goal_links in zip(ex.goals, links, strict=True):
            ctx.goal(goal, goal_links)
        return g


class _Context:
    """Emission state for one report: its graph, passages made so far, counters for minted names."""

    def __init__(self, em: Emitter, g: Graph, ex: ReportExtraction, report: URIRef):
        self.em, self.g, self.ex, self.report = em, g, ex, report
        self.slug = ex.meta.slug
        self.text = ex.source.text
        self.passages: dict[tuple[int, int], URIRef] = {}

    def passage(self, span: Span, key: str, within: URIRef | None = None) -> URIRef:
        found = self.passages.get((span.start, span.end))
        if found is not None:
            return found
        p = iris.entity("passage", iris.join_slug(self.slug, key))
        g = self.g
        g.add((p, RDF.type, JJO.Passage))
        g.add((p, RDF.type, OA.SpecificResource))
        g.add((p, OA.hasSource, self.report))
        g.add((p, JJO.line, Literal(span.line)))
        quote = BNode(f"q-{self.slug}-{span.start}-{span.end}")
        g.add((p, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(self.text[span.start:span.end])))
        g.add((quote, OA.prefix, Literal(self.text[max(0, span.start - QUOTE_CONTEXT):span.start])))
        g.add((quote, OA.suffix, Literal(self.text[span.end:span.end + QUOTE_CONTEXT])))
        pos = BNode(f"p-{self.slug}-{span.start}-{span.end}")
        g.add((p, OA.hasSelector, pos))
        g.add((pos, RDF.type, OA.TextPositionSelector))
        g.add((pos, OA.start, Literal(span.start)))
        g.add((pos, OA.end, Literal(span.end)))
        if within is not None:
            g.add((p, DCTERMS.isPartOf, within))
        self.passages[(span.start, span.end)] = p
        return p

    def assert_link(self, s: URIRef, p: URIRef, o: URIRef, passage: URIRef, key: str) -> None:
        """State s p o, and who said so: a reified statement pointing to the passage."""
        g = self.g
        g.add((s, p, o))
        a = iris.entity("assertion", iris.join_slug(self.slug, key))
        g.add((a, RDF.type, RDF.Statement))
        g.add((a, RDF.subject, s))
        g.add((a, RDF.predicate, p))
        g.add((a, RDF.object, o))
        g.add((a, PROV.wasDerivedFrom, passage))
        g.add((a, JJO.report, self.report))

    def goal(self, goal: GoalRecord, links: GoalLinks) -> None:
        g = self.g
        kind = "theme" if goal.is_theme else "goal"
        s = iris.entity(kind, iris.join_slug(self.slug, goal.key))
        g.add((s, RDF.type, JJO.Goal))
        if goal.is_theme:
            g.add((s, RDF.type, JJO.Theme))
        g.add((s, RDFS.label, zh(goal.text)))
        g.add((s, JJO.key, Literal(goal.key)))
        g.add((s, JJO.report, self.report))
        g.add((s, JJO.kind, KIND[goal.kind]))
        g.add((s, JJO.year, year_literal(goal.year)))
        g.add((s, JJO.readingOrder, Literal(goal.reading_order)))
        if goal.section:
            g.add((s, JJO.inSection, iris.entity("section", iris.join_slug(self.slug, goal.section))))
        if goal.theme:
            g.add((s, JJO.inTheme, iris.entity("theme", iris.join_slug(self.slug, goal.theme))))
        passage = self.passage(goal.span, goal.key)
        g.add((s, PROV.wasDerivedFrom, passage))
        for place in goal.places:
            g.add((s, JJO.mentionsPlace, iris.entity("place", place)))
        for industry in goal.industries:
            g.add((s, JJO.industry, iris.entity("industry", industry)))
        n_link = 0
        for n, (fig, indicator) in enumerate(zip(goal.figures, links.figures, strict=True), start=1):
            f = self.figure(fig, goal, n, passage, indicator)
            g.add((s, JJO.hasFigure, f))
        for n, (rec, (slug, places, groups)) in enumerate(zip(goal.projects, links.projects, strict=True), start=1):
            proj = iris.entity("project", slug)
            g.add((s, JJO.involvesProject, proj))
            ppass = self.passage(rec.span, f"{goal.key}-p{n}", within=passage)
            g.add((proj, PROV.wasDerivedFrom, ppass))
            g.add((proj, JJO.appearsIn, self.report))
            for place in places:  # the locations this passage gives; a curated one is stated once, in the reference
                n_link += 1
                self.assert_link(proj, JJO.location, iris.entity("place", place), ppass, f"{goal.key}-l{n_link}")
            for industry in rec.industries:
                n_link += 1
                self.assert_link(proj, JJO.industry, iris.entity("industry", industry), ppass, f"{goal.key}-l{n_link}")
            if rec.group:
                for group in groups:
                    n_link += 1
                    self.assert_link(proj, JJO.partOfGroup, iris.entity("project", group), ppass,
                                     f"{goal.key}-l{n_link}")
            if rec.figure is not None:
                index = next(i for i, f in enumerate(goal.figures, start=1) if f is rec.figure)
                g.add((proj, JJO.hasFigure, self.figure_iri(goal, index)))
        for place, industry, span in goal.specialities:
            n_link += 1
            spass = self.passage(span, f"{goal.key}-sp{n_link}", within=passage)
            self.assert_link(iris.entity("place", place), JJO.speciality, iris.entity("industry", industry), spass,
                             f"{goal.key}-l{n_link}")

    def figure_iri(self, goal: GoalRecord, n: int) -> URIRef:
        return iris.entity("figure", iris.join_slug(self.slug, goal.key, f"f{n}"))

    def figure(self, fig: FigureRecord, goal: GoalRecord, n: int, statement: URIRef,
               indicator: tuple[str, str, str | None]) -> URIRef:
        g = self.g
        f = self.figure_iri(goal, n)
        slug, name_zh, name_en = indicator
        g.add((f, RDF.type, JJO.Figure))
        g.add((f, RDF.type, QB.Observation))
        g.add((f, QB.dataSet, iris.entity("dataset", "figures")))
        g.add((f, JJO.indicator, iris.entity("indicator", slug)))
        g.add((f, JJO.refPlace, iris.entity("place", fig.place or self.ex.meta.place)))
        g.add((f, JJO.year, year_literal(fig.year)))
        g.add((f, JJO.kind, KIND[fig.kind]))
        g.add((f, JJO.statistic, STATISTIC[fig.statistic]))
        g.add((f, JJO.value, decimal_literal(fig.value)))
        if fig.upper is not None:  # a range ('增长5%—5.5%'): jjo:value is its first bound, schema's its two ends
            low, high = sorted((fig.value, fig.upper))
            g.add((f, SDO.minValue, decimal_literal(low)))
            g.add((f, SDO.maxValue, decimal_literal(high)))
        g.add((f, JJO.unit, iris.entity("unit", fig.unit)))
        for q in dict.fromkeys(fig.qualifiers):
            g.add((f, JJO.qualifier, QUALIFIER[q]))
        g.add((f, JJO.numberText, zh(fig.text)))
        g.add((f, JJO.report, self.report))
        g.add((f, RDFS.label, zh(f"{name_zh} {fig.text}（{fig.year}年{KIND_ZH[fig.kind]}）")))
        if name_en:
            g.add((f, RDFS.label, en(f"{name_en}: {fig.text} ({fig.year} {fig.kind})")))
        g.add((f, PROV.wasDerivedFrom, self.passage(fig.span, f"{goal.key}-f{n}", within=statement)))
        return f
