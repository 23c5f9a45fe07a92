"""What the /places tree is made of: every place with its parent (jjo:within) and the projects located right
there. Reading every place, its count and its name grows with the corpus (~120 ms at 500 generated reports, 1,946
places), so the build writes these rows into the index of pages' lists (kg/views/list_index.py), the places'
names with them, and the page reads them from there; this query answers only for a store whose index lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.store.lookup import Lookup, integer


@dataclass(frozen=True)
class PlaceRow:
    place: str
    parent: str | None  # None at a root; a place within two others has a row for each
    projects: int  # projects located at the place itself (the tree adds those within it)


def read_place_rows(lookup: Lookup) -> list[PlaceRow]:
    """One row per place and parent, in the order the store answers: the tree keeps it among equal names."""
    counts = {r["loc"].value: integer(r["n"]) for r in lookup.select(
        "SELECT ?loc (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p jjo:location ?loc } GROUP BY ?loc")}
    rows = lookup.select("SELECT DISTINCT ?x ?parent WHERE { ?x a jjo:Place OPTIONAL { ?x jjo:within ?parent } }")
    return [PlaceRow(r["x"].value, r["parent"].value if r["parent"] is not None else None,
                     counts.get(r["x"].value, 0)) for r in rows]
