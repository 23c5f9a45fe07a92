"""The direct builder of entity documents (kg/views/jsonld_frame.py) against pyld, its oracle: the same bytes for
every entity of the real graph and for a sample of a synthetic one, and the same RDF when read back."""

import io
import random

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.graph.synthetic import Plan, generate
from kg.sparql.query import QueryService
from kg.store.lookup import Lookup
from kg.views import documents, jsonld, jsonld_frame

ID = "https://w3id.org/jinjiang-kg/id/"


@pytest.fixture(scope="module")
def lookup(service):
    return Lookup(service.store())


def served_entities(store: ox.Store) -> list[str]:
    """Every IRI with a document: each subject under /id/."""
    return sorted({q.subject.value for q in store.quads_for_pattern(None, None, None)
                   if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(ID)})


def test_same_bytes_as_pyld_for_every_entity_of_the_real_graph(lookup):
    entities = served_entities(lookup.store)
    assert len(entities) > 1000
    differ = []
    for iri in entities:
        triples = documents.entity_triples(lookup, iri)
        fast = jsonld_frame.entity_document(iri, triples)  # Unsupported would fail the test: none expected here
        if jsonld.dumps(fast) != jsonld.dumps(jsonld.entity_document(iri, triples)):
            differ.append(iri)
    assert differ == []


def test_same_bytes_as_pyld_on_either_backend(served, lookup):
    """Over Virtuoso blank nodes keep the build's labels, so pyld renames them in another order: every 10th
    entity, read from either backend."""
    remote = Lookup(QueryService.from_settings(served).store())
    for iri in served_entities(lookup.store)[::10]:
        triples = documents.entity_triples(remote, iri)
        assert jsonld.dumps(jsonld_frame.entity_document(iri, triples)) == \
            jsonld.dumps(jsonld.entity_document(iri, triples)), iri


def test_fast_documents_denote_their_triples(lookup):
    """Read back by pyld, a document is exactly the triples it was made from (blank nodes may be renamed)."""
    entities = served_entities(lookup.store)
    for iri in entities[::7]:
        triples = documents.entity_triples(lookup, iri)
        doc = jsonld_frame.entity_document(iri, triples)
        expected = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
        assert isomorphic(expected, Graph().parse(data=jsonld.to_nquads(doc), format="nt")), iri


def test_served_documents_are_the_fast_ones(lookup):
    iri = ID + "place/anhaizhen"
    assert documents.entity_jsonld(lookup, iri) == jsonld_frame.entity_document(iri, documents.entity_triples(lookup, iri))


def test_what_it_does_not_replay_goes_to_pyld():
    """An RDF list: the builder refuses it, and the served path frames it with pyld instead."""
    s, nil = ox.NamedNode(ID + "place/x"), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
    triples = [ox.Triple(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), nil)]
    with pytest.raises(jsonld_frame.Unsupported):
        jsonld_frame.entity_document(s.value, triples)
    assert documents.framed(s.value, triples) == jsonld.entity_document(s.value, triples)


@pytest.fixture(scope="module")
def synthetic() -> ox.Store:
    """A synthetic graph (kg/graph/synthetic.py, as `jjkg synth` makes for the benchmark) of about 40,000 triples,
    in memory: other shapes than the two real reports have (ten counties' places, more reports per indicator)."""
    nquads = io.BytesIO()
    generate(nquads, Plan.for_triples(40_000, years=4), seed=7)
    store = ox.Store()
    store.bulk_load(nquads.getvalue(), format=ox.RdfFormat.N_QUADS)
    return store


def test_same_bytes_as_pyld_on_a_synthetic_store(synthetic):
    """Up to 30 entities of each kind (the whole store takes a minute; bench/fastdoc.py --check compares 1,000 of
    the 1M-triple store)."""
    lookup = Lookup(synthetic)
    rows = synthetic.query(f"SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), '{ID}')) }}")
    by_kind: dict[str, list[str]] = {}
    for iri in sorted(r[0].value for r in rows):
        by_kind.setdefault(iri.removeprefix(ID).split("/")[0], []).append(iri)
    assert {"place", "report", "goal", "figure", "indicator", "project", "passage"} <= set(by_kind)
    rng = random.Random(7)
    for iris in by_kind.values():
        for iri in rng.sample(iris, min(30, len(iris))):
            triples = documents.entity_triples(lookup, iri)
            assert jsonld.dumps(jsonld_frame.entity_document(iri, triples)) == \
                jsonld.dumps(jsonld.entity_document(iri, triples)), iri
