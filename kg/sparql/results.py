"""Writing a query result in a chosen format, keeping at most `max_rows` rows (SELECT) or triples (CONSTRUCT,
DESCRIBE) and at most `max_bytes` bytes, and saying so when it cut.

Rows alone do not bound an answer: one row may carry a string of any length (a CONCAT of whole reports over a
cross product made 308 MB of JSON in 10,000 rows). So rows are also counted in bytes as they are written, and the
answer is cut at the last row that fits (never inside one: what is given is whole rows, as with the row limit).
A format written from the rows (XML, CSV, TSV; the graph formats) whose body still comes out over the limit is
written again from fewer rows.

pyoxigraph's result objects stream and serialise only as a whole, so the rows are taken one by one (never more
than max_rows + 1) and written as SPARQL JSON here; XML, CSV and TSV are then written by pyoxigraph from that
JSON, so every format says exactly the same thing. Run this in the thread that made the result: pyoxigraph's
result objects must not be dropped on another thread.

A truncated result says so in-band where the format has room: a `link` in the head of SPARQL JSON and XML
results, a comment at the top of Turtle, N-Triples, TriG, N-Quads and RDF/XML. CSV, TSV and JSON-LD have no
such room; the web shell also sends `X-JJKG-Truncated: true` for every format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from itertools import islice
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

from kg.graph.namespaces import PREFIXES
from kg.sparql.formats import Format

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LINE_COMMENT_FORMATS = ("turtle", "ntriples", "trig", "nquads")
PREFIXED_FORMATS = ("turtle", "trig", "rdfxml")
FRAME_BYTES = 1024  # room kept for what surrounds the rows (heads, notes, prefixes)


@dataclass(frozen=True)
class Serialized:
    """A result written out: what the web shell sends."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    format: Format
    body: bytes
    rows: int  # rows or triples written (1 for ASK)
    truncated: bool
    seconds: float = 0.0  # time to parse, run and write, measured where it ran

    def timed(self, seconds: float) -> "Serialized":
        return replace(self, seconds=seconds)


NO_BYTE_LIMIT = 2**62


def serialize(result, form: str, fmt: Format, max_rows: int, note_iri: str,
              max_bytes: int = NO_BYTE_LIMIT) -> Serialized:
    """`result` as pyoxigraph returned it for a query of `form`; `note_iri` explains truncation to a reader."""
    if form == "ASK":
        return Serialized(form, fmt, result.serialize(format=fmt.oxigraph), 1, False)
    if form == "SELECT":
        return _solutions(result, fmt, max_rows, note_iri, max_bytes)
    return _triples(result, form, fmt, max_rows, note_iri, max_bytes)


def term_json(term) -> dict:
    """One RDF term as SPARQL 1.1 JSON results write it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _solutions(result, fmt: Format, max_rows: int, note_iri: str, max_bytes: int = NO_BYTE_LIMIT) -> Serialized:
    names = [v.value for v in result.variables]
    keys = [_json_text(name) + ":" for name in names]
    encoded: dict = {}  # term → its JSON text: a result repeats its terms (a place on every row of it)
    rows = []
    truncated = False
    room = max_bytes - FRAME_BYTES - len(_json_text(names)) - len(note_iri) * 3  # what the rows may take
    for solution in result:
        if len(rows) == max_rows:
            truncated = True
            break
        parts = []
        for position, key in enumerate(keys):
            term = solution[position]
            if term is None:
                continue
            text = encoded.get(term)
            if text is None:
                text = encoded[term] = _json_text(term_json(term))
            parts.append(key + text)
        row = "{" + ",".join(parts) + "}"
        room -= len(row.encode("utf-8")) + 1
        if room < 0:
            truncated = True
            break
        rows.append(row)
    while True:
        body = _solutions_body(names, rows, fmt, truncated, note_iri)
        if len(body) <= max_bytes or not rows:
            return Serialized("SELECT", fmt, body, len(rows), truncated)
        truncated = True  # the format took more room than the JSON rows did: fewer rows
        del rows[_fewer(len(rows), len(body), max_bytes):]


def _solutions_body(names: list[str], rows: list[str], fmt: Format, truncated: bool, note_iri: str) -> bytes:
    head: dict = {"vars": names}
    if truncated and fmt.name == "json":
        head["link"] = [note_iri]
    # The same bytes as json.dumps of the whole document, written row by row: twice as fast for a few
    # hundred rows (pyoxigraph's own writer cannot stop at max_rows).
    document = f'{{"head":{_json_text(head)},"results":{{"bindings":[{",".join(rows)}]}}}}'.encode("utf-8")
    if fmt.name == "json":
        return document
    solutions = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
    body = solutions.serialize(format=fmt.oxigraph)
    if truncated and fmt.name == "xml":
        body = body.replace(b"</head>", f"<link href={quoteattr(note_iri)}/></head>".encode(), 1)
    return body


def _fewer(count: int, size: int, max_bytes: int) -> int:
    """How many of `count` rows to keep when they made `size` bytes against a limit of `max_bytes`."""
    return min(count - 1, count * max_bytes // (size + 1) * 9 // 10)


def _triples(result, form: str, fmt: Format, max_rows: int, note_iri: str,
             max_bytes: int = NO_BYTE_LIMIT) -> Serialized:
    triples = []
    truncated = False
    room = max_bytes - FRAME_BYTES - len(note_iri) * 3
    for triple in islice(result, max_rows + 1):
        if len(triples) == max_rows:
            truncated = True
            break
        room -= len(str(triple).encode("utf-8"))  # its N-Triples line, about what any format takes
        if room < 0:
            truncated = True
            break
        triples.append(triple)
    while True:
        body = _graph_body(triples, fmt, truncated, max_rows, max_bytes, note_iri)
        if len(body) <= max_bytes or not triples:
            return Serialized(form, fmt, body, len(triples), truncated)
        truncated = True
        del triples[_fewer(len(triples), len(body), max_bytes):]


def _graph_body(triples: list, fmt: Format, truncated: bool, max_rows: int, max_bytes: int, note_iri: str) -> bytes:
    body = write_graph(triples, fmt)
    if truncated:
        if len(triples) < max_rows:
            note = (f"truncated: only the first {len(triples)} triples are given, the most that fit in "
                    f"{max_bytes} bytes; see {note_iri}")
        else:
            note = f"truncated: only the first {max_rows} triples are given; see {note_iri}"
        if fmt.name in LINE_COMMENT_FORMATS:
            body = f"# {note}\n".encode() + body
        elif fmt.name == "rdfxml":
            declaration, _, rest = body.partition(b"\n")
            body = declaration + f"\n<!-- {note} -->\n".encode() + rest
    return body


def write_graph(triples: list, fmt: Format, prefixes: dict[str, str] = PREFIXES) -> bytes:
    """Triples in a graph format; in TriG and N-Quads they are the default graph."""
    data = triples
    if fmt.name in ("trig", "nquads"):
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    used = _used_prefixes(triples, prefixes) if fmt.name in PREFIXED_FORMATS else None
    return ox.serialize(data, format=fmt.oxigraph, prefixes=used)


def _used_prefixes(triples, prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes some IRI of `triples` sits directly under, so output declares only those."""
    namespaces = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iri = term.value
                namespaces.add(iri[: max(iri.rfind("/"), iri.rfind("#")) + 1])
            elif isinstance(term, ox.Literal) and not term.language:
                namespaces.add(term.datatype.value.rsplit("#", 1)[0] + "#")
    return {p: iri for p, iri in sorted(prefixes.items()) if iri in namespaces}


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
