"""`jsonld.from_triples` hands pyld the dataset its N-Quads parser would make of the triples (issue 15: the parser's
duplicate check is quadratic, a second for /dumps at 500 reports): the same expanded document as parsing their
N-Quads, for the dataset's description, the ontology, entities, and literals the serializations escape."""

from __future__ import annotations

import pyoxigraph as ox
from pyld import jsonld as pyld

from kg.store import catalog, release
from kg.views import documents, jsonld, jsonld_frame
from kg.views.vocabulary import ontology_triples

ID = "https://w3id.org/jinjiang-kg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def through_nquads(triples) -> list:
    """What from_triples gave before: the triples serialized as N-Triples and parsed by pyld."""
    nquads = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    return pyld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": True, **jsonld.OPTIONS})


def same(triples) -> None:
    """from_triples as the N-Quads path; jsonld_frame.document as pyld's compaction of it."""
    triples = list(triples)
    assert jsonld.from_triples(triples) == through_nquads(triples)
    compacted = jsonld.compact(through_nquads(triples))
    assert jsonld.compact(jsonld.from_triples(iter(triples))) == compacted
    assert jsonld_frame.document(iter(triples)) == compacted


def test_the_description_the_ontology_and_entities(published, lookup):
    summary = catalog.summarise(lookup, {"built": "2026-12-08T03:00:00+0000"})
    described = catalog.description(summary, catalog.reference_files(published.reference_dir), {"a.nq.gz": 12},
                                    release.from_built("2026-12-08T03:00:00+0000"))
    assert len(described) > 100
    same(described)
    same(ontology_triples(lookup))
    for path in ("place/jinjiangshi", "report/jinjiangshi-2025", "indicator/diqushengchanzongzhi",
                 "figure/jinjiangshi-2025-i1-f1", "scheme/industries"):
        same(documents.entity_triples(lookup, ID + path))
    # An entity of every class, its triples as one flat document each (blank nodes, typed and language values).
    some = lookup.select(f"""SELECT (SAMPLE(?e) AS ?x) WHERE {{ ?e a ?c FILTER(STRSTARTS(STR(?e), "{ID}")) }}
                             GROUP BY ?c""")
    assert len(some) > 15
    for row in some:
        same(documents.entity_triples(lookup, row["x"].value))


def test_literals_blank_nodes_lists_and_repeats():
    s, p, q = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org/q")
    b = ox.BlankNode("x1")
    nil = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
    first = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
    rest = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    values = [ox.Literal('quote " backslash \\ newline \n tab \t cr \r 晋江'), ox.Literal("zh", language="zh-Hans"),
              ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("01", datatype=ox.NamedNode(XSD + "integer")),
              ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")),
              ox.Literal("1.5E0", datatype=ox.NamedNode(XSD + "double")), ox.Literal("2025", datatype=ox.NamedNode(XSD + "gYear")),
              ox.Literal(""), b, q]
    triples = [ox.Triple(s, p, v) for v in values]
    triples += [ox.Triple(s, p, values[0]), ox.Triple(s, rdf_type, q), ox.Triple(s, rdf_type, q), ox.Triple(b, p, s),
                ox.Triple(s, q, ox.BlankNode("l1")), ox.Triple(ox.BlankNode("l1"), first, values[2]),
                ox.Triple(ox.BlankNode("l1"), rest, ox.BlankNode("l2")), ox.Triple(ox.BlankNode("l2"), first, values[1]),
                ox.Triple(ox.BlankNode("l2"), rest, nil), ox.Triple(s, rdf_type, b)]
    same(triples)
    same([])


def test_control_characters_and_line_separators_in_a_literal():
    """Where the N-Quads path was wrong, the value is now the literal's own: pyld's parser split lines where Python's
    str.splitlines does (U+0085, U+2028, U+2029: from_triples raised) and left the \\uXXXX, \\b and \\f escapes
    that N-Triples writes for control characters as text."""
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    for text in ("a\u2028b", "a\u0085b", "a\u2029b", "a\x01b", "a\x08b", "a\x0cb", "a\x1cb", "a\x7fb"):
        assert jsonld.from_triples([ox.Triple(s, p, ox.Literal(text))]) == [
            {"@id": s.value, p.value: [{"@value": text}]}]
