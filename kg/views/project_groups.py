"""What /projects and /projects.json list: the projects the goals name, by report (newest plan year first), then
by section and theme of the goals, in the order the pages show them. Grouping every goal that names a project and
naming every project (~115 ms at 500 generated reports, growing with the corpus) is what /projects.json paid, so the
build writes these rows into the index of pages' lists (kg/views/list_index.py), the names of the reports, sections,
themes and projects with them, and the pages read them from there; this query answers only for a store whose index
lacks them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.store.lookup import Lookup, integer, text
from kg.views.labels import Labeller


@dataclass(frozen=True)
class ProjectRow:
    """One project under one report, section and theme: a report's rows are consecutive, and so are those of each of
    its sections and of each theme within a section."""

    report: str
    year: str  # the report's plan year as the store writes it
    section: str | None  # None: goals outside any section
    theme: str | None  # None: goals not under a numbered theme
    project: str


def read_project_rows(lookup: Lookup, labeller: Labeller, reports: list[str] | None = None) -> list[ProjectRow]:
    """The rows of every report naming projects (of `reports` only, when given), in the pages' order: reports newest
    first (then by IRI), sections by number, themes by key, projects by name (then by IRI). One report per entry:
    reports of one year by many places stay apart."""
    within = f"VALUES ?report {{ {lookup.values(reports)} }}" if reports is not None else ""
    rows = lookup.select(f"""
        SELECT ?report ?year ?section ?number ?theme ?key ?project WHERE {{ {within}
          ?g jjo:involvesProject ?project ; jjo:report ?report . ?report jjo:planYear ?year .
          OPTIONAL {{ ?g jjo:inSection ?section . OPTIONAL {{ ?section jjo:number ?number }} }}
          OPTIONAL {{ ?g jjo:inTheme ?theme . ?theme jjo:key ?key }}
        }}""")
    tree: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    # Sections by number, themes by key: two orders, since a goal outside any section or theme is '' in both.
    section_order: dict[str, tuple[int]] = {}
    theme_order: dict[str, tuple[str]] = {}
    years: dict[str, str] = {}
    for r in rows:
        report = r["report"].value
        years[report] = text(r["year"])
        section = r["section"].value if r["section"] is not None else ""
        theme = r["theme"].value if r["theme"] is not None else ""
        section_order[section] = (integer(r["number"]) or 99,)
        theme_order[theme] = (text(r["key"]) or "~",)
        tree[report][section][theme].add(r["project"].value)
    out = []
    for report in sorted(tree, key=lambda rep: (-int(years[rep][:4]), rep)):
        for section in sorted(tree[report], key=lambda s: section_order.get(s, (99,))):
            for theme in sorted(tree[report][section], key=lambda t: theme_order.get(t, ("~",))):
                # By IRI first, so that projects of one name keep an order (a set's varies from process to process).
                projects = sorted(sorted(tree[report][section][theme]), key=lambda p: labeller.ref(p).label())
                out.extend(ProjectRow(report, years[report], section or None, theme or None, p) for p in projects)
    return out
