"""Real clients against the running server: SPARQLWrapper and rdflib's SPARQLStore, as researchers use them."""

from __future__ import annotations

import pytest
from live_server import serve
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

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
