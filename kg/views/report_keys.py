"""The reports in the order the home page and /reports list them (newest plan year first, then by IRI), and those
that name projects in the order /projects lists them. Sorted reads of every report (~20 ms at 500 generated
reports) and of every goal naming a project (~40 ms), growing with the corpus, that a page showing 25 reports paid;
so the build writes them into the index of pages' lists (kg/views/list_index.py) and pages read them from there;
these queries answer only for a store whose index lacks them.
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


def read_project_reports(lookup: Lookup) -> list[str]:
    """The reports that name projects, newest plan year first (then by IRI)."""
    return [r["report"].value for r in lookup.select("""
        SELECT DISTINCT ?report ?year WHERE { ?g jjo:involvesProject ?project ; jjo:report ?report .
          ?report jjo:planYear ?year } ORDER BY DESC(?year) ?report""")]
