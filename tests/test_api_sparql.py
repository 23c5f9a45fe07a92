"""/sparql and /void through the app: content negotiation, format=, limits and truncation, read-only refusals,
errors in the asked format, CORS, the Service Description, VoID and the query page."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.sparql.examples import load_examples

MAX_ROWS = 50
SELECT = "SELECT ?s WHERE { ?s a jjo:Town } ORDER BY ?s LIMIT 3"
CONSTRUCT = "CONSTRUCT WHERE { place:anhaizhen rdfs:label ?l }"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def client(served):
    settings = dataclasses.replace(served, max_result_rows=MAX_ROWS, max_query_length=3000, max_body_bytes=4000,
                                   query_timeout=10)
    with TestClient(create_app(settings)) as client:
        yield client


def get(client, query, accept=None, **params):
    headers = {"accept": accept} if accept else {}
    return client.get("/sparql", params={"query": query, **params}, headers=headers)


def media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


def select_rows(response) -> list[dict[str, str]]:
    if media_type(response) == "text/csv":
        return list(csv.DictReader(io.StringIO(response.text)))
    parsed = ox.parse_query_results(response.content,
                                    format=ox.QueryResultsFormat.from_media_type(media_type(response)))
    return [{v.value: s[v.value].value for v in parsed.variables if s[v.value] is not None} for s in parsed]


# -- content negotiation ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values"])
def test_select_in_each_results_format(client, accept):
    r = get(client, SELECT, accept)
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{accept}; charset=utf-8"
    assert len(select_rows(r)) == 3
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json",
                                    "application/rdf+xml", "application/trig", "application/n-quads"])
def test_construct_in_each_graph_format(client, accept):
    r = get(client, CONSTRUCT, accept)
    assert r.status_code == 200 and r.headers["content-type"] == f"{accept}; charset=utf-8"
    labels = {q.object.value for q in ox.parse(r.content, format=ox.RdfFormat.from_media_type(accept))}
    assert labels == {"安海镇", "Anhai Town"}


def test_defaults_without_accept(client):
    assert media_type(get(client, SELECT)) == "application/sparql-results+json"
    assert media_type(get(client, "ASK {}")) == "application/sparql-results+json"
    assert media_type(get(client, CONSTRUCT)) == "text/turtle"
    assert media_type(get(client, "DESCRIBE place:anhaizhen")) == "text/turtle"


@pytest.mark.parametrize("accept, query, expected", [
    ("text/csv;q=0.5, application/sparql-results+xml", SELECT, "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.2, text/tab-separated-values;q=0.9", SELECT, "text/tab-separated-values"),
    ("text/*", SELECT, "text/csv"),
    ("text/*", CONSTRUCT, "text/turtle"),
    ("*/*", SELECT, "application/sparql-results+json"),
    ("application/json", SELECT, "application/sparql-results+json"),
    ("application/rdf+xml;q=0.9, application/ld+json", CONSTRUCT, "application/ld+json"),
    ("application/json", CONSTRUCT, "application/ld+json"),
])
def test_q_values_and_wildcards(client, accept, query, expected):
    assert media_type(get(client, query, accept)) == expected


@pytest.mark.parametrize("fmt, query, expected", [
    ("tsv", SELECT, "text/tab-separated-values"),
    ("json", CONSTRUCT, "application/ld+json"),
    ("xml", CONSTRUCT, "application/rdf+xml"),
    ("nt", CONSTRUCT, "application/n-triples"),
    ("text/csv", SELECT, "text/csv"),
])
def test_format_parameter_overrides_accept(client, fmt, query, expected):
    assert media_type(get(client, query, "application/sparql-results+xml, text/turtle", format=fmt)) == expected


@pytest.mark.parametrize("accept, query", [("image/png", SELECT), ("text/turtle", SELECT),
                                           ("application/sparql-results+json", CONSTRUCT)])
def test_406_when_nothing_acceptable_fits(client, accept, query):
    r = get(client, query, accept)
    assert r.status_code == 406 and "Available" in r.text


def test_format_parameter_that_fits_no_form_gives_way_to_accept(client):
    """As on Fuseki and Virtuoso: `format=` is a hint; where it names nothing for this query, Accept decides."""
    assert media_type(get(client, CONSTRUCT, "text/turtle", format="csv")) == "text/turtle"
    assert media_type(get(client, SELECT, "text/csv", format="yaml")) == "text/csv"
    assert media_type(get(client, SELECT, format="yaml")) == "application/sparql-results+json"  # no Accept: default
    assert get(client, CONSTRUCT, "text/csv", format="csv").status_code == 406


# -- the protocol's dataset ---------------------------------------------------------------------------------------

def test_graph_parameters_choose_store_graphs(client):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = int(select_rows(get(client, count))[0]["n"])
    ontology = int(select_rows(get(client, count, **{"default-graph-uri":
                                                       "https://w3id.org/jinjiang-kg/graph/ontology"}))[0]["n"])
    assert 0 < ontology < everything
    unknown = get(client, count, **{"default-graph-uri": "http://example.org/no-such-graph"})
    assert unknown.status_code == 200 and select_rows(unknown) == [{"n": "0"}]
    named = get(client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                **{"named-graph-uri": "https://w3id.org/jinjiang-kg/graph/jinjiangshi-2024"})
    assert select_rows(named) == [{"g": "https://w3id.org/jinjiang-kg/graph/jinjiangshi-2024"}]


def test_graph_parameter_must_be_an_iri(client):
    r = get(client, "ASK {}", "application/json", **{"default-graph-uri": "not an iri"})
    assert r.status_code == 400 and "default-graph-uri" in r.json()["message"]


# -- limits and truncation ----------------------------------------------------------------------------------------

def test_results_over_the_row_limit_are_cut_and_marked(client):
    r = get(client, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert r.headers["x-jjkg-truncated"] == "true" and r.headers["x-jjkg-row-limit"] == str(MAX_ROWS)
    body = r.json()
    assert len(body["results"]["bindings"]) == MAX_ROWS
    assert body["head"]["link"] == ["https://w3id.org/jinjiang-kg/sparql#truncated"]
    turtle = get(client, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert turtle.headers["x-jjkg-truncated"] == "true" and turtle.text.startswith("# truncated")
    small = get(client, SELECT)
    assert small.headers["x-jjkg-truncated"] == "false" and "link" not in small.json()["head"]


def test_query_length_limit(client):
    long_query = "ASK {} #" + "x" * 3000
    assert get(client, long_query).status_code == 413
    r = client.post("/sparql", content=long_query.encode(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413 and "3000" in r.text


def test_body_size_limit(client):
    r = client.post("/sparql", content=b"ASK {} #" + b"x" * 5000, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413 and "4000" in r.text


# -- read-only, errors --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("send", [
    lambda c: c.get("/sparql", params={"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}),
    lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}),
    lambda c: c.post("/sparql", content=b"CLEAR ALL", headers={"content-type": "application/sparql-update"}),
])
def test_updates_are_refused_as_read_only(client, send):
    r = send(client)
    assert r.status_code == 403 and "read-only" in r.text


def test_syntax_error_in_json(client):
    r = get(client, "SELECT ?x WHERE {\n  ?x ?y", "application/sparql-results+json")
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["error"] == "QueryError" and body["line"] == 2 and body["column"] >= 1
    assert "syntax error" in body["message"]


def test_syntax_error_in_plain_text(client):
    r = get(client, "SELECT ?x WHERE { ?x", "text/csv")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/plain")
    assert "syntax error at line 1" in r.text and "Traceback" not in r.text


def test_query_string_must_be_utf8(client):
    r = client.get("/sparql?query=ASK%20%7B%7D%FF")
    assert r.status_code == 400 and "UTF-8" in r.text


def test_busy_answers_say_when_to_retry():
    from api.errors import headers_for, status_for
    from kg.errors import WorkersBusy

    busy = WorkersBusy("all 2 query workers stayed busy")
    assert status_for(busy) == 503 and headers_for(busy)["Retry-After"] == "2"


def test_post_without_a_query(client):
    r = client.post("/sparql", data={"default-graph-uri": "http://example.org/g"})
    assert r.status_code == 400 and "no query" in r.text


def test_form_post_and_direct_post(client):
    form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", content=SELECT.encode(), headers={"content-type": "application/sparql-query"})
    assert select_rows(form) == select_rows(direct) == select_rows(get(client, SELECT))


# -- CORS ---------------------------------------------------------------------------------------------------------

def test_cors_on_get_and_post(client):
    origin = {"origin": "https://example.org"}
    r = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert r.headers["access-control-allow-origin"] == "*"
    assert "x-jjkg-truncated" in r.headers["access-control-expose-headers"].lower()
    r = client.post("/sparql", content=b"ASK {}", headers={**origin, "content-type": "application/sparql-query"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"


def test_cors_preflight_for_a_direct_post(client):
    r = client.options("/sparql", headers={"origin": "https://example.org", "access-control-request-method": "POST",
                                           "access-control-request-headers": "content-type"})
    assert r.status_code == 200
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "content-type" in r.headers["access-control-allow-headers"].lower()


# -- service description and VoID ---------------------------------------------------------------------------------

def test_service_description_for_machines(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    objects = lambda p: {t.object.value for t in triples if t.predicate.value == p}  # noqa: E731
    assert objects(SD + "endpoint") == {"https://w3id.org/jinjiang-kg/sparql"}
    assert SD + "SPARQL11Query" in objects(SD + "supportedLanguage")
    assert "http://www.w3.org/ns/formats/SPARQL_Results_CSV" in objects(SD + "resultFormat")
    assert "https://w3id.org/jinjiang-kg/graph/jinjiangshi-2025" in objects(SD + "name")
    assert "https://w3id.org/jinjiang-kg/void" in objects("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    assert 'rel="describedby"' in r.headers["link"]
    jsonld = client.get("/sparql", headers={"accept": "application/ld+json"})
    assert media_type(jsonld) == "application/ld+json" and json.loads(jsonld.text)


def test_void_description(client):
    r = client.get("/void")
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    objects = lambda p: [t.object.value for t in triples if t.predicate.value == p]  # noqa: E731
    assert objects(VOID + "sparqlEndpoint")[0] == "https://w3id.org/jinjiang-kg/sparql"
    assert objects(VOID + "uriSpace") == ["https://w3id.org/jinjiang-kg/id/"]
    assert sorted(objects(VOID + "subset")) == [f"https://w3id.org/jinjiang-kg/graph/{g}" for g in
                                                ("derived", "jinjiangshi-2024", "jinjiangshi-2025", "ontology", "reference")]
    total = int(select_rows(get(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0]["n"])
    dataset = "https://w3id.org/jinjiang-kg/id/dataset/jinjiang-kg"
    assert [t.object.value for t in triples if t.subject.value == dataset and t.predicate.value == VOID + "triples"] \
        == [str(total)]
    assert media_type(client.get("/void", params={"format": "nt"})) == "application/n-triples"
    moved = client.get("/.well-known/void", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/void"


# -- the query page -----------------------------------------------------------------------------------------------

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def assert_strict_page(r):
    html = r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert "<style" not in html and " style=" not in html and " onclick=" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith("//") and "cdn" not in url, url


def test_query_page_for_browsers(client):
    r = client.get("/sparql", headers={"accept": BROWSER})
    assert r.status_code == 200 and media_type(r) == "text/html"
    assert "PREFIX jjo: &lt;https://w3id.org/jinjiang-kg/ontology#&gt;" in r.text
    for example in load_examples():
        assert example.title_zh in r.text
    assert 'href="/void"' in r.text and 'href="/sparql?format=turtle"' in r.text
    assert_strict_page(r)
    for asset in ("/static/sparql.js", "/static/sparql.css", "/static/site.css"):
        assert client.get(asset).status_code == 200


def test_results_table_links_iris_to_entity_pages_with_labels(client):
    query = 'SELECT ?p ?label WHERE { ?p rdfs:label ?label ; a jjo:Town . FILTER(?label = "安海镇"@zh) }'
    r = get(client, query, BROWSER)
    assert r.status_code == 200 and media_type(r) == "text/html"
    assert '<a href="/id/place/anhaizhen" title="https://w3id.org/jinjiang-kg/id/place/anhaizhen">安海镇</a>' in r.text
    for fmt in ("json", "xml", "csv", "tsv"):
        assert f"format={fmt}" in r.text
    assert_strict_page(r)


def test_construct_table_and_graph_downloads(client):
    r = get(client, CONSTRUCT, BROWSER)
    assert "?subject" in r.text and "Anhai Town" in r.text
    for fmt in ("turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"):
        assert f"format={fmt}" in r.text


def test_page_shows_errors_in_place(client):
    r = get(client, "SELECT * WHERE { ?s ?p", BROWSER)
    assert r.status_code == 400 and media_type(r) == "text/html"
    assert 'role="alert"' in r.text and "line 1" in r.text
    assert "SELECT * WHERE { ?s ?p</textarea>" in r.text  # the query stays in the editor


def test_nothing_from_the_data_becomes_markup(client):
    r = get(client, 'SELECT ?x WHERE { BIND("<script>alert(1)</script>" AS ?x) }', BROWSER)
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    r = get(client, "SELECT ?x WHERE { BIND(<javascript:alert(1)> AS ?x) }", BROWSER)
    assert 'href="javascript:' not in r.text


@pytest.mark.parametrize("example", load_examples(), ids=lambda e: e.slug)
def test_each_example_link_shows_rows(client, example):
    # The places example compares the provinces' 2026 figures, which only a graph of many places holds (after `make
    # corpus`; tests/test_compare_places.py asks it of one): of the seed graph it is asked in tests/test_examples.py's
    # seed form, 泉州市's places in 2025.
    from test_examples import SEED_FORM

    query = SEED_FORM.get(example.slug, lambda q: q)(example.query)
    r = client.get("/sparql", params={"query": query}, headers={"accept": BROWSER})
    assert r.status_code == 200
    body = r.text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") >= 1


def test_dataset_iri_dereferences_to_its_descriptions(client):
    page = client.get("/id/dataset/jinjiang-kg", headers={"accept": "text/html"}, follow_redirects=False)
    data = client.get("/id/dataset/jinjiang-kg", headers={"accept": "text/turtle"}, follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/dumps")
    assert (data.status_code, data.headers["location"]) == (303, "/void")
    void = client.get("/void").text
    # The N-Quads dump under the publication's versioned, compressed name (as /dumps lists it)
    assert re.search(r"dumps/jinjiang-kg-\d{8}T\d{6}Z\.nq\.gz", void) and "creativecommons.org/licenses/by/4.0" in void
