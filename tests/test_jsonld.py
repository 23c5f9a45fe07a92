"""Entity documents are compact JSON-LD that a standard processor (pyld) reads back without loss."""

import json

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.sparql.query import QueryService
from kg.store.lookup import Lookup
from kg.views import documents, jsonld

ID = "https://w3id.org/jinjiang-kg/id/"
ENTITIES = ["place/anhaizhen", "place/jinjiangshi", "project/anhaibeihuan-longshansipianqu",
            "project/laojiuxiaoqugaizao", "indicator/diqushengchanzongzhi", "industry/taoci",
            "goal/jinjiangshi-2025-s04-t1-2", "theme/jinjiangshi-2025-s04-t1", "section/jinjiangshi-2025-s04",
            "figure/jinjiangshi-2025-i1-f1", "report/jinjiangshi-2025", "passage/jinjiangshi-2025-s04-t1-2-p1",
            "unit/ge", "scheme/industries", "figure/jinjiangshi-2025-i17-f1"]


@pytest.fixture(scope="module")
def lookup(served):
    """The trusted reads of either backend (embedded, Virtuoso): documents must round-trip from both."""
    return Lookup(QueryService.from_settings(served).store())


def graph_of_triples(triples) -> Graph:
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


@pytest.mark.parametrize("path", ENTITIES)
def test_document_round_trips_through_expand_and_compact(lookup, path):
    iri = ID + path
    triples = documents.entity_triples(lookup, iri)
    doc = jsonld.entity_document(iri, triples)
    assert doc["@context"] == jsonld.CONTEXT_URL and doc["id"] == iri
    # expand → compact gives the same document back ...
    assert jsonld.compact(jsonld.expand(doc)) == doc
    # ... and the RDF it denotes is exactly the triples it was made from.
    assert isomorphic(graph_of_triples(triples), Graph().parse(data=jsonld.to_nquads(doc), format="nt"))


def test_place_document_is_readable(lookup):
    doc = jsonld.entity_document(ID + "place/anhaizhen", documents.entity_triples(lookup, ID + "place/anhaizhen"))
    assert doc["label"] == {"zh": "安海镇", "en": "Anhai Town"}
    assert doc["altLabel"]["zh-latn-pinyin"] == "Anhai Zhen"
    assert "Town" in doc["type"]
    assert doc["within"]["label"]["zh"] == "晋江市"  # labels of what it links to
    assert doc["contains"]["id"] == ID + "place/longshansi"  # core incoming links
    assert {g["id"] for g in doc["mentionedIn"]} >= {ID + "goal/jinjiangshi-2025-s04-t1-2"}


def test_a_place_lists_its_projects(lookup):
    doc = jsonld.entity_document(ID + "place/zimaoshan", documents.entity_triples(lookup, ID + "place/zimaoshan"))
    projects = doc["locationOf"] if isinstance(doc["locationOf"], list) else [doc["locationOf"]]
    assert ID + "project/zimaoshan" in {p["id"] for p in projects}  # the mountain made a green space


def test_numbers_and_years_are_typed(lookup):
    iri = ID + "figure/jinjiangshi-2025-i1-f1"
    doc = jsonld.entity_document(iri, documents.entity_triples(lookup, iri))
    ctx = jsonld.context()
    assert ctx["year"]["@type"] == "xsd:gYear" and ctx["value"]["@type"] == "xsd:decimal"
    assert isinstance(doc["value"], str) and isinstance(doc["year"], str)  # typed by the context, no precision lost
    expanded = jsonld.expand(doc)[0]
    assert expanded["https://w3id.org/jinjiang-kg/ontology#year"][0]["@type"].endswith("#gYear")
    assert expanded["https://w3id.org/jinjiang-kg/ontology#value"][0]["@type"].endswith("#decimal")
    quote = doc["wasDerivedFrom"]
    selectors = quote["hasSelector"]
    position = next(s for s in selectors if s["type"] == "TextPositionSelector")
    assert isinstance(position["start"], int)  # integers are JSON numbers


def test_document_is_utf8_json_with_chinese_unescaped(lookup):
    body = documents.serialize(lookup, ID + "place/anhaizhen", documents.BY_SUFFIX["jsonld"]).decode("utf-8")
    assert "安海镇" in body and "\\u5b89" not in body
    assert json.loads(body)["id"] == ID + "place/anhaizhen"


def test_loader_refuses_remote_contexts():
    doc = {"@context": "http://127.0.0.1:9/evil.jsonld", "name": "x"}
    with pytest.raises(pyld.JsonLdError):
        jsonld.expand(doc)


def test_loader_serves_our_context_from_memory():
    assert jsonld.document_loader(jsonld.CONTEXT_URL)["document"] == jsonld.context_document()
