"""What changed between two plans: the targets of one plan year against those of another.

An item is an indicator with a statistic and a unit (a counted project group is one too: its count is a
figure of the group's indicator). Items in both plans carry the change; the rest appear in only one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.sparql.query import QueryService

# Required patterns come before the OPTIONALs: pyoxigraph 0.5 evaluates a required pattern placed after an
# OPTIONAL very slowly (2.4 s instead of 7 ms here).
QUERY = """
SELECT ?f ?year ?indicator ?label_zh ?label_en ?statistic ?unit ?unit_zh ?value ?text ?group ?group_zh
       (GROUP_CONCAT(STRAFTER(STR(?q), "#"); separator=" ") AS ?qualifiers)
WHERE {
  VALUES ?year { ?from ?to }
  ?f jjo:year ?year ; jjo:kind jjo:Target ; jjo:indicator ?indicator ; jjo:statistic ?statistic ;
     jjo:unit ?unit ; jjo:value ?value ; jjo:numberText ?text .
  ?indicator rdfs:label ?label_zh . FILTER (lang(?label_zh) = "zh")
  ?unit rdfs:label ?unit_zh . FILTER (lang(?unit_zh) = "zh")
  OPTIONAL { ?indicator rdfs:label ?label_en . FILTER (lang(?label_en) = "en") }
  OPTIONAL { ?group a jjo:ProjectGroup ; jjo:hasFigure ?f ; rdfs:label ?group_zh . FILTER (lang(?group_zh) = "zh") }
  OPTIONAL { ?f jjo:qualifier ?q }
}
GROUP BY ?f ?year ?indicator ?label_zh ?label_en ?statistic ?unit ?unit_zh ?value ?text ?group ?group_zh
ORDER BY ?label_zh ?year
"""


@dataclass
class Stated:
    figure: str
    value: Decimal
    text: str  # as written: '增长6%左右'
    qualifiers: list[str]


@dataclass
class Item:
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

    def in_both(self) -> list[Item]:
        return [i for i in self.items if i.status == "both"]

    def only_from(self) -> list[Item]:
        return [i for i in self.items if i.status == "only-from"]

    def only_to(self) -> list[Item]:
        return [i for i in self.items if i.status == "only-to"]


def plan_years(service: QueryService) -> list[int]:
    rows = service.select("SELECT DISTINCT ?y WHERE { ?r a jjo:Report ; jjo:planYear ?y } ORDER BY ?y")
    return [int(r["y"].value) for r in rows]


def compare(service: QueryService, from_year: int, to_year: int) -> Comparison:
    query = QUERY.replace("?from", f'"{from_year:04d}"^^xsd:gYear').replace("?to", f'"{to_year:04d}"^^xsd:gYear')
    rows = service.select(query)
    items: dict[tuple[str, str, str], Item] = {}
    for r in rows:
        key = (r["indicator"].value, r["statistic"].value, r["unit"].value)
        item = items.get(key)
        if item is None:
            item = items[key] = Item(key[0], r["label_zh"].value, r["label_en"].value if r["label_en"] else None,
                                     key[1], key[2], r["unit_zh"].value)
        if r["group"] is not None:
            item.project, item.project_zh = r["group"].value, r["group_zh"].value
        stated = Stated(r["f"].value, Decimal(r["value"].value), r["text"].value,
                        (r["qualifiers"].value.split() if r["qualifiers"] is not None else []))
        (item.before if int(r["year"].value) == from_year else item.after).append(stated)
    ordered = sorted(items.values(), key=lambda i: ({"both": 0, "only-from": 1, "only-to": 2}[i.status], i.label_zh))
    return Comparison(from_year, to_year, ordered)
