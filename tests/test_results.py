"""Writing results: every format parses back to the same answer, the row limit cuts at exactly max_rows, and a cut
result says so in-band wherever the format has room."""

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kg.sparql import formats
from kg.sparql.results import serialize, term_json, write_graph

EX = "http://example.org/"
NOTE = "http://localhost/sparql#truncated"


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    for i in range(5):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"值{i}", language="zh")))
    s.add(ox.Quad(ox.NamedNode(f"{EX}s0"), ox.NamedNode(f"{EX}n"), ox.Literal("7", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))))
    s.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode(f"{EX}p"), ox.Literal("plain")))
    return s


def rows_of(out) -> list[dict[str, str]]:
    """The rows of a SELECT result as {variable: value}; CSV read with the csv module (pyoxigraph will not)."""
    if out.format.name == "csv":
        return list(csv.DictReader(io.StringIO(out.body.decode())))
    parsed = ox.parse_query_results(out.body, format=out.format.oxigraph)
    names = [v.value for v in parsed.variables]
    return [{n: (r[n].value if r[n] is not None else "") for n in names} for r in parsed]


def write(store, query, name, max_rows=100):
    form = query.split()[0].upper()
    kind = formats.RESULTS if form in ("SELECT", "ASK") else formats.GRAPH
    return serialize(store.query(query), form, formats.by_name(name, kind), max_rows, NOTE)


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_select_in_every_results_format_parses_back(store, name):
    out = write(store, "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o", name)
    rows = rows_of(out)
    assert len(rows) == 7 and {"s": f"{EX}s0", "o": "7"} in rows and {"s": f"{EX}s3", "o": "值3"} in rows
    assert out.rows == 7 and not out.truncated


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_ask_in_every_results_format(store, name):
    out = write(store, "ASK { ?s ?p ?o }", name)
    assert out.body.strip().endswith((b"true", b"true}", b"</sparql>"))
    if name in ("json", "xml"):
        assert bool(ox.parse_query_results(out.body, format=out.format.oxigraph)) is True


def test_terms_keep_language_datatype_and_blank_nodes(store):
    out = write(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", "json")
    bindings = json.loads(out.body)["results"]["bindings"]
    objects = [b["o"] for b in bindings]
    assert {"type": "literal", "value": "值0", "xml:lang": "zh"} in objects
    assert {"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"} in objects
    assert {"type": "literal", "value": "plain"} in objects  # xsd:string is left implicit
    assert any(b["s"]["type"] == "bnode" for b in bindings)
    triple = term_json(ox.Triple(ox.NamedNode(f"{EX}a"), ox.NamedNode(f"{EX}b"), ox.Literal("c")))
    assert triple["type"] == "triple" and triple["value"]["object"] == {"type": "literal", "value": "c"}


@pytest.mark.parametrize("name, marker", [
    ("json", None), ("xml", b'<link href="http://localhost/sparql#truncated"/>'), ("csv", None), ("tsv", None)])
def test_select_is_cut_at_max_rows_and_says_so(store, name, marker):
    out = write(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", name, max_rows=3)
    assert out.truncated and out.rows == 3
    assert len(rows_of(out)) == 3
    if name == "json":
        assert json.loads(out.body)["head"]["link"] == [NOTE]
    if marker:
        assert marker in out.body


def test_exactly_max_rows_is_not_truncated(store):
    out = write(store, "SELECT ?s WHERE { ?s ?p ?o }", "json", max_rows=7)
    assert out.rows == 7 and not out.truncated and "link" not in json.loads(out.body)["head"]


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"])
def test_construct_in_every_graph_format_parses_back(store, name):
    out = write(store, "CONSTRUCT WHERE { ?s ?p ?o }", name)
    parsed = list(ox.parse(out.body, format=out.format.oxigraph))
    assert len(parsed) == 7 and out.rows == 7 and not out.truncated
    if name in ("trig", "nquads"):
        assert all(q.graph_name == ox.DefaultGraph() for q in parsed)


@pytest.mark.parametrize("name, in_band", [
    ("turtle", True), ("ntriples", True), ("trig", True), ("nquads", True), ("rdfxml", True), ("jsonld", False)])
def test_construct_is_cut_at_max_rows_with_a_comment_where_possible(store, name, in_band):
    out = write(store, "CONSTRUCT WHERE { ?s ?p ?o }", name, max_rows=2)
    assert out.truncated and out.rows == 2
    assert len(list(ox.parse(out.body, format=out.format.oxigraph))) == 2  # the comment keeps the file valid
    assert (b"truncated: only the first 2 triples" in out.body) is in_band


def test_turtle_declares_only_the_prefixes_it_uses():
    triples = [ox.Triple(ox.NamedNode("https://w3id.org/jinjiang-kg/id/place/anhaizhen"),
                         ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("安海镇", language="zh"))]
    body = write_graph(triples, formats.by_name("turtle", formats.GRAPH)).decode()
    assert "place:anhaizhen rdfs:label" in body
    assert body.count("@prefix") == 2
