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

import hashlib
from dataclasses import dataclass
from typing import Protocol

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from kg.graph.assess import FigureRow
from kg.graph.namespaces import JJO, SH
from kg.graph.validate import engine_results

# Bytes of report N-Triples checked by one engine run: a batch is checked when it has this much.
BATCH_BYTES = 16 * 2**20
# Predicates of the shared part that no shape targeting a report's nodes reads (tests/test_emit_cache.py checks the
# shapes): left out of a report's verdict key, since every new report adds an indicator's jjo:appearsIn, which would
# make every report naming that indicator be checked again.
NOT_READ = frozenset({JJO.appearsIn})


class Verdicts(Protocol):
    """Where clean verdicts are kept between builds (kg/graph/emit_cache.py), by name."""

    def known(self, name: str) -> bool: ...

    def keep(self, name: str) -> None: ...


@dataclass(frozen=True)
class ReportFacts:
    """What the checks read of a report's graph besides its N-Triples (kept with them: kg/graph/emit_cache.py)."""
    owned: frozenset  # the nodes it types
    outside: frozenset  # the subjects it speaks of without typing them (shared nodes, or the premise is broken)
    objects: frozenset  # the IRIs it names that it does not type (the shared ones among them are in its closure)
    about: bytes  # its triples about nodes it does not type, with the types of its own nodes they name: N-Triples


def report_facts(graph: Graph) -> ReportFacts:
    owned = set(graph.subjects(RDF.type, None))
    about, outside, objects = Graph(), set(), set()
    for s, p, o in graph:
        if s not in owned:
            about.add((s, p, o))
            outside.add(s)
            if o in owned:
                about += graph.triples((o, RDF.type, None))
        if isinstance(o, URIRef) and o not in owned:
            objects.add(o)
    return ReportFacts(frozenset(owned), frozenset(outside), frozenset(objects),
                       about.serialize(format="nt", encoding="utf-8"))


class Checks:
    """The checks of one build, fed report by report; `clean` turns False at the first violation found."""

    def __init__(self, ontology: Graph, reference: Graph, engine_shapes: Graph, verdicts: Verdicts | None = None):
        self.verdicts = verdicts
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
        self._tokens: list = []  # the batch's reports, as their callers named them
        self.passed: list = []  # tokens of reports found clean so far (the caller empties it)
        self._digests: dict = {}  # shared node → hash of its closure

    def add(self, graph: Graph, ntriples: bytes) -> None:
        """A report's graph and its triples as N-Triples; checked with others once BATCH_BYTES are gathered."""
        self.add_facts(report_facts(graph), ntriples)

    def add_facts(self, facts: ReportFacts, ntriples: bytes, checked: bool = False, token=None) -> None:
        """A report by what its checks read of it (`report_facts`) and its N-Triples. `checked`: an earlier build
        found it clean under this build's `verdict_key`, so it is not checked again. Otherwise it joins the batch,
        and `token` is put in `self.passed` once the batch is found clean."""
        if not self.clean:
            return
        if facts.owned & self.shared or not facts.outside <= self.shared:
            self.clean = False  # a report typing a node of the shared part, or speaking of a node no part owns
            return
        self.about_shared.append(facts.about)
        if checked:
            return
        self._named |= facts.outside | (facts.objects & self.shared)
        self._owned |= facts.owned
        self._batch.append(ntriples)
        self._tokens.append(token)
        self._batch_bytes += len(ntriples)
        if self._batch_bytes >= BATCH_BYTES:
            self.flush()

    def verdict_key(self, facts: ReportFacts) -> str:
        """A hash of all the shared part says of the shared nodes the report names, and of what those name in turn
        (the closure its batch is checked with), but NOT_READ: with the report's own triples, the ontology and the
        shapes (kg/graph/emit_cache.py's version), all a verdict on its nodes reads."""
        h = hashlib.sha256()
        for node in sorted(facts.outside | (facts.objects & self.shared)):
            h.update(f"{node.n3()}\0".encode())
            h.update(self._closure_digest(node))
        return h.hexdigest()[:32]

    def flush(self) -> None:
        """Check the reports gathered so far."""
        if self._batch and self.clean:
            closure = self._closure(self._named)
            self._check([*self._batch, closure.serialize(format="nt", encoding="utf-8"), self.ontology_nt],
                        self._owned)
            if self.clean:
                self.passed += [t for t in self._tokens if t is not None]
        self._batch, self._batch_bytes, self._owned, self._named, self._tokens = [], 0, set(), set(), []

    def shared_part(self, derived: Graph) -> None:
        """The shared part, once every report is in; `derived`'s statements about shared nodes with it (a project's
        jjo:locatedWithin)."""
        about = Graph()
        for s in set(derived.subjects()) & self.shared:
            about += derived.triples((s, None, None))
        reference_nt = self.reference.serialize(format="nt", encoding="utf-8")
        self._check_once("shared", [reference_nt, *self.about_shared, about.serialize(format="nt", encoding="utf-8")],
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
        self._check_once("derived", [derived.serialize(format="nt", encoding="utf-8"),
                                     figures.serialize(format="nt", encoding="utf-8")], owned)

    def _closure_digest(self, node, visiting: frozenset = frozenset()) -> bytes:
        """A hash of one shared node's closure (`_closure`) but NOT_READ: its own triples and the hashes of the
        shared nodes they name, made once per node and build (a node met again inside its own closure, a cycle,
        stands for itself by name, and what is hashed under such a cut is not kept)."""
        digest = self._digests.get(node)
        if digest is not None:
            return digest
        lines, below = [], set()
        for _s, p, o in self.reference.triples((node, None, None)):
            if p in NOT_READ:
                continue
            lines.append(f"{p.n3()} {o.n3()}")
            if (isinstance(o, URIRef) and o in self.shared) or isinstance(o, BNode):
                below.add(o)
        h = hashlib.sha256("\n".join(sorted(lines)).encode())
        cut = False
        for o in sorted(below, key=lambda term: term.n3()):
            h.update(f"\0{o.n3()}\0".encode())
            if o == node or o in visiting:
                cut = True
            else:
                h.update(self._closure_digest(o, visiting | {node}))
                cut = cut or o not in self._digests
        digest = h.digest()
        if not cut:
            self._digests[node] = digest
        return digest

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

    def _check_once(self, part: str, texts: list[bytes], owned: set) -> None:
        """`_check` of the texts with the ontology, unless `verdicts` says an earlier build found the same triples
        clean (the ontology and the shapes are the version of what keeps verdicts: kg/graph/emit_cache.py). The
        triples as a set: sorted lines, each once (the serialiser's order changes from run to run)."""
        if self.verdicts is None:
            self._check([*texts, self.ontology_nt], owned)
            return
        digest = hashlib.sha256(b"\n".join(sorted(set(b"".join(texts).splitlines())))).hexdigest()[:32]
        if self.verdicts.known(f"{part}.{digest}"):
            return
        self._check([*texts, self.ontology_nt], owned)
        if self.clean:
            self.verdicts.keep(f"{part}.{digest}")

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
