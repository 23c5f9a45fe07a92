"""SHACL a part of the graph at a time (issue 14): the engine never reads the whole corpus at once.

Every node a shape targets belongs to one part: to the report whose graph types it (its goals, figures, sections,
passages, themes, the report itself, its reified links), to the shared part whose graphs say anything of it (the
ontology's terms, places, industries, units, indicators, projects, curated links, the national figures), or to the
derived graph (assessments). A node's verdict reads its own triples, the types of the nodes it names (with the ontology's
subclasses), and, for the SPARQL constraints, a few triples of those nodes; so each part is checked with what its
nodes need:
- a batch of reports: their triples, the ontology, and the shared nodes they name with all the shared part says of
  them and of what they name in turn (a place's parents, an indicator's broader one);
- the shared part: its triples, and what each report and the derived graph say of a shared node (a project's
  passages, figures and report, with their types);
- the derived graph: its assessments, the ontology, and the figures they compare (their kind, indicator, year,
  statistic and place, from the rows the assessments were made from).
Only a violation on a node the part owns counts (on a blank node, always: the selectors are a report's); the other
nodes of a check are there for what their types and triples say. A report that says anything of a node that neither
it types nor the shared part speaks of, or types a node the shared part speaks of, breaks that premise: `Checks.add` then says so,
and the build checks the whole graph as one (kg/graph/stream.py), as it does when any check finds a violation.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from kg.graph.assess import FigureRow
from kg.graph.namespaces import JJO, SH
from kg.graph.validate import engine_results

# Bytes of report N-Triples checked by one engine run: a batch is checked when it has this much.
BATCH_BYTES = 16 * 2**20


class Checks:
    """The checks of one build, fed report by report; `clean` turns False at the first violation found."""

    def __init__(self, ontology: Graph, reference: Graph, engine_shapes: Graph):
        self.ontology_nt = ontology.serialize(format="nt", encoding="utf-8")
        self.reference = reference
        self.shapes = engine_shapes
        self.shared = set(ontology.subjects()) | set(reference.subjects())  # typed or not: a target all the same
        self.about_shared: list[bytes] = []  # what reports and the derived graph say of shared nodes, as N-Triples
        self.clean = True
        self._batch: list[bytes] = []
        self._batch_bytes = 0
        self._owned: set = set()
        self._named: set = set()

    def add(self, graph: Graph, ntriples: bytes) -> None:
        """A report's graph and its triples as N-Triples; checked with others once BATCH_BYTES are gathered."""
        if not self.clean:
            return
        owned = set(graph.subjects(RDF.type, None))
        if owned & self.shared:
            self.clean = False  # a report typing a node of the shared part: no part owns it alone
            return
        about = Graph()
        for s, p, o in graph:
            if s not in owned:
                if s not in self.shared:
                    self.clean = False  # a report speaking of a node no part owns
                    return
                about.add((s, p, o))
                self._named.add(s)
                if o in owned:
                    about += graph.triples((o, RDF.type, None))
            if isinstance(o, URIRef) and o in self.shared:
                self._named.add(o)
        self.about_shared.append(about.serialize(format="nt", encoding="utf-8"))
        self._owned |= owned
        self._batch.append(ntriples)
        self._batch_bytes += len(ntriples)
        if self._batch_bytes >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Check the reports gathered so far."""
        if self._batch and self.clean:
            closure = self._closure(self._named)
            self._check([*self._batch, closure.serialize(format="nt", encoding="utf-8"), self.ontology_nt],
                        self._owned)
        self._batch, self._batch_bytes, self._owned, self._named = [], 0, set(), set()

    def shared_part(self, derived: Graph) -> None:
        """The shared part, once every report is in; `derived`'s statements about shared nodes with it (a project's
        jjo:locatedWithin)."""
        about = Graph()
        for s in set(derived.subjects()) & self.shared:
            about += derived.triples((s, None, None))
        reference_nt = self.reference.serialize(format="nt", encoding="utf-8")
        self._check([self.ontology_nt, reference_nt, *self.about_shared, about.serialize(format="nt", encoding="utf-8")],
                    self.shared)

    def derived(self, derived: Graph, rows: list[FigureRow]) -> None:
        """The assessments, with the figures they compare."""
        compared = set(derived.objects(None, JJO.target)) | set(derived.objects(None, JJO.result))
        figures = Graph()
        for row in rows:
            if row.figure.iri in compared:
                indicator, place, year, statistic, kind = row.key
                f = row.figure.iri
                figures += [(f, RDF.type, JJO.Figure), (f, JJO.indicator, indicator), (f, JJO.refPlace, place),
                            (f, JJO.year, year), (f, JJO.statistic, statistic), (f, JJO.kind, kind)]
        owned = set(derived.subjects()) - self.shared
        self._check([derived.serialize(format="nt", encoding="utf-8"), figures.serialize(format="nt", encoding="utf-8"),
                     self.ontology_nt], owned)

    def _closure(self, named: set) -> Graph:
        """All the reference graph says of the shared nodes in `named` and of the shared nodes those name."""
        out, todo, seen = Graph(), list(named), set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for s, p, o in self.reference.triples((node, None, None)):
                out.add((s, p, o))
                if (isinstance(o, URIRef) and o in self.shared) or isinstance(o, BNode):
                    todo.append(o)
        return out

    def _check(self, texts: list[bytes], owned: set) -> None:
        if not self.clean:
            return
        results = engine_results(b"".join(texts), self.shapes)
        if results is None:
            return
        for focus in results.objects(None, SH.focusNode):
            if isinstance(focus, BNode) or focus in owned:
                self.clean = False
                return
