"""Real clients against the running server: SPARQLWrapper and rdflib's SPARQLStore, as researchers use them."""

from __future__ import annotations

import json
import warnings

import pytest
from live_server import serve
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

ANHAI = "https://w3id.org/jinjiang-kg/id/place/anhaizhen"
PREFIXES = "PREFIX jjo: <https://w3id.org/jinjiang-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def endpoint(published):
    with serve(published.var_dir) as server:
        yield server.url + "/sparql"


def wrapper(endpoint, query, fmt, method="GET"):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client.query().convert()


@pytest.mark.slow
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_json(endpoint, method):
    result = wrapper(endpoint, PREFIXES + 'SELECT ?p WHERE { ?p a jjo:Town ; rdfs:label "安海镇"@zh }', JSON, method)
    assert result["results"]["bindings"] == [{"p": {"type": "uri", "value": ANHAI}}]


@pytest.mark.slow
def test_sparqlwrapper_select_xml_and_csv(endpoint):
    query = PREFIXES + "SELECT ?p WHERE { ?p jjo:within <https://w3id.org/jinjiang-kg/id/place/jinjiangshi> }"
    xml = wrapper(endpoint, query, XML)  # an xml.dom document
    uris = {node.firstChild.data for node in xml.getElementsByTagName("uri")}
    assert ANHAI in uris
    csv_text = wrapper(endpoint, query, CSV).decode()
    assert ANHAI in csv_text.splitlines()


@pytest.mark.slow
def test_sparqlwrapper_ask_and_construct(endpoint):
    assert wrapper(endpoint, "ASK { ?s ?p ?o }", JSON)["boolean"] is True
    graph = wrapper(endpoint, PREFIXES + f"CONSTRUCT WHERE {{ <{ANHAI}> rdfs:label ?l }}", XML)  # RDF/XML → Graph
    assert isinstance(graph, Graph) and Literal("安海镇", lang="zh") in set(graph.objects())
    turtle = wrapper(endpoint, PREFIXES + f"CONSTRUCT WHERE {{ <{ANHAI}> rdfs:label ?l }}", TURTLE)
    assert "安海镇" in turtle.decode()


@pytest.mark.slow
def test_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(graph.query(PREFIXES + 'SELECT ?p ?l WHERE { ?p a jjo:Town ; rdfs:label ?l . FILTER(?l = "安海镇"@zh) }'))
    assert [(str(p), str(l)) for p, l in rows] == [(ANHAI, "安海镇")]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    labels = set(graph.objects(URIRef(ANHAI), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert Literal("安海镇", lang="zh") in labels


RESULTS_FORMATS = (JSON, XML, CSV, TSV)
GRAPH_FORMATS = (TURTLE, N3, JSONLD, RDFXML, RDF, XML, JSON)
EVERY_FORMAT = sorted({*RESULTS_FORMATS, *GRAPH_FORMATS, CSV, TSV})
FORMS = {
    "SELECT": PREFIXES + 'SELECT ?p WHERE { ?p a jjo:Town ; rdfs:label "安海镇"@zh }',
    "ASK": PREFIXES + 'ASK { ?p rdfs:label "安海镇"@zh }',
    "CONSTRUCT": PREFIXES + f"CONSTRUCT WHERE {{ <{ANHAI}> rdfs:label ?l }}",
    "DESCRIBE": f"DESCRIBE <{ANHAI}>",
}


def holds_the_answer(form: str, converted) -> bool:
    """Whatever SPARQLWrapper's convert() gave (a dict, a DOM document, bytes, an rdflib Graph), it carries the
    answer: Anhai for SELECT, true for ASK, Anhai's Chinese name for a graph."""
    if isinstance(converted, Graph):
        return Literal("安海镇", lang="zh") in set(converted.objects())
    if isinstance(converted, dict):
        return converted.get("boolean") is True if form == "ASK" else ANHAI in json.dumps(converted)
    if isinstance(converted, bytes):
        text = converted.decode("utf-8")
        return "true" in text if form == "ASK" else (ANHAI if form == "SELECT" else "安海镇") in text
    text = converted.toxml()  # xml.dom document of SPARQL XML results
    return "<boolean>true</boolean>" in text if form == "ASK" else ANHAI in text


@pytest.mark.slow
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("fmt", EVERY_FORMAT)
def test_sparqlwrapper_every_return_format(endpoint, form, fmt, method):
    """SPARQLWrapper sends `format=`, `output=` and `results=` (for JSON-LD a comma list, for TSV and RDF/XML a
    second value, N3 as `n3`) besides Accept. Every return format gets an answer that convert() reads; where the
    format fits the query form, the answer is in that format (SPARQLWrapper warns otherwise)."""
    client = SPARQLWrapper(endpoint)
    client.setQuery(FORMS[form])
    client.setReturnFormat(fmt)
    client.setMethod(method)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        converted = client.query().convert()
    assert holds_the_answer(form, converted), (form, fmt, converted)
    fits = fmt in (RESULTS_FORMATS if form in ("SELECT", "ASK") else GRAPH_FORMATS)
    if fits:
        mismatches = [str(w.message) for w in caught if "Format requested" in str(w.message)]
        assert not mismatches, mismatches
