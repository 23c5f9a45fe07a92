"""What real clients send, through the app (issue 16, "Protocol and content negotiation"): media-type parameters,
SPARQLWrapper's `format=` values, the media types Fuseki and Virtuoso answer to, negative numbers, empty
queries, syntax errors with their position, a worker killed by an engine panic, the router's own errors, and
/void and /dumps telling the same story."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app

ANHAI = "https://w3id.org/jinjiang-kg/id/place/anhaizhen"
ASK = "ASK { ?s ?p ?o }"
SELECT = "SELECT ?s WHERE { ?s a jjo:Town } ORDER BY ?s LIMIT 3"
CONSTRUCT = "CONSTRUCT WHERE { place:anhaizhen rdfs:label ?l }"
DESCRIBE = "DESCRIBE place:anhaizhen"
JSONLD_COMPACTED = 'application/ld+json; profile="http://www.w3.org/ns/json-ld#compacted"'
VOID = "http://rdfs.org/ns/void#"
DATASET = "https://w3id.org/jinjiang-kg/id/dataset/jinjiang-kg"


@pytest.fixture(scope="module")
def client(served):
    settings = dataclasses.replace(served)
    with TestClient(create_app(settings)) as client:
        yield client


def get(client, query, accept=None, params=()):
    headers = {"accept": accept} if accept else {}
    return client.get("/sparql", params=[("query", query), *params], headers=headers)


def media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


# -- media-type parameters ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, suffix", [
    (JSONLD_COMPACTED, "jsonld"),
    ("text/turtle; charset=utf-8", "ttl"),
    ("application/rdf+xml;charset=UTF-8;q=0.9, text/html;q=0.1", "rdf"),
    ("text/n3", "ttl"),
])
def test_entities_and_the_ontology_match_ranges_with_parameters(client, accept, suffix):
    r = client.get("/id/place/anhaizhen", headers={"accept": accept}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/id/place/anhaizhen.{suffix}"
    r = client.get("/ontology", headers={"accept": accept}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/ontology.{suffix}"
    assert client.get(f"/id/place/anhaizhen.{suffix}").status_code == 200


def test_a_charset_this_server_cannot_send_is_not_matched(client):
    r = client.get("/id/place/anhaizhen", headers={"accept": "text/turtle; charset=iso-8859-1"},
                   follow_redirects=False)
    assert r.status_code == 406


@pytest.mark.parametrize("query, accept, expected", [
    (ASK, "application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
    (SELECT, "text/csv; charset=utf-8; header=present", "text/csv"),
    (CONSTRUCT, "text/turtle; charset=utf-8", "text/turtle"),
    (CONSTRUCT, JSONLD_COMPACTED, "application/ld+json"),
])
def test_sparql_matches_ranges_with_parameters(client, query, accept, expected):
    r = get(client, query, accept)
    assert r.status_code == 200 and media_type(r) == expected


def test_the_service_description_matches_ranges_with_parameters(client):
    r = client.get("/sparql", headers={"accept": "text/turtle; charset=utf-8"})
    assert r.status_code == 200 and media_type(r) == "text/turtle", r.text


# -- format= as SPARQLWrapper and others send it --------------------------------------------------------------------

@pytest.mark.parametrize("query, params, accept, expected", [
    (CONSTRUCT, [("format", "n3"), ("output", "n3"), ("results", "n3")], None, "text/turtle"),
    (DESCRIBE, [("format", "n3")], None, "text/turtle"),
    (CONSTRUCT, [("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")],
     "application/ld+json,application/x-json+ld", "application/ld+json"),
    (CONSTRUCT, [("format", "rdf+xml"), ("format", "application/rdf+xml")], None, "application/rdf+xml"),
    (SELECT, [("format", "tsv"), ("format", "text/tab-separated-values")], None, "text/tab-separated-values"),
    (SELECT, [("format", "application/sparql-results+xml,application/xml")], None, "application/sparql-results+xml"),
    (SELECT, [("format", "no-such-format")], "text/csv", "text/csv"),  # unknown: Accept decides
    (ASK, [("format", "n3")], "application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_format_parameter_as_clients_send_it(client, query, params, accept, expected):
    r = get(client, query, accept, params)
    assert r.status_code == 200, r.text
    assert media_type(r) == expected


@pytest.mark.parametrize("query, accept, expected", [
    (SELECT, "application/xml", "application/sparql-results+xml"),
    (ASK, "text/xml", "application/sparql-results+xml"),
    (SELECT, "text/plain", "text/tab-separated-values"),
    (ASK, "text/plain", "text/tab-separated-values"),
    (CONSTRUCT, "text/n3", "text/turtle"),
    (DESCRIBE, "application/x-turtle", "text/turtle"),
    (CONSTRUCT, "application/xml", "application/rdf+xml"),
    (CONSTRUCT, "text/plain", "application/n-triples"),
])
def test_media_types_other_stores_answer_to(client, query, accept, expected):
    r = get(client, query, accept)
    assert r.status_code == 200, r.text
    assert media_type(r) == expected
    if media_type(r) == "text/turtle":
        assert any(t.object.value == "安海镇" for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE))


# -- what the guard must read as pyoxigraph does ---------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT ?f WHERE { ?f jjo:value -1.5 }",
    "SELECT ?v WHERE { VALUES ?v { -1.5 -2 -3.0e2 } }",
    "CONSTRUCT { place:anhaizhen jjo:value -1.5 } WHERE {}",
    "SELECT ?v WHERE { BIND(-0.25 AS ?v) FILTER(?v < -0.1) }",
])
def test_negative_numbers_are_read(client, query):
    r = get(client, query, "application/sparql-results+json, text/turtle")
    assert r.status_code == 200, r.text
    if "VALUES" in query:
        values = [b["v"]["value"] for b in r.json()["results"]["bindings"]]
        assert values[:2] == ["-1.5", "-2"] and float(values[2]) == -300.0


@pytest.mark.parametrize("query", ["", "   \n\t", "# only a comment\n", "# one\n  # two"])
def test_an_empty_query_is_a_bad_request(client, query):
    r = get(client, query, "application/json")
    assert r.status_code == 400, r.text
    assert r.json()["error"] == "QueryError" and "empty" in r.json()["message"]


def test_a_prologue_alone_is_no_update(client):
    r = get(client, "PREFIX ex: <http://example.org/>", "application/json")
    assert r.status_code == 400 and r.json()["error"] == "QueryError"


def test_syntax_errors_say_line_and_column(client):
    r = get(client, "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o > 3 }", "application/json")
    body = r.json()
    assert r.status_code == 400 and body["error"] == "QueryError"
    assert (body["line"], body["column"]) == (3, 3), body  # the FILTER left open
    assert "line 3, column 3 (at “FILTER(?o > 3 }”)" in body["message"]
    r = get(client, "SELECT * WHERE { ?s ?p ?o } LIMT 3", "application/json")
    assert (r.json()["line"], r.json()["column"]) == (1, 29) and "LIMT 3" in r.json()["message"]


@pytest.mark.parametrize("escape", ["\\uD800", "\\UFFFFFFFF"])
def test_an_escape_that_is_no_character_is_a_syntax_error(client, escape):
    r = get(client, f'SELECT * WHERE {{ ?s ?p "{escape}" }}', "application/json")
    body = r.json()
    assert r.status_code == 400 and body["error"] == "QueryError", body
    assert "codec" not in body["message"] and "surrogates not allowed" not in body["message"]
    assert (body["line"], body["column"]) == (1, 25)  # the backslash


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://127.0.0.1:9/> { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * { ?s ?p ?o . service\n<http://127.0.0.1:9/> { ?a ?b ?c } }",
])
def test_service_is_refused_by_policy_not_as_too_deep(client, query):
    r = get(client, query, "application/json")
    assert r.status_code == 400 and r.json()["error"] == "QueryRefused"
    assert "SERVICE is not allowed" in r.json()["message"]


def test_names_that_contain_service_are_not_refused(client):
    r = get(client, "SELECT ?service WHERE { ?service rdfs:label ?serviceName } LIMIT 1", "application/json")
    assert r.status_code == 200, r.text


# -- the router's own refusals -------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path, allowed", [
    ("OPTIONS", "/sparql", {"GET", "HEAD", "POST"}),
    ("PUT", "/sparql", {"GET", "HEAD", "POST"}),
    ("DELETE", "/id/place/anhaizhen", {"GET", "HEAD"}),
    ("PUT", "/page/place/anhaizhen", {"GET", "HEAD"}),
])
def test_unsupported_methods_get_405_in_our_shape(client, method, path, allowed):
    r = client.request(method, path, headers={"accept": "application/json"})
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} == allowed
    assert r.json()["error"] == "MethodNotAllowed" and method in r.json()["message"]
    text = client.request(method, path, headers={"accept": "text/plain"})
    assert text.text.startswith("405 MethodNotAllowed:")


def test_a_path_no_route_has_gets_404_in_our_shape(client):
    r = client.get("/no/such/thing", headers={"accept": "application/json"})
    assert r.status_code == 404 and r.json()["error"] == "NotFound" and "detail" not in r.json()


# -- one dataset, one description ------------------------------------------------------------------------------------

def dataset_facts(client, path: str) -> dict:
    r = client.get(path, headers={"accept": "text/turtle"})
    assert r.status_code == 200, r.text
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    facts = {}
    for name in ("triples", "entities", "sparqlEndpoint", "uriSpace"):
        facts[name] = sorted(t.object.value for t in triples
                             if t.subject.value == DATASET and t.predicate.value == VOID + name)
    partitions = {t.object for t in triples if t.subject.value == DATASET and t.predicate.value == VOID + "classPartition"}
    facts["classes"] = sorted(
        (next(t.object.value for t in triples if t.subject == p and t.predicate.value == VOID + "class"),
         next(t.object.value for t in triples if t.subject == p and t.predicate.value == VOID + "entities"))
        for p in partitions)
    facts["subsets"] = sorted(
        (t.object.value, next(u.object.value for u in triples if u.subject == t.object and u.predicate.value == VOID + "triples"))
        for t in triples if t.subject.value == DATASET and t.predicate.value == VOID + "subset")
    facts["dumps"] = sorted(t.object.value for t in triples
                            if t.subject.value == DATASET and t.predicate.value == VOID + "dataDump")
    facts["titles"] = sorted(t.object.value for t in triples
                             if t.subject.value == DATASET and t.predicate.value == "http://purl.org/dc/terms/title")
    return facts


def test_void_and_dumps_describe_the_same_dataset(client):
    void, dumps = dataset_facts(client, "/void"), dataset_facts(client, "/dumps.ttl")
    assert void == dumps
    assert void["sparqlEndpoint"] == ["https://w3id.org/jinjiang-kg/sparql"] and len(void["triples"]) == 1
    assert len(void["classes"]) > 10 and len(void["subsets"]) >= 4


# -- ORDER BY over terms of every kind ---------------------------------------------------------------------------

# pyoxigraph 0.5.13 sorts with a comparison that is no total order when numbers and strings are mixed; Rust's
# sort notices and panics, and the panic aborts the worker. Unkeyed (before issue 30), this set it off every time.
MIXED = " ".join(f'{i} "{i}"' for i in range(40))
MIXED_ORDER = "SELECT ?o WHERE { VALUES ?o { %s } } ORDER BY ?o" % MIXED


def test_order_by_over_mixed_terms_is_answered(client):
    r = get(client, "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 5", "application/sparql-results+json")
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5
    r = get(client, "SELECT ?o WHERE { VALUES ?o { %s } } ORDER BY DESC(?o) LIMIT 3" % MIXED, "text/csv")
    assert r.status_code == 200 and len(r.text.split()) == 4
    r = get(client, MIXED_ORDER, "application/sparql-results+json")
    assert r.status_code == 200, r.text
    rows = [(b["o"].get("datatype", "").rsplit("#", 1)[-1], b["o"]["value"]) for b in r.json()["results"]["bindings"]]
    assert len(rows) == 80
    if client.app.state.settings.store:  # a remote store sorts mixed terms its own way (SPARQL leaves it open)
        return
    # Keyed from the start (issue 30; no crash, no retry): numbers first, then strings, each in its order.
    numbers, strings = rows[:40], rows[40:]
    assert [v for _, v in numbers] == [str(i) for i in range(40)] and {t for t, _ in numbers} == {"integer"}
    assert [v for _, v in strings] == sorted(str(i) for i in range(40))


@pytest.fixture(scope="module")
def embedded(published):
    settings = dataclasses.replace(published, query_workers=1)
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_worker_killed_by_an_engine_panic_says_so(embedded):
    """A condition the ORDER BY keys leave alone (`EXISTS { }`: kg/sparql/total_order.py) keeps the crash: the
    answer names it, and does not blame memory or invite a retry."""
    r = get(embedded, MIXED_ORDER + " EXISTS { }", "application/json")
    assert r.status_code == 500, r.text
    body = r.json()
    assert body["error"] == "QueryEngineFailed" and "total order" in body["message"]
    assert "memory" not in body["message"] and "retry-after" not in r.headers
    # The worker is replaced: the next query is answered.
    assert get(embedded, ASK, "application/json").json()["boolean"] is True


# -- errors never show the server's directories ------------------------------------------------------------------------

@pytest.fixture
def fresh(tmp_path):
    """An app over a store of one triple whose dumps have not been made yet."""
    from kg.store.embedded import publish, write

    var_dir = tmp_path / "var"
    built = write(b"<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> .\n",
                  var_dir, {"built": "2026-01-01T00:00:00+0000", "reports": []},
                  default_graph=b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    from kg.settings import Settings

    settings = dataclasses.replace(Settings.from_env(), var_dir=var_dir)
    publish(built, settings.store_link)
    with TestClient(create_app(settings)) as client:
        yield client, var_dir


def test_a_dump_that_cannot_be_written_says_why_without_server_paths(fresh, monkeypatch):
    import errno

    from kg.store import dumps

    client, var_dir = fresh

    def disk_full(dump, store, build, target):
        target.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(dumps, "_write", disk_full)
    r = client.get("/dumps/jinjiang-kg.nq", headers={"accept": "application/json"})
    assert r.status_code == 503 and r.json()["error"] == "StoreError"
    assert "No space left on device" in r.json()["message"]
    assert str(var_dir) not in r.text and str(var_dir.resolve()) not in r.text and "/tmp" not in r.text
    assert not list(var_dir.rglob("*.partial"))  # nothing half-written is left to be served later


def test_store_errors_quoting_paths_are_shown_without_them(fresh, monkeypatch):
    from kg.errors import StoreError

    client, var_dir = fresh
    store_dir = var_dir.resolve() / "stores" / "store-1"

    def broken(service, name):
        raise StoreError(f"cannot open the store: IO error: While lock file: {store_dir}/LOCK: Resource busy")

    monkeypatch.setattr("api.routers.dumps.dump_path", broken)
    for accept in ("application/json", "text/plain"):
        r = client.get("/dumps/jinjiang-kg.nq", headers={"accept": accept})
        assert r.status_code == 503 and "LOCK" in r.text and "Resource busy" in r.text
        assert str(var_dir.resolve()) not in r.text and "/stores/" not in r.text, r.text
