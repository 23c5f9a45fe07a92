"""What changed between two plans: the targets of one plan year against those of another, place by place.

An item is a place's indicator with a statistic and a unit (a counted project group is one too: its count is a
figure of the group's indicator). Items in both plans carry the change; the rest appear in only one. Two
places' targets for one indicator are two items, never one: a county's plan is not its province's.

A plan is a report's: its targets are figures read from a report (jjo:report), and the plan years offered are the
reports' (plan_years). The curated national table (data/reference/national_figures.csv, figures of 中国 with a
source document and no report) is not a plan of the graph's reports, so it is left out here, as it is from the
places-side-by-side form, whose rows quote the report's sentence: those figures have their own view, /ladder, and
they show on 中国's page and the indicator pages. Were they admitted, 中国 would stand beside every pair of years the
reports cover though no national report was ingested, and beside an ingested national report's own targets as a
second figure of the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.sparql.query import QueryService

# Required patterns come before the OPTIONALs: pyoxigraph 0.5 evaluates a required pattern placed after an
# OPTIONAL very slowly (2.4 s instead of 7 ms here).
QUERY = """
SELECT ?f ?year ?place ?place_zh ?indicator ?label_zh ?label_en ?statistic ?unit ?unit_zh ?value ?text ?group
       ?group_zh (GROUP_CONCAT(STRAFTER(STR(?q), "#"); separator=" ") AS ?qualifiers)
