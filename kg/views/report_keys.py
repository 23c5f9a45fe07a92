"""The reports in the order the home page and /reports list them: newest plan year first, then by IRI. A sorted read
of every report (~20 ms at 500 generated reports, growing with the corpus) that the first page after a start paid,
so the build writes it into the index of pages' lists (kg/views/list_index.py) and pages read it from there; this
query answers only for a store whose index lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.store.lookup import Lookup


@dataclass(frozen=True)
class ReportKey:
    report: str
    plan: str  # the plan and review years as the store writes them
    review: str


def read_report_keys(lookup: Lookup) -> list[ReportKey]:
    return [ReportKey(r["r"].value, r["plan"].value, r["review"].value) for r in lookup.select("""
        SELECT ?r ?plan ?review WHERE { ?r a jjo:Report ; jjo:planYear ?plan ; jjo:reviewYear ?review }
        ORDER BY DESC(?plan) ?r""")]
