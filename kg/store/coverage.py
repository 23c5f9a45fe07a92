"""What the published dataset holds, read from the graph itself: whose reports (places, their levels), which years,
from which publishers. Titles and descriptions (VoID/DCAT, schema.org, pages, the API) are written from it, so a
graph of one county says so and a graph of many places says that instead; JJKG_TITLE replaces the title alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.graph.namespaces import JJO
from kg.settings import site_title
from kg.store.lookup import Lookup, StoreCache

# Our place classes by level, highest first: (class, Chinese, English).
LEVELS = (("Country", "国家", "national"), ("Province", "省级", "provincial"), ("Prefecture", "地级", "prefectural"),
          ("County", "县级", "county"), ("Subdistrict", "乡级", "township"), ("Town", "乡级", "township"))
_RANK = {str(JJO[c]): n for n, (c, _zh, _en) in enumerate(LEVELS)}
REPORTS = """SELECT ?r ?place ?year ?type ?zh ?en ?publisher WHERE {
  ?r a jjo:Report ; jjo:aboutPlace ?place ; jjo:planYear ?year .
  OPTIONAL { ?place a ?type }
  OPTIONAL { ?place rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?place rdfs:label ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?r dcterms:publisher ?publisher } }"""
_coverages = StoreCache()


@dataclass(frozen=True)
class Place:
    iri: str
    zh: str
    en: str
    level: int  # index in LEVELS; len(LEVELS) when none is known


@dataclass(frozen=True)
class Coverage:
    places: tuple[Place, ...]  # the places reports are about, highest level first
    reports: int
    years: tuple[int, ...]  # plan years, ascending
    publishers: tuple[str, ...]
    title_setting: str = ""

    def levels(self, lang: str = "zh") -> list[str]:
        names = []
        for p in self.places:
            if p.level < len(LEVELS):
                name = LEVELS[p.level][1 if lang == "zh" else 2]
                if name not in names:
                    names.append(name)
        return names

    def span(self) -> str:
        if not self.years:
            return ""
        first, last = self.years[0], self.years[-1]
        return str(first) if first == last else f"{first}–{last}"

    def title(self, lang: str = "zh") -> str:
        if self.title_setting:
            return self.title_setting
        if len(self.places) == 1:
            p = self.places[0]
            return (f"{p.zh}政府工作报告知识图谱" if lang == "zh"
                    else f"{p.en or p.zh} government work reports knowledge graph")
        return "政府工作报告知识图谱" if lang == "zh" else "Government work reports knowledge graph"

    def short_title(self, lang: str = "zh") -> str:
        """The site's name in the header and after each page title."""
        if self.title_setting:
            return self.title_setting
        if len(self.places) == 1:
            p = self.places[0]
            return f"{p.zh}知识图谱" if lang == "zh" else f"{p.en or p.zh} KG"
        return "政府工作报告知识图谱" if lang == "zh" else "Government work reports KG"

    def holds(self, lang: str = "zh") -> str:
        """One sentence on what the reports are: how many, of how many places, which levels and years."""
        n = len(self.places)
        if lang == "zh":
            who = self.places[0].zh if n == 1 else f"{n}个地方（{'、'.join(self.levels('zh'))}）"
            years = f"{self.span()}年" if self.years else ""
            return f"{who}{years}的{self.reports}份政府工作报告"
        who = (self.places[0].en or self.places[0].zh) if n == 1 else \
            f"{n} places ({', '.join(self.levels('en'))})"
        years = f", {self.span()}" if self.years else ""
        return f"{self.reports} government work report{'s' if self.reports != 1 else ''} of {who}{years}"

    def description(self, lang: str = "zh") -> str:
        if lang == "zh":
            return f"{self.holds('zh')}中的目标、项目、地点、产业与指标，每项事实均可追溯到报告原文。"
        return (f"Goals, projects, places, industries and figures of {self.holds('en')}; every fact traceable to "
                f"the sentence it came from.")

    def spatial(self) -> list[str]:
        return [p.zh for p in self.places]


def read(lookup: Lookup) -> Coverage:
    """The dataset's coverage, read once per store."""
    return _coverages.get(lookup.store, "coverage", lambda: _read(lookup))


def _read(lookup: Lookup) -> Coverage:
    places: dict[str, dict] = {}
    reports, years, publishers = set(), set(), []
    for row in lookup.select(REPORTS):
        iri = row["place"].value
        p = places.setdefault(iri, {"zh": "", "en": "", "level": len(LEVELS)})
        reports.add(row["r"].value)
        years.add(int(row["year"].value[:4]))
        if row["type"] is not None:
            p["level"] = min(p["level"], _RANK.get(row["type"].value, len(LEVELS)))
        for lang in ("zh", "en"):
            if row[lang] is not None and not p[lang]:
                p[lang] = row[lang].value
        if row["publisher"] is not None and row["publisher"].value not in publishers:
            publishers.append(row["publisher"].value)
    ordered = sorted((Place(iri, v["zh"] or iri.rsplit("/", 1)[-1], v["en"], v["level"])
                      for iri, v in places.items()), key=lambda p: (p.level, p.iri))
    return Coverage(tuple(ordered), len(reports), tuple(sorted(years)), tuple(sorted(publishers)), site_title())


DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
XSD_GYEAR = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")


def triples(dataset: ox.NamedNode, coverage: Coverage) -> list[ox.Triple]:
    """The dataset's title, description, places (dcterms:spatial) and years (dcterms:temporal), for /void and
    /dumps alike."""
    out = []
    for lang in ("zh", "en"):
        out.append(ox.Triple(dataset, ox.NamedNode(DCT + "title"), ox.Literal(coverage.title(lang), language=lang)))
        out.append(ox.Triple(dataset, ox.NamedNode(DCT + "description"),
                             ox.Literal(coverage.description(lang), language=lang)))
    out += [ox.Triple(dataset, ox.NamedNode(DCT + "spatial"), ox.NamedNode(p.iri)) for p in coverage.places]
    if coverage.years:
        period = ox.NamedNode(dataset.value + "-period")
        out += [ox.Triple(dataset, ox.NamedNode(DCT + "temporal"), period),
                ox.Triple(period, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode(DCT + "PeriodOfTime")),
                ox.Triple(period, ox.NamedNode(DCAT + "startDate"), ox.Literal(str(coverage.years[0]), datatype=XSD_GYEAR)),
                ox.Triple(period, ox.NamedNode(DCAT + "endDate"), ox.Literal(str(coverage.years[-1]), datatype=XSD_GYEAR))]
    return out
