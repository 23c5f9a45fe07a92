"""What /indicators lists of each indicator: its broader one, how many target and result figures name it, and
their years. An aggregate over every figure of the store (~100 ms at 250 generated reports, growing with the
corpus), so the build writes it into the index of pages' lists (kg/views/list_index.py) and a page reads it
from there; this query answers only for a store whose index lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.store.lookup import Lookup, integer, text


@dataclass(frozen=True)
class IndicatorCounts:
    indicator: str
    broader: str | None
    targets: int
    results: int
    years: tuple[str, ...]  # sorted, each once


def read_indicator_counts(lookup: Lookup) -> list[IndicatorCounts]:
    """One entry per indicator and broader one, in the order the store answers (the page sorts them, stably)."""
    rows = lookup.select("""
        SELECT ?i ?broader (SUM(IF(?k = jjo:Target, 1, 0)) AS ?targets) (SUM(IF(?k = jjo:Result, 1, 0)) AS ?results)
               (GROUP_CONCAT(DISTINCT STR(?year); separator=" ") AS ?years) WHERE {
          ?i a jjo:Indicator . OPTIONAL { ?i skos:broader ?broader }
          OPTIONAL { ?f jjo:indicator ?i ; jjo:kind ?k ; jjo:year ?year }
        } GROUP BY ?i ?broader""")
    return [IndicatorCounts(r["i"].value, r["broader"].value if r["broader"] else None, integer(r["targets"]) or 0,
                            integer(r["results"]) or 0, tuple(sorted(set((text(r["years"]) or "").split()))))
            for r in rows]
