"""Every negotiation path of /id/... and /ontology: 303 targets per Accept, suffix documents, 404 and 406."""

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app

ANHAI = "https://w3id.org/jinjiang-kg/id/place/anhaizhen"


def varies(response) -> list[str]:
    """The Vary header as a list (CORS adds Origin beside Accept)."""
    return [v.strip() for v in response.headers.get("vary", "").split(",")]


@pytest.fixture(scope="module")
def client(served):
    return TestClient(create_app(served), follow_redirects=False)


@pytest.mark.parametrize("accept, location", [
    ("text/html", "/page/place/anhaizhen"),
    ("application/xhtml+xml", "/page/place/anhaizhen"),
    ("application/ld+json", "/id/place/anhaizhen.jsonld"),
    ("application/json", "/id/place/anhaizhen.jsonld"),
    ("text/turtle", "/id/place/anhaizhen.ttl"),
    ("application/n-triples", "/id/place/anhaizhen.nt"),
    ("application/rdf+xml", "/id/place/anhaizhen.rdf"),
    ("text/turtle;q=0.5, application/ld+json", "/id/place/anhaizhen.jsonld"),
    ("text/html;q=0.1, application/rdf+xml;q=0.9", "/id/place/anhaizhen.rdf"),
    ("*/*", "/page/place/anhaizhen"),
    ("", "/page/place/anhaizhen"),
])
def test_entity_iri_answers_303_by_accept(client, accept, location):
    r = client.get("/id/place/anhaizhen", headers={"accept": accept})
    assert r.status_code == 303
    assert r.headers["location"] == location
    assert "Accept" in varies(r)
    assert '</id/place/anhaizhen.ttl>; rel="alternate"; type="text/turtle"' in r.headers["link"]


@pytest.mark.parametrize("suffix, media_type, rdf_format", [
    ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("ttl", "text/turtle", ox.RdfFormat.TURTLE),
    ("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_suffix_documents_parse_and_link_the_other_formats(client, suffix, media_type, rdf_format):
    r = client.get(f"/id/place/anhaizhen.{suffix}")
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media_type}; charset=utf-8"
    link = r.headers["link"]
    assert '</page/place/anhaizhen>; rel="alternate"; type="text/html"' in link
    assert f'type="{media_type}"' not in link  # the other formats, not itself
    if rdf_format == ox.RdfFormat.JSON_LD:
        return  # its @context is the published one; tests/test_jsonld.py reads it with pyld
    triples = list(ox.parse(r.content, format=rdf_format))
    labels = {t.object.value for t in triples if t.subject.value == ANHAI and t.predicate.value.endswith("#label")}
    assert {"安海镇", "Anhai Town"} <= labels


def test_every_representation_of_an_entity_is_linked_from_its_page(client):
    r = client.get("/page/place/anhaizhen")
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    for suffix, media in (("jsonld", "application/ld+json"), ("ttl", "text/turtle"),
                          ("nt", "application/n-triples"), ("rdf", "application/rdf+xml")):
        assert f'<link rel="alternate" type="{media}" href="/id/place/anhaizhen.{suffix}"' in r.text
        assert f'/id/place/anhaizhen.{suffix}>; rel="alternate"' in r.headers["link"]


def test_unacceptable_accept_is_406_with_the_offers(client):
    r = client.get("/id/place/anhaizhen", headers={"accept": "image/png"})
    assert r.status_code == 406
    assert "text/turtle" in r.text and "Accept" in varies(r)


def test_unknown_iri_is_404_with_near_matches(client):
    r = client.get("/id/place/anhai", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert 'href="/page/place/anhaizhen"' in r.text  # did you mean 安海镇


def test_unknown_iri_is_404_json_for_machines(client):
    r = client.get("/id/place/nowhere", headers={"accept": "application/json"})
    assert r.status_code == 404
    assert r.json()["error"] == "NotFound"


@pytest.mark.parametrize("path", ["/id/place/anhai.ttl", "/id/planet/earth", "/id/place/Bad_Slug",
                                  "/page/place/nowhere", "/id/place/anhaizhen.pdf"])
def test_other_unknowns_are_404(client, path):
    assert client.get(path, headers={"accept": "text/plain"}).status_code == 404


def test_ontology_iri_negotiates_and_terms_have_anchors(client):
    r = client.get("/ontology", headers={"accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/page/ontology" and "Accept" in varies(r)
    r = client.get("/ontology", headers={"accept": "text/turtle"})
    assert r.headers["location"] == "/ontology.ttl"
    page = client.get("/page/ontology").text
    assert 'id="Town"' in page and 'id="within"' in page
    ttl = client.get("/ontology.ttl")
    assert ttl.headers["content-type"] == "text/turtle; charset=utf-8"
    assert any(t.subject.value.endswith("#Town") for t in ox.parse(ttl.content, format=ox.RdfFormat.TURTLE))


def test_context_is_published(client):
    r = client.get("/context.jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    ctx = r.json()["@context"]
    assert ctx["label"] == {"@id": "rdfs:label", "@container": "@language"}
    assert ctx["year"]["@type"] == "xsd:gYear"


def test_head_requests_negotiate_too(client):
    r = client.head("/id/place/anhaizhen", headers={"accept": "text/turtle"})
    assert r.status_code == 303 and r.headers["location"] == "/id/place/anhaizhen.ttl"
    r = client.head("/id/place/anhaizhen.ttl")
    assert r.status_code == 200 and r.headers["content-type"] == "text/turtle; charset=utf-8"
