"""Every document says what it is, so that a copy found anywhere can be cited: the licence, the dataset, the
publication's version and date, in the entity's documents (JSON-LD, Turtle, ...), in a page's embedded JSON-LD;
the dumps carry the version in their names and come gzip-compressed; the ontology has a version IRI."""

import gzip
import json

import pyoxigraph as ox
import pytest

from kg.views import jsonld

ID = "https://w3id.org/jinjiang-kg/id/"
DATASET = ID + "dataset/jinjiang-kg"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
VOID = "http://rdfs.org/ns/void#"
WDRS = "http://www.w3.org/2007/05/powder-s#"
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}


@pytest.fixture(scope="module")
def client(published):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(published))


def about(triples, iri: str) -> dict[str, list[str]]:
    """What the document the entity is described by says of itself, by predicate."""
    docs = [t.object.value for t in triples if t.subject.value == iri and t.predicate.value == WDRS + "describedby"]
    assert len(docs) == 1, docs
    out: dict[str, list[str]] = {}
    for t in triples:
        if t.subject.value == docs[0]:
            out.setdefault(t.predicate.value, []).append(t.object.value)
    return {"document": docs, **out}


def check_citable(meta: dict, document: str):
    assert meta["document"] == [document]
    assert meta[DCT + "license"] == [CC_BY]
    assert meta[VOID + "inDataset"] == [DATASET]
    (version,) = meta[OWL + "versionInfo"]
    assert len(version) == 16 and version.endswith("Z") and version[8] == "T"  # 20261204T192256Z
    (modified,) = meta[DCT + "modified"]
    assert modified[:4] == version[:4] and "T" in modified


@pytest.mark.parametrize("kind, slug", [("place", "anhaizhen"), ("project", "anhaibeihuan-longshansipianqu"),
                                        ("report", "jinjiangshi-2025")])
@pytest.mark.parametrize("suffix", ["jsonld", "ttl", "nt", "rdf"])
def test_every_entity_document_states_licence_dataset_version_and_date(client, kind, slug, suffix):
    iri = f"{ID}{kind}/{slug}"
    r = client.get(f"/id/{kind}/{slug}.{suffix}")
    assert r.status_code == 200
    if suffix == "jsonld":
        triples = list(ox.parse(jsonld.to_nquads(r.json()).encode(), format=ox.RdfFormat.N_QUADS))
    else:
        triples = list(ox.parse(r.content, format=RDF_FORMATS[suffix]))
    check_citable(about(triples, iri), f"{iri}.{suffix}")


def test_the_jsonld_document_nests_its_metadata_in_plain_terms(client):
    doc = client.get("/id/place/anhaizhen.jsonld").json()
    meta = doc["describedBy"]
    assert meta["id"] == ID + "place/anhaizhen.jsonld"
    assert meta["license"] == CC_BY and meta["inDataset"] == DATASET
    assert meta["versionInfo"] and meta["modified"]


def test_a_page_embeds_the_same_metadata(client):
    html = client.get("/page/place/anhaizhen").text
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    embedded = json.loads(html[start:html.index("</script>", start)])
    triples = list(ox.parse(jsonld.to_nquads(embedded).encode(), format=ox.RdfFormat.N_QUADS))
    check_citable(about(triples, ID + "place/anhaizhen"), "https://w3id.org/jinjiang-kg/page/place/anhaizhen")


def test_the_fast_document_builder_frames_the_metadata_as_pyld_does(published):
    from kg.store import release
    from kg.store.lookup import Lookup
    from kg.views import documents, jsonld_frame

    lookup = Lookup(ox.Store.read_only(str(published.store_link.resolve() / "oxigraph")))
    iri = ID + "place/anhaizhen"
    triples = documents.entity_triples(lookup, iri) + documents.about_document(
        iri, iri + ".jsonld", release.from_manifest({"built": "2026-12-04T19:22:56+0000"}))
    assert jsonld_frame.entity_document(iri, triples) == jsonld.entity_document(iri, triples)
