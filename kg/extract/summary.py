"""What extraction found in one report, in figures a user can check at a glance (printed by `jjkg ingest`)."""

from __future__ import annotations

from collections import Counter

from kg.extract.model import ReportExtraction


def summarise(ex: ReportExtraction) -> dict:
    figures = [f for g in ex.goals for f in g.figures]
    by_kind_year = Counter((f.kind, f.year) for f in figures)
    places = {p for g in ex.goals for p in g.places} | {p for g in ex.goals for r in g.projects for p in r.places}
    return {
        "statements": len(ex.goals),
        "sections": len(ex.sections),
        "figures": len(figures),
        "figures_by_kind_year": {f"{kind} {year}": n for (kind, year), n in sorted(by_kind_year.items())},
        "places": sorted(places),
        "projects": len({r.name for g in ex.goals for r in g.projects}),
        "skipped": len(ex.skipped),
        "left_out": sum(len(g.left_out) for g in ex.goals),  # numbers read and kept as no figure (left-out.tsv)
        "seconds": round(ex.seconds, 2),
    }
