"""The SHACL gate: validate the whole dataset (ontology + reference + reports) against `shapes/`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

# pyshacl-turbo: pySHACL's API and results on a Rust engine, about 1000x faster on this graph's SPARQL
# constraints (0.2 s instead of minutes). tests/test_shapes.py checks both engines agree on every shape.
from pyshacl_turbo import validate as shacl_validate
from pyshacl_turbo.rdf import Input  # an input already serialised: read by the engine without rdflib
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import InputError
from kg.graph.namespaces import BASE, JJO, OA, SH, rebase

JJS = BASE + "shapes#"  # rebased with the shapes (kg.graph.namespaces.rebase)
QUOTE_SHAPE = URIRef(JJS + "PassageShape")

MAX_EXAMPLES = 5  # focus nodes printed per problem; the rest are counted


@dataclass
class Violation:
    shape: str
    path: str
    message: str
    focus: str
    value: str
    severity: str
    node: object = None  # the focus node itself (an rdflib term), for kg.graph.quarantine


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    triples: int

    def text(self) -> str:
        """A readable report: one paragraph per problem, a few examples each."""
        if self.conforms:
            return f"conforms: {self.triples} triples checked, no violations"
        groups: dict[tuple[str, str, str], list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[(v.shape, v.path, v.message)].append(v)
        lines = [f"does not conform: {len(self.violations)} violation(s) of {len(groups)} kind(s) "
                 f"in {self.triples} triples"]
        for (shape, path, message), vs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            where = f" on {path}" if path else ""
            lines.append(f"\n✗ {message}{where}  [{shape}, {len(vs)} node(s)]")
            for v in vs[:MAX_EXAMPLES]:
                lines.append(f"    {v.focus}" + (f"  value: {v.value}" if v.value else ""))
            if len(vs) > MAX_EXAMPLES:
                lines.append(f"    … and {len(vs) - MAX_EXAMPLES} more")
        return "\n".join(lines)


def load_shapes(shapes_dir: Path) -> Graph:
    g = Graph()
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise InputError("no shapes (*.ttl) found", file=shapes_dir)
    for f in files:
        try:
            g.parse(data=rebase(f.read_text(encoding="utf-8")), format="turtle", publicID=f.as_uri())
        except Exception as exc:  # rdflib raises several parser exception types
            raise InputError(f"shapes do not parse: {exc}", file=f) from None
    return g


def union(ds: Dataset) -> Graph:
    """A copy of every graph's triples as one set (a triple per graph costs a copy: for a build, use union_view)."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


class _Union(Dataset):
    """rdflib's Dataset warns (DeprecationWarning) at every read of its `default_context`, which a union read does
    once per pattern: hundreds of thousands of warnings in a build. The attribute itself is all it needs."""

    @property
    def default_context(self):
        return self._default_context

    @default_context.setter
    def default_context(self, value):
        self._default_context = value

    def __iter__(self):
        """Its triples, as a Graph's iteration gives them (a Dataset's gives quads)."""
        return iter(self.triples((None, None, None)))


def union_view(ds: Dataset) -> Dataset:
    """Every graph of `ds` read as one set of triples, without a copy: a view on the same store, whose reads
    (`triples`, `value`, `in`, `len`) see each triple once whatever the graphs it is in, and see every later change
    to `ds`. Removing through it removes from every graph; add to a graph of `ds`, never to the view (that would
    be a triple of the default graph)."""
    return _Union(store=ds.store, default_union=True)


def union_ntriples(nquads: bytes) -> bytes:
    """The union of the graphs of rdflib's N-Quads of a Dataset, as N-Triples: each triple once, blank nodes keeping
    their labels, every term written as rdflib wrote it. rdflib writes a quad a line, `S P O G .` with the graph name
    an IRI, and `S P O  .` (an empty name) for the default graph: the triple is the line up to its graph name, so
    the union is a set of byte strings, and no term is read back into Python (at 32 reports: 0.6 s, where copying
    the union as an rdflib Graph took 6 s)."""
    rows: dict[bytes, None] = {}
    for line in nquads.split(b"\n"):
        if not line:
            continue
        if line.endswith(b"  ."):
            rows[line[:-3]] = None
            continue
        cut = line.rfind(b" <")
        if cut < 0 or not line.endswith(b"> ."):
            raise ValueError(f"not a line of rdflib's N-Quads: {line[:200]!r}")
        rows[line[:cut]] = None
    return b"".join(row + b" .\n" for row in rows)


def _short(node, graph: Graph) -> str:
    if isinstance(node, URIRef):
        label = next((str(o) for o in graph.objects(node, RDFS.label)), None)
        text = str(node)
        return f"<{text}> ({label[:40]})" if label else f"<{text}>"
    return str(node)[:80]


def _quote_constraint(shapes: Graph):
    """The SPARQL constraint of jjs:PassageShape that compares each quote with the report's full text."""
    for constraint in shapes.objects(QUOTE_SHAPE, SH.sparql):
        if "jjo:fullText" in str(shapes.value(constraint, SH.select) or ""):
            return constraint
    return None


