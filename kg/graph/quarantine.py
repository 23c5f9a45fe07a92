"""A bug of ours must not cost the user a report: a fact that extraction made malformed is dropped, not the report.

After the SHACL gate, each violation is traced to the node it is about. When that node is something extraction
made from a sentence of a report (a goal, figure, passage, section, reified link, or a project or indicator minted
from the text rather than curated), the node is dropped with every triple that names it, a warning names the
sentence and the shape, and the graph is checked again. A violation on anything else (the ontology, the curated
reference data, a report's own metadata, the derived assessments) is not ours to drop: the gate fails as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from kg.graph import iris
from kg.graph.namespaces import JJO, OA
from kg.graph.validate import ValidationReport, Violation, validate

MAX_ROUNDS = 4  # a drop can leave a dependant malformed (a link to a dropped project): check again, a few times
# What extraction makes from a sentence. Projects and indicators count only when minted from the text: a
# curated one (with its dcterms:source row) that fails is a fault of the reference data.
_FROM_SENTENCES = {JJO.Goal, JJO.Figure, JJO.Passage, JJO.Section, RDF.Statement}
_MINTED = {JJO.Project, JJO.Indicator}


@dataclass(frozen=True)
class Dropped:
    node: str
    label: str
    shape: str
    message: str
    report: str  # slug of the report whose sentence it came from, or '' when none could be found
    line: int | None
    sentence: str

    def text(self) -> str:
        where = f"{self.report}:{self.line}" if self.line is not None else (self.report or "no sentence found")
        name = f"{self.label} " if self.label else ""
        return (f"dropped {name}<{self.node}>: {self.message} [{self.shape}] — from {where}: "
                f"“{self.sentence[:120]}”")

    def as_json(self) -> dict:
        return asdict(self)


def gate(ds: Dataset, data: Graph, shapes: Graph, rederive: Callable[[], None] = lambda: None,
         check: Callable[[Graph, Graph], ValidationReport] = validate) -> tuple[ValidationReport, list[Dropped]]:
    """Validate `data` (the union of `ds`); drop what extraction made malformed from both, rederive, validate
    again. Returns the last report and the drops."""
    dropped: list[Dropped] = []
    for _round in range(MAX_ROUNDS + 1):
        report = check(data, shapes)
        if report.conforms or _round == MAX_ROUNDS:
            return report, dropped
        blamed: dict[URIRef, Violation] = {}
        # The engine reports violations in an order that follows Python's set order (it changes with
        # PYTHONHASHSEED): read in a fixed order, the same violation names a node's drop in every build.
        for v in sorted(report.violations, key=_reading_order):
            node = _owner(v.node, data)
            if node is None or not _extracted(node, data):
                return report, dropped  # not an extraction fault: publication stays blocked
            blamed.setdefault(node, v)
        for node, v in sorted(blamed.items(), key=lambda kv: str(kv[0])):
            dropped.append(_describe(node, v, data))
            _remove(ds, node, data)
        rederive()
    return report, dropped


def _reading_order(v: Violation) -> tuple[str, ...]:
    return (v.focus, v.shape, v.path, v.message, v.value)


def _owner(node, data: Graph) -> URIRef | None:
    """The entity a violation is about: a selector (a blank node) belongs to its passage."""
    if isinstance(node, URIRef):
        return node
    if isinstance(node, BNode):
        owner = next(data.subjects(OA.hasSelector, node), None)
        return owner if isinstance(owner, URIRef) else None
    return None


def _extracted(node: URIRef, data: Graph) -> bool:
    types = set(data.objects(node, RDF.type))
    if types & _FROM_SENTENCES:
        return (node, DCTERMS.source, None) not in data  # a curated link (projects.csv) is reference data
    if types & _MINTED:
        return (node, DCTERMS.source, None) not in data and iris.kind_of(node) in ("project", "indicator")
    return not types and iris.kind_of(node) in ("project", "indicator", "figure", "goal", "theme", "passage")


def _passage_of(node: URIRef, data: Graph) -> URIRef | None:
    """The passage a fact came from; for a fact with none (the usual bug), the passage of what names it."""
    if (node, RDF.type, JJO.Passage) in data:
        return node
    found = data.value(node, PROV.wasDerivedFrom)
    if found is not None:
        return found
    for subject in data.subjects(None, node):
        found = data.value(subject, PROV.wasDerivedFrom)
        if found is not None and (found, RDF.type, JJO.Passage) in data:
            return found
    return None


def _describe(node: URIRef, v: Violation, data: Graph) -> Dropped:
    passage = _passage_of(node, data)
    sentence, report, line = "", "", None
    if passage is not None:
        quote = next((q for q in data.objects(passage, OA.hasSelector) if (q, OA.exact, None) in data), None)
        sentence = str(data.value(quote, OA.exact)) if quote is not None else ""
        within = data.value(passage, DCTERMS.isPartOf)  # a figure's words: quote the whole statement
        if within is not None:
            outer = next((q for q in data.objects(within, OA.hasSelector) if (q, OA.exact, None) in data), None)
            sentence = str(data.value(outer, OA.exact)) if outer is not None else sentence
        source = data.value(passage, OA.hasSource)
        report = str(source).rsplit("/", 1)[-1] if source is not None else ""
        line_value = data.value(passage, JJO.line)
        line = int(line_value) if line_value is not None else None
    label = next((str(o) for o in data.objects(node, RDFS.label) if getattr(o, "language", None) == "zh"), "")
    return Dropped(str(node), label, v.shape, v.message, report, line, " ".join(sentence.split()))


def _remove(ds: Dataset, node: URIRef, data: Graph) -> None:
    """Every triple that names the node, its selectors, and the reified links about it, in every graph."""
    doomed = {node}
    doomed |= {s for s in data.subjects(RDF.subject, node)} | {s for s in data.subjects(RDF.object, node)}
    blanks = {o for n in doomed for o in data.objects(n, OA.hasSelector) if isinstance(o, BNode)}
    for graph in [*ds.graphs(), data]:
        for n in doomed | blanks:
            graph.remove((n, None, None))
            graph.remove((None, None, n))
