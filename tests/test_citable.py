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


def dcat(client) -> dict:
    triples = list(ox.parse(client.get("/dumps.ttl").content, format=ox.RdfFormat.TURTLE))
    out: dict = {}
    for t in triples:
        out.setdefault((t.subject.value, t.predicate.value), []).append(t.object.value)
    return out


def test_dumps_are_versioned_and_gzip_compressed(client, published):
    d = dcat(client)
    (version,) = d[(DATASET, OWL + "versionInfo")]
    assert d[(DATASET, DCT + "modified")]
    urls = d[(DATASET, VOID + "dataDump")]
    assert len(urls) == 4
    for url in urls:
        name = url.rsplit("/", 1)[1]
        assert name.endswith(".gz") and f"-{version}." in name, name
        r = client.get(f"/dumps/{name}")
        assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
        assert f'filename="{name}"' in r.headers["content-disposition"]
        plain = client.get("/dumps/" + name.replace(f"-{version}", "").removesuffix(".gz")).content
        assert gzip.decompress(r.content) == plain and len(r.content) < len(plain) / 3
        dist = f"https://w3id.org/jinjiang-kg/dumps#{name}"
        assert d[(dist, "http://www.w3.org/ns/dcat#compressFormat")] == [
            "https://www.iana.org/assignments/media-types/application/gzip"]
        assert d[(dist, "http://www.w3.org/ns/dcat#downloadURL")] == [url]
    # Once made, a file's size is in the description.
    after = dcat(client)
    assert all(after.get((f"https://w3id.org/jinjiang-kg/dumps#{u.rsplit('/', 1)[1]}", "http://www.w3.org/ns/dcat#byteSize"))
               for u in urls)


def test_a_dump_of_another_version_is_404_naming_this_one(client):
    version = dcat(client)[(DATASET, OWL + "versionInfo")][0]
    r = client.get("/dumps/jinjiang-kg-20000101T000000Z.nq.gz", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert "20000101T000000Z" in r.text and f"jinjiang-kg-{version}.nq.gz" in r.text


def test_the_dumps_page_links_the_versioned_files(client):
    version = dcat(client)[(DATASET, OWL + "versionInfo")][0]
    html = client.get("/dumps").text
    assert f'href="/dumps/jinjiang-kg-{version}.trig.gz"' in html and version in html


def test_the_ontology_has_a_version_iri_that_dereferences(client):
    triples = list(ox.parse(client.get("/ontology.ttl").content, format=ox.RdfFormat.TURTLE))
    onto = "https://w3id.org/jinjiang-kg/ontology"
    (version,) = [t.object.value for t in triples if t.subject.value == onto and t.predicate.value == OWL + "versionInfo"]
    (version_iri,) = [t.object.value for t in triples if t.subject.value == onto and t.predicate.value == OWL + "versionIRI"]
    assert version_iri == f"{onto}/{version}"
    r = client.get(f"/ontology/{version}", headers={"accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ontology.ttl"
    old = client.get("/ontology/0.0.1", headers={"accept": "application/json"})
    assert old.status_code == 404 and version in old.text


@pytest.mark.parametrize("slug", ["anhaizhen", "jinjiangshi"])
def test_a_place_document_lists_the_projects_of_the_places_within_it_as_its_page_does(client, service, slug):
    from kg.views.documents import INCOMING_LIMIT
    from kg.views.paging import PAGE_SIZE

    doc = client.get(f"/id/place/{slug}.jsonld").json()
    listed = doc.get("projectsWithin", [])
    in_document = {p["id"] if isinstance(p, dict) else p for p in (listed if isinstance(listed, list) else [listed])}
    # The page's list: every project in the place or a place inside it (kg/views/page_lists.py).
    on_page = {r["p"].value for r in service.select(f"""SELECT DISTINCT ?p WHERE {{
        ?loc jjo:within* place:{slug} . ?p jjo:location ?loc }}""")}
    assert on_page and in_document <= on_page and len(in_document) == min(len(on_page), INCOMING_LIMIT)
    if slug == "jinjiangshi":  # the county: its projects lie in its towns, not in itself
        direct = {r["p"].value for r in service.select(f"SELECT ?p WHERE {{ ?p jjo:location place:{slug} }}")}
        assert len(in_document) > len(direct)
    if len(on_page) <= PAGE_SIZE:  # all on the page's first page, as in the document
        html = client.get(f"/page/place/{slug}").text
        assert all(f'href="/page/project/{p.rsplit("/", 1)[1]}"' in html for p in in_document)
