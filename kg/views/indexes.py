"""Index pages: places as a tree, projects by report year and theme, industries, indicators, reports, and the
figures of the home page.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field

from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, StoreCache
from kg.views import report_source
from kg.views.dataset_counts import DatasetCounts, read_dataset_counts
from kg.views.indicator_counts import read_indicator_counts
from kg.views.industry_tree import read_industry_rows
from kg.views.labels import Labeller, Ref
from kg.views.list_index import ListIndex
from kg.views.place_tree import read_place_rows
from kg.views.project_groups import read_project_rows
from kg.views.provenance import slug_of
from kg.views.report_keys import ReportKey, read_project_reports, read_report_keys
from kg.views.report_source import Source

_figures = StoreCache()


@dataclass
class TreeNode:
    entity: Ref
    projects: int = 0  # located here or anywhere inside
    children: list["TreeNode"] = field(default_factory=list)
    types: list[Ref] = field(default_factory=list)
    hidden: int = 0  # nodes below it left out of a pruned tree (its own page lists them)


@dataclass
class ThemeGroup:
    theme: Ref | None  # None: goals not under a numbered theme
    projects: list[Ref]


@dataclass
class SectionGroup:
    section: Ref | None
    themes: list[ThemeGroup]


@dataclass
class ReportProjects:
    year: str
    report: Ref
    sections: list[SectionGroup]
    count: int


@dataclass
class IndicatorRow:
    indicator: Ref
    broader: Ref | None
    targets: int
    results: int
    years: list[str]


@dataclass
class ReportRow:
    report: Ref
    slug: str
    plan_year: str
    review_year: str
    source: Source | None = None  # whose report (place, level) and where it came from


def pruned(roots: list[TreeNode], limit: int) -> list[TreeNode]:
    """The tree down to the deepest level at which it still has at most `limit` nodes (the roots at least), each
    node cut there counting what it hides: the places of 2,000 reports make a tree of thousands, and a place's own page
    lists what lies within it."""
    depth, shown, level = 0, len(roots), roots
    while level:
        below = [c for n in level for c in n.children]
        if not below or shown + len(below) > limit:
            break
        depth, shown, level = depth + 1, shown + len(below), below
    return [_cut(n, depth) for n in roots]


def _cut(node: TreeNode, depth: int) -> TreeNode:
    if depth == 0:
        return dataclasses.replace(node, children=[], hidden=_size(node) - 1)
    return dataclasses.replace(node, children=[_cut(c, depth - 1) for c in node.children])


def _size(node: TreeNode) -> int:
    return 1 + sum(_size(c) for c in node.children)


class Indexes:
    def __init__(self, lookup: Lookup, labeller: Labeller, index: ListIndex | None = None):
        self.lookup = lookup
        self.labeller = labeller
        self.index = index  # the lists' index beside the store, if any: what it holds ready-made is read from it

    def _tree(self, rows: list[tuple[str, str | None]], counts: dict[str, int] | None = None) -> list[TreeNode]:
        """A forest from (x, parent) pairs (parent None at the roots), in the order given: it is kept among equal
        names."""
        nodes = {x: TreeNode(self.labeller.ref(x)) for x, _parent in rows}
        roots = []
        for x, parent in rows:
            n = nodes[x]
            if parent in nodes and parent != n.entity.iri:
                nodes[parent].children.append(n)
            elif n not in roots:
                roots.append(n)

        def finish(n: TreeNode) -> int:
            n.children.sort(key=lambda c: c.entity.label())
            n.projects = (counts or {}).get(n.entity.iri, 0) + sum(finish(c) for c in n.children)
            return n.projects

        for root in roots:
            finish(root)
        return sorted(roots, key=lambda n: n.entity.label())

    def places(self) -> list[TreeNode]:
        """Every place under its parents, with the projects located in it."""
        held = self.index.place_rows() if self.index is not None else None
        return self._held_tree(held, read_place_rows, lambda r: r.place)

    def industries(self) -> list[TreeNode]:
        """Every industry under its broader ones, with its projects."""
        held = self.index.industry_rows() if self.index is not None else None
        return self._held_tree(held, read_industry_rows, lambda r: r.industry)

    def _held_tree(self, held, read_rows, node_of) -> list[TreeNode]:
        """A tree's rows and names from the index of pages' lists when it holds them (`held`), else read from the
        store; each row a node (`node_of`), its parent and its projects' count."""
        rows = held if held is not None else read_rows(self.lookup)
        if held is not None:
            self.labeller.know(self.index.names(list(dict.fromkeys(node_of(r) for r in rows))))
        return self._tree([(node_of(r), r.parent) for r in rows], {node_of(r): r.projects for r in rows})

    def project_reports(self) -> list[str]:
        """The reports that name projects, newest plan year first (then by IRI): cheap, for a page that shows a
        window of them. From the index of pages' lists when it holds them (read from the store otherwise)."""
        held = self.index.project_reports() if self.index is not None else None
        return held if held is not None else read_project_reports(self.lookup)

    def projects(self, reports: list[str] | None = None) -> list[ReportProjects]:
        """Projects by the report they appear in (newest first; of `reports` only, when given), then by section and
        theme of the goals that name them. One entry per report: reports of one year by many places stay apart.
        From the index of pages' lists when it holds them, their names with them (read from the store otherwise)."""
        held = self.index.project_rows(reports) if self.index is not None else None
        if held is not None:
            self.labeller.know(self.index.names(list(dict.fromkeys(
                i for r in held for i in (r.report, r.section, r.theme, r.project) if i is not None))))
        rows = held if held is not None else read_project_rows(self.lookup, self.labeller, reports)
        out = []
        for report, of_report in itertools.groupby(rows, key=lambda r: r.report):
            # A report's rows are together, and a section's within them, and a theme's within those.
            of_report = list(of_report)
            sections = []
            for section, of_section in itertools.groupby(of_report, key=lambda r: r.section):
                themes = [ThemeGroup(self._ref(theme), self.labeller.refs(r.project for r in of_theme))
                          for theme, of_theme in itertools.groupby(of_section, key=lambda r: r.theme)]
                sections.append(SectionGroup(self._ref(section), themes))
            out.append(ReportProjects(of_report[0].year, self.labeller.ref(report), sections,
                                      len({r.project for r in of_report})))
        return out

    def _ref(self, iri: str | None) -> Ref | None:
        return self.labeller.ref(iri) if iri is not None else None

    def indicators(self) -> list[IndicatorRow]:
        """Every indicator with its figures' counts, most figures first: from the index of pages' lists when it holds
        them (an aggregate over every figure otherwise)."""
        held = self.index.indicator_counts() if self.index is not None else None
        counts = held if held is not None else read_indicator_counts(self.lookup)
        out = [IndicatorRow(self.labeller.ref(c.indicator), self.labeller.ref(c.broader) if c.broader else None,
                            c.targets, c.results, list(c.years))
               for c in counts]
        return sorted(out, key=lambda r: (-(r.targets + r.results), r.indicator.label()))

    def reports(self) -> list[ReportRow]:
        """Every report, newest plan year first, with its source."""
        return self.report_rows(self.report_keys())

    def report_keys(self) -> list[ReportKey]:
        """Every report's IRI and years, newest plan year first: cheap, for a page that shows a window of them. From
        the index of pages' lists when it holds them (read from the store otherwise)."""
        held = self.index.report_keys() if self.index is not None else None
        return held if held is not None else read_report_keys(self.lookup)

    def report_rows(self, keys: list[ReportKey]) -> list[ReportRow]:
        """The rows of these reports (of report_keys), their sources read for them only: from the index of pages'
        lists when it holds them (the reports' names with them), from the store otherwise."""
        reports = [k.report for k in keys]
        held = self.index.sources(reports, self.labeller) if self.index is not None else None
        sources = held if held is not None else report_source.read_some(self.lookup, self.labeller, reports)
        return [ReportRow(self.labeller.ref(k.report), slug_of(k.report), k.plan, k.review, sources.get(k.report))
                for k in keys]

    def figures(self) -> DatasetCounts:
        """What the home page counts: triples, entities per class. From the index of pages' lists when it holds them
        (counted in the store otherwise), once per store."""

        def count() -> DatasetCounts:
            held = self.index.dataset_counts() if self.index is not None else None
            return held if held is not None else read_dataset_counts(self.lookup)

        return _figures.get(self.lookup.store, "figures", count)


CLASSES_SHOWN = ("Place", "Project", "ProjectGroup", "Programme", "Goal", "Theme", "Figure", "Indicator", "Industry", "Report",
                 "Section", "Passage")


def class_counts(figures: DatasetCounts) -> list[tuple[str, int]]:
    return [(str(JJO[c]), figures.classes.get(str(JJO[c]), 0)) for c in CLASSES_SHOWN]
