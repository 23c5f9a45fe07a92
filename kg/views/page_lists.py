"""The row keys of an entity page's lists, in the order the page shows them.

A place lists the projects in it and in every place inside it (as (project, report) mentions), the goals that
mention those places and their figures; an indicator lists its figures and its assessments, a page of each at a time.
The order is the reading order of kg/views/reading_order.py: newest report first, then the report's own order.

Two sources give the same keys:
- `scan_place` / `scan_indicator` read every key of an entity's lists from the store and sort them here: ~20 ms
  for a county of the 10M-triple graph, most of it reading IRIs back from the store for the first time;
- the index written beside the store when it is built (kg/views/list_index.py) holds the result of those same scans
  for every place and indicator, so that a page reads only the 25 keys it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, inline, node
from kg.views import reading_order

PLACE, INDICATOR = "place", "indicator"
# The lists of each kind of entity. "within" (the place and every place inside it) and "industries" (of the
# projects in it) are read whole; the others a window at a time.
NAMES = {PLACE: ("within", "projects", "goals", "figures", "industries"), INDICATOR: ("figures", "assessments")}
PAIRED = {(PLACE, "projects")}  # lists whose rows are (entity, report) pairs


class Lists(Protocol):
    """One entity's lists by name: how many rows each has, and the rows of a window (all with size None)."""

    def total(self, name: str) -> int: ...

    def rows(self, name: str, offset: int = 0, size: int | None = None) -> Sequence: ...


@dataclass(frozen=True)
class Scanned:
    """Lists read whole from the store."""

    lists: dict[str, list]

    def total(self, name: str) -> int:
        return len(self.lists[name])

    def rows(self, name: str, offset: int = 0, size: int | None = None) -> Sequence:
        keys = self.lists[name]
        return keys[offset:] if size is None else keys[offset: offset + size]


def column(lookup: Lookup, query: str, **bindings: str) -> list[str]:
    """The first variable of a trusted SELECT, as IRIs (positional access: no dict per row)."""
    return [solution[0].value for solution in lookup.stream(inline(query, bindings))]


def scan_place(lookup: Lookup, iri: str) -> Scanned:
    years = reading_order.report_years(lookup)
    places = column(lookup, "SELECT ?loc WHERE { ?loc jjo:within* ?place }", place=iri)
    projects = column(lookup, """SELECT DISTINCT ?project WHERE {
        ?loc jjo:within* ?place . ?project jjo:location ?loc }""", place=iri)
    appears, industry = str(JJO.appearsIn), str(JJO.industry)
    mentions, industries = [], {}
    for p in projects:
        for t in lookup.triples(node(p)):  # one scan for both properties
            if t.predicate.value == appears:
                mentions.append((p, t.object.value))
            elif t.predicate.value == industry:
                industries[t.object.value] = None
    mentions.sort(key=lambda m: reading_order.mention_key(m[0], m[1], years))
    goals = column(lookup, """SELECT DISTINCT ?goal WHERE {
        ?loc jjo:within* ?place . ?goal jjo:mentionsPlace ?loc }""", place=iri)
    by_order = lambda k: reading_order.statement_key(k, years)  # noqa: E731
    return Scanned({"within": sorted(set(places)), "projects": mentions, "goals": sorted(goals, key=by_order),
                    "figures": place_figures(lookup, iri, by_order), "industries": list(industries)})


def place_figures(lookup: Lookup, iri: str, by_order) -> list[str]:
    """The figures of a place and of every place within it: its own first, newest year first, targets before
    results; then each sub-place's, place by place, in the same order — so no row reads as another place's."""
    rows = lookup.stream(inline("""SELECT ?f ?loc ?year ?kind WHERE {
        ?loc jjo:within* ?place . ?f jjo:refPlace ?loc ; jjo:year ?year ; jjo:kind ?kind }""", {"place": iri}))
    target = str(JJO.Target)
    keyed = {}
    for f, loc, year, kind in ((r[0].value, r[1].value, r[2].value, r[3].value) for r in rows):
        if iris.kind_of(f) == "figure":  # assessments share jjo:refPlace with figures
            keyed[f] = (loc != iri, loc, -int(year[:4]), kind != target, by_order(f))
    return sorted(keyed, key=keyed.__getitem__)


def scan_indicator(lookup: Lookup, iri: str) -> Scanned:
    """One scan of the subjects of jjo:indicator: its figures in reading order, and its assessments, newest year
    first (then by IRI: place by place), a page of them at a time (one per place and year: thousands at scale)."""
    years = reading_order.report_years(lookup)
    subjects = column(lookup, "SELECT ?s WHERE { ?s jjo:indicator ?i }", i=iri)
    figures = sorted((s for s in subjects if iris.kind_of(s) == "figure"),
                     key=lambda k: reading_order.statement_key(k, years))
    assessed = {r[0].value: int(r[1].value[:4]) for r in lookup.stream(inline(
        "SELECT ?a ?year WHERE { ?a jjo:indicator ?i ; a jjo:Assessment ; jjo:year ?year }", {"i": iri}))}
    assessments = sorted((s for s in subjects if iris.kind_of(s) == "assessment"),
                         key=lambda a: (-assessed.get(a, 0), a))
    return Scanned({"figures": figures, "assessments": assessments})


SCANS = {PLACE: scan_place, INDICATOR: scan_indicator}
CLASSES = {PLACE: str(JJO.Place), INDICATOR: str(JJO.Indicator)}


def entities(lookup: Lookup, kind: str) -> list[str]:
    """Every entity of a kind that has such lists (what the index is written for), in IRI order."""
    return sorted(column(lookup, "SELECT DISTINCT ?e WHERE { ?e a ?class }", **{"class": CLASSES[kind]}))
