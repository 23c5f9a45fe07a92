"""An indicator over the years: its targets and results, and the assessments made of them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from kg.errors import NotFound
from kg.sparql.query import QueryService

FIGURES = """
SELECT ?f ?year ?kind ?value ?text ?statistic ?unit ?unit_zh ?report ?place
       (GROUP_CONCAT(STRAFTER(STR(?q), "#"); separator=" ") AS ?qualifiers) WHERE {
  ?f jjo:indicator <%(indicator)s> ; jjo:year ?year ; jjo:kind ?kind ; jjo:value ?value ; jjo:numberText ?text ;
     jjo:statistic ?statistic ; jjo:unit ?unit ; jjo:refPlace ?place .
  ?unit rdfs:label ?unit_zh . FILTER (lang(?unit_zh) = "zh")
  OPTIONAL { ?f jjo:report ?report }  # none for a curated figure (the national table)
  OPTIONAL { ?f jjo:qualifier ?q }
} GROUP BY ?f ?year ?kind ?value ?text ?statistic ?unit ?unit_zh ?report ?place ORDER BY ?year ?kind
"""
ASSESSMENTS = """
SELECT ?a ?year ?outcome ?statistic ?provisional ?target ?result ?place WHERE {
  ?a a jjo:Assessment ; jjo:indicator <%(indicator)s> ; jjo:year ?year ; jjo:outcome ?outcome ;
     jjo:statistic ?statistic ; jjo:provisional ?provisional ; jjo:target ?target ; jjo:result ?result ;
     jjo:refPlace ?place .
} ORDER BY ?year
"""
LABEL = """SELECT ?zh ?en WHERE { <%(indicator)s> a jjo:Indicator ; rdfs:label ?zh . FILTER(lang(?zh) = "zh")
  OPTIONAL { <%(indicator)s> rdfs:label ?en . FILTER(lang(?en) = "en") } }"""


@dataclass
class Point:
    figure: str
    year: int
    kind: str  # 'Target' or 'Result'
    value: Decimal
    text: str
    qualifiers: list[str]
    statistic: str  # 'GrowthRate', 'Level', ...
    unit: str
    unit_zh: str
    report: str  # '' for a curated figure (the national table), which no report states
    place: str = ""  # IRI of the place the figure is of


@dataclass
class Judgement:
    assessment: str
    year: int
    outcome: str  # 'Exceeded', 'Met', 'Missed', 'NotComparable'
    statistic: str
    provisional: bool
    target: str
    result: str
    place: str = ""  # IRI of the place assessed


@dataclass
class Timeline:
    indicator: str
    label_zh: str
    label_en: str | None
    points: list[Point] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)

    def places(self) -> list[str]:
        """The places the figures are of, the most stated first."""
        return [p for p, _n in Counter(p.place for p in self.points).most_common()]

    def of_place(self, place: str) -> "Timeline":
        """The same indicator with only one place's figures (a chart draws one place: a county is not its province)."""
        return Timeline(self.indicator, self.label_zh, self.label_en, [p for p in self.points if p.place == place],
                        [j for j in self.judgements if j.place == place])

    def series(self) -> list[tuple[str, str]]:
        """(statistic, unit) pairs, the most stated first: one chart each."""
        counts = Counter((p.statistic, p.unit) for p in self.points)
        return [key for key, _n in counts.most_common()]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def timeline(service: QueryService, indicator: str) -> Timeline:
    if "<" in indicator or ">" in indicator or " " in indicator:
        raise NotFound(f"not an indicator IRI: {indicator!r}")
    labels = service.select(LABEL % {"indicator": indicator})
    if not labels:
        raise NotFound(f"no indicator {indicator}")
    t = Timeline(indicator, labels[0]["zh"].value, labels[0]["en"].value if labels[0]["en"] else None)
    for r in service.select(FIGURES % {"indicator": indicator}):
        t.points.append(Point(r["f"].value, int(r["year"].value), _local(r["kind"].value), Decimal(r["value"].value),
                              r["text"].value, r["qualifiers"].value.split() if r["qualifiers"] else [],
                              _local(r["statistic"].value), r["unit"].value, r["unit_zh"].value,
                              r["report"].value if r["report"] is not None else "",
                              r["place"].value))
    for r in service.select(ASSESSMENTS % {"indicator": indicator}):
        t.judgements.append(Judgement(r["a"].value, int(r["year"].value), _local(r["outcome"].value),
                                      _local(r["statistic"].value), r["provisional"].value == "true",
                                      r["target"].value, r["result"].value, r["place"].value))
    return t