def quote_violations(data: Graph, message: str) -> list[Violation]:
    """jjs:PassageShape's quote rule, checked in Python: SUBSTR on a report's full text costs an engine time in
    proportion to the text for every passage (so a long report's check grew with the square of its length),
    where a Python string is indexed in constant time. Same rule, same verdicts (tests/test_shapes.py)."""
    texts: dict = {}
    out = []
    for passage in data.subjects(OA.hasSource, None):
        for report in data.objects(passage, OA.hasSource):
            if report not in texts:
                texts[report] = [str(t) for t in data.objects(report, JJO.fullText)]
            quotes = [str(e) for q in data.objects(passage, OA.hasSelector) if (q, RDF.type, OA.TextQuoteSelector) in data
                      for e in data.objects(q, OA.exact)]
            positions = [(s.toPython(), e.toPython()) for p in data.objects(passage, OA.hasSelector)
                         if (p, RDF.type, OA.TextPositionSelector) in data
                         for s in data.objects(p, OA.start) for e in data.objects(p, OA.end)]
            for text in texts[report]:
                for exact in quotes:
                    for start, end in positions:
                        if not (isinstance(start, int) and isinstance(end, int)) or start < 0 or end <= start \
                                or text[start:end] != exact:
                            out.append(Violation("jjs:PassageShape", "", message, _short(passage, data), exact[:80],
                                                 "sh:Violation", passage))
    return out


def split_shapes(shapes: Graph) -> tuple[Graph, str | None]:
    """The shapes the engine checks, and the message of the quote rule checked in Python instead (quote_violations
    says why; None when the shapes have no such rule)."""
    quote = _quote_constraint(shapes)
    if quote is None:
        return shapes, None
    engine_shapes = Graph()
    for triple in shapes:
        if triple != (QUOTE_SHAPE, SH.sparql, quote):
            engine_shapes.add(triple)
    return engine_shapes, str(shapes.value(quote, SH.message))


def _engine_input(ntriples: bytes | str) -> Input:
    """N-Triples for the engine, read natively instead of every term through Python. The engine names terms in its
    messages by the prefixes it is given: rdflib's defaults, as a fresh graph has (the union copy the engine was given
    before had those; the dataset's own `place:`... would change the words)."""
    text = ntriples.decode("utf-8") if isinstance(ntriples, bytes) else ntriples
    return Input(text, "nt", None, {}, dict(Graph().namespaces()))


def engine_results(ntriples: bytes | str, engine_shapes: Graph, engine=shacl_validate) -> Graph | None:
    """The engine's results over triples given as N-Triples (read as a set: a triple written twice is one triple),
    against the shapes it checks (split_shapes); None when they conform."""
    conforms, results, _text = engine(_engine_input(ntriples), shacl_graph=engine_shapes, inference="none",
                                      advanced=True, allow_warnings=False)
    return None if conforms else results


def validate(data: Graph, shapes: Graph, engine=shacl_validate, ntriples: bytes | None = None) -> ValidationReport:
    """Check `data` against `shapes`. With `ntriples` (the same triples as `data`, as N-Triples), the engine reads
    that text natively instead of every term of `data` through Python; `data` is still read for the rule checked
    in Python and to name what a violation is about."""
    shapes, quote_message = split_shapes(shapes)
    extra = quote_violations(data, quote_message) if quote_message is not None else []
    given = data if ntriples is None else _engine_input(ntriples)
    conforms, results, _text = engine(given, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False)
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(r, SH.sourceShape)
        path = results.value(r, SH.resultPath)
        message = results.value(r, SH.resultMessage)
        # Blank-node shapes are named by their parent shape so a reader knows where to look.
        if shape is not None and not isinstance(shape, URIRef):
            parent = next(shapes.subjects(SH.property, shape), None)
            shape = parent or shape
        violations.append(Violation(
            shape=_qname(shape), path=_qname(path) if path is not None else "",
            message=str(message or "constraint violated"), focus=_short(results.value(r, SH.focusNode), data),
            value=_short(results.value(r, SH.value), data) if results.value(r, SH.value) is not None else "",
            severity=_qname(results.value(r, SH.resultSeverity)), node=results.value(r, SH.focusNode)))
    violations.extend(extra)
    return ValidationReport(bool(conforms) and not extra, violations, len(data))


def _qname(node) -> str:
    if node is None:
        return ""
    text = str(node)
    for prefix, ns in (("jjs:", BASE + "shapes#"), ("jjo:", str(JJO)),
                       ("sh:", "http://www.w3.org/ns/shacl#"), ("rdfs:", "http://www.w3.org/2000/01/rdf-schema#"),
                       ("prov:", "http://www.w3.org/ns/prov#"), ("oa:", "http://www.w3.org/ns/oa#"),
                       ("skos:", "http://www.w3.org/2004/02/skos/core#"), ("dcterms:", "http://purl.org/dc/terms/"),
                       ("rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text