WHERE {
  VALUES ?year { ?from ?to }
  ?f jjo:year ?year ; jjo:kind jjo:Target ; jjo:refPlace ?place ; jjo:indicator ?indicator ; jjo:statistic ?statistic ;
     jjo:unit ?unit ; jjo:value ?value ; jjo:numberText ?text ; jjo:report ?report .
  ?place rdfs:label ?place_zh . FILTER (lang(?place_zh) = "zh")
  ?indicator rdfs:label ?label_zh . FILTER (lang(?label_zh) = "zh")
  ?unit rdfs:label ?unit_zh . FILTER (lang(?unit_zh) = "zh")
  OPTIONAL { ?indicator rdfs:label ?label_en . FILTER (lang(?label_en) = "en") }
  OPTIONAL { ?group a jjo:ProjectGroup ; jjo:hasFigure ?f ; rdfs:label ?group_zh . FILTER (lang(?group_zh) = "zh") }
  OPTIONAL { ?f jjo:qualifier ?q }
}
GROUP BY ?f ?year ?place ?place_zh ?indicator ?label_zh ?label_en ?statistic ?unit ?unit_zh ?value ?text ?group ?group_zh
ORDER BY ?place ?label_zh ?year
"""


@dataclass
class Stated:
    figure: str
    value: Decimal
    text: str  # as written: '增长6%左右'
    qualifiers: list[str]

    @property
    def estimated(self) -> bool:
        return "Estimated" in self.qualifiers


@dataclass
class Item:
    place: str
    place_zh: str
    indicator: str
    label_zh: str
    label_en: str | None
    statistic: str
    unit: str
    unit_zh: str
    project: str | None = None  # the counted project group, when the figure counts one
    project_zh: str | None = None
    before: list[Stated] = field(default_factory=list)
    after: list[Stated] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "both" if self.before and self.after else "only-from" if self.before else "only-to"

    @property
    def change(self) -> Decimal | None:
        """Difference of the totals when both plans state one figure each; None when it is not that simple."""
        if len(self.before) == 1 and len(self.after) == 1:
            return self.after[0].value - self.before[0].value
        return None


@dataclass
class Comparison:
    from_year: int
    to_year: int
    items: list[Item]
    place: str | None = None  # the one place compared, when asked for

    def places(self) -> list[tuple[str, str]]:
        """(IRI, Chinese name) of each place the items are of, in order."""
        return list(dict.fromkeys((i.place, i.place_zh) for i in self.items))

    def in_both(self) -> list[Item]:
        return [i for i in self.items if i.status == "both"]

    def only_from(self) -> list[Item]:
        return [i for i in self.items if i.status == "only-from"]

    def only_to(self) -> list[Item]:
        return [i for i in self.items if i.status == "only-to"]


def plan_years(service: QueryService, place: str | None = None) -> list[int]:
    """Plan years of the reports (of one place's reports, given its IRI)."""
    about = f"; jjo:aboutPlace <{place}>" if place else ""
    rows = service.select(f"SELECT DISTINCT ?y WHERE {{ ?r a jjo:Report ; jjo:planYear ?y {about} }} ORDER BY ?y")
    return [int(r["y"].value) for r in rows]


def compare(service: QueryService, from_year: int, to_year: int, place: str | None = None) -> Comparison:
    """The targets of two plan years, of every place or (given its IRI) of one."""
    query = QUERY.replace("?from", f'"{from_year:04d}"^^xsd:gYear').replace("?to", f'"{to_year:04d}"^^xsd:gYear')
    if place:
        query = query.replace("VALUES ?year", f"VALUES ?place {{ <{place}> }}\n  VALUES ?year")
    rows = service.select(query)
    items: dict[tuple[str, str, str, str], Item] = {}
    for r in rows:
        key = (r["place"].value, r["indicator"].value, r["statistic"].value, r["unit"].value)
        item = items.get(key)
        if item is None:
            item = items[key] = Item(key[0], r["place_zh"].value, key[1], r["label_zh"].value,
                                     r["label_en"].value if r["label_en"] else None, key[2], key[3],
                                     r["unit_zh"].value)
        if r["group"] is not None:
            item.project, item.project_zh = r["group"].value, r["group_zh"].value
        stated = Stated(r["f"].value, Decimal(r["value"].value), r["text"].value,
                        (r["qualifiers"].value.split() if r["qualifiers"] is not None else []))
        (item.before if int(r["year"].value) == from_year else item.after).append(stated)
    ordered = sorted(items.values(),
                     key=lambda i: (i.place, {"both": 0, "only-from": 1, "only-to": 2}[i.status], i.label_zh))
    return Comparison(from_year, to_year, ordered, place)


# -- Places side by side: one indicator's figures of one year, place by place ----------------------------------------

# The same rows as the example query kg/sparql/queries/8-places-side-by-side.rq (tests/test_compare_places.py checks
# they agree); `{places}` is either a VALUES list of places or the children of one place.
PLACES_QUERY = """
SELECT ?f ?place ?place_zh ?level ?year ?kind ?statistic ?value ?unit ?unit_zh ?text
       (GROUP_CONCAT(STRAFTER(STR(?q), "#"); separator=" ") AS ?qualifiers) ?report ?line ?sentence
WHERE {{
  VALUES ?year {{ "{year:04d}"^^xsd:gYear }}
  {places}
  ?f jjo:indicator <{indicator}> ; jjo:year ?year ; jjo:refPlace ?place ; jjo:kind ?kind ; jjo:statistic ?statistic ;
     jjo:unit ?unit ; jjo:value ?value ; jjo:numberText ?text ; jjo:report ?report ; prov:wasDerivedFrom ?passage .
  ?passage jjo:line ?line .
  ?place rdfs:label ?place_zh . FILTER (lang(?place_zh) = "zh")
  ?unit rdfs:label ?unit_zh . FILTER (lang(?unit_zh) = "zh")
  OPTIONAL {{ ?place jjo:placeType ?level }}
  OPTIONAL {{ ?f jjo:qualifier ?q }}
  OPTIONAL {{ ?passage dcterms:isPartOf ?whole . ?whole oa:hasSelector ?selector .
             ?selector a oa:TextQuoteSelector ; oa:exact ?sentence }}
}}
GROUP BY ?f ?place ?place_zh ?level ?year ?kind ?statistic ?value ?unit ?unit_zh ?text ?report ?line ?sentence
ORDER BY ?kind ?statistic ?unit ?place ?f
"""


@dataclass
class PlaceRow:
    figure: str
    place: str
    place_zh: str
    level: str | None  # province, prefecture, county, …
    year: int
    kind: str  # Target or Result
    statistic: str  # Level, GrowthRate, …
    value: Decimal
    unit: str
    unit_zh: str
    text: str  # as written: '增长5%左右'
    qualifiers: list[str]
    report: str
    line: int
    sentence: str | None  # the sentence the figure was read from

    @property
    def estimated(self) -> bool:
        return "Estimated" in self.qualifiers


@dataclass
class PlaceComparison:
    indicator: str
    label_zh: str
    label_en: str | None
    year: int
    rows: list[PlaceRow]
    places: list[str]  # IRIs asked for (each listed, or the children of `within`)
    within: str | None = None

    def series(self) -> list[tuple[str, str, str, list[PlaceRow]]]:
        """(kind, statistic, unit, rows) groups that can share one chart axis, most places first."""
        groups: dict[tuple[str, str, str], list[PlaceRow]] = {}
        for r in self.rows:
            groups.setdefault((r.kind, r.statistic, r.unit), []).append(r)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] != "Target", -len({r.place for r in kv[1]}), kv[0]))
        return [(*key, rows) for key, rows in ordered]

    def missing(self) -> list[str]:
        """Places asked for that have no figure of the indicator that year."""
        have = {r.place for r in self.rows}
        return [p for p in self.places if p not in have] if self.within is None else []


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def places_query(indicator: str, year: int, places: list[str] | None = None, within: str | None = None) -> str:
    """The query of one indicator's figures of `year`, of the listed places or of the places directly within one."""
    if within is not None:
        scope = f"?place jjo:within <{within}> ."
    else:
        scope = "VALUES ?place { " + " ".join(f"<{p}>" for p in places or []) + " }"
    return PLACES_QUERY.format(year=year, places=scope, indicator=indicator)


def row_of(r) -> PlaceRow:
    return PlaceRow(r["f"].value, r["place"].value, r["place_zh"].value, r["level"].value if r["level"] else None,
                    int(r["year"].value[:4]), _local(r["kind"].value), _local(r["statistic"].value),
                    Decimal(r["value"].value), r["unit"].value, r["unit_zh"].value, r["text"].value,
                    r["qualifiers"].value.split() if r["qualifiers"] is not None else [], r["report"].value,
                    int(r["line"].value),
                    r["sentence"].value if r["sentence"] is not None else None)


def compare_places(service: QueryService, indicator: str, label_zh: str, label_en: str | None, year: int,
                   places: list[str] | None = None, within: str | None = None) -> PlaceComparison:
    """One indicator's figures (targets and results) of `year`, side by side, for the listed places or for every
    place directly within `within` that has such a figure."""
    rows = [row_of(r) for r in service.select(places_query(indicator, year, places, within))]
    asked = list(places or dict.fromkeys(r.place for r in rows))
    return PlaceComparison(indicator, label_zh, label_en, year, rows, asked, within)
