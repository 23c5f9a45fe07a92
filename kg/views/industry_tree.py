"""What the /industries tree is made of: every industry with its broader one (skos:broader) and the projects of
that industry itself. The industries are the scheme's, but counting their projects reads every project's industry
(~25 ms at 500 generated reports, growing with the corpus), so the build writes these rows into the index of pages'
lists (kg/views/list_index.py), the industries' names with them, and the page reads them from there; these queries
answer only for a store whose index lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.store.lookup import Lookup, integer


@dataclass(frozen=True)
class IndustryRow:
    industry: str
    parent: str | None  # None at a root; an industry under two broader ones has a row for each
    projects: int  # projects of the industry itself (the tree adds those of the narrower ones)


def read_industry_rows(lookup: Lookup) -> list[IndustryRow]:
    """One row per industry and broader one, in the order the store answers: the tree keeps it among equal names."""
    counts = {r["i"].value: integer(r["n"]) for r in lookup.select(
        "SELECT ?i (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a jjo:Project ; jjo:industry ?i } GROUP BY ?i")}
    rows = lookup.select("SELECT DISTINCT ?x ?parent WHERE { ?x a jjo:Industry OPTIONAL { ?x skos:broader ?parent } }")
    return [IndustryRow(r["x"].value, r["parent"].value if r["parent"] is not None else None,
                        counts.get(r["x"].value, 0)) for r in rows]
