"""The query tests of the W3C SPARQL 1.1 Protocol test suite, through real HTTP against `jjkg serve`.

Each request is sent byte for byte as /work/shared/protocol-query-tests.md lists it (w3c/rdf-tests,
sparql/sparql11/protocol/manifest.ttl): no Accept header, a Content-Type only where the test has one, raw bodies.
The store holds data1–data3 as named graphs; data0.rdf names no graph and must act as an empty one.
A strict checker: the Content-Type must name the format the body is really in.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import tools
from live_server import serve

from kg.settings import Settings
from kg.store.embedded import publish, write

DATA = "http://kasei.us/2009/09/sparql/data/"
D0 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
D1 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
D2 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
D3 = "http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
ASK_TWO = ("ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . "
           "<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }")
ASK_TWO_GET = ("ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20.%20"
               "%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D")
ASK_NAMED = ("ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
             "GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }")
ASK_NAMED_GET = ("ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
                 "%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2F"
                 "data%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D")
ASK_FULL = ("ASK {\n  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type\n"
            "  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }\n"
            "  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }\n}")
ASK_FROM = ("ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { GRAPH ?g1 { "
            "<http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { "
            "<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }")

# (name, method, path and query string, headers, body, expected: True/False for a boolean, "tabular", "RDF", 4xx)
CASES = [
    ("query_post_form", "POST", f"/sparql?default-graph-uri={D0}", FORM, b"query=ASK%20%7B%7D", True),
    ("query_dataset_default_graphs_get", "GET",
     f"/sparql?query={ASK_TWO_GET}&default-graph-uri={D1}&default-graph-uri={D2}", {}, None, True),
    ("query_dataset_default_graphs_post", "POST", f"/sparql?default-graph-uri={D1}&default-graph-uri={D2}", DIRECT,
     ASK_TWO.encode(), True),
    ("query_dataset_named_graphs_post", "POST", f"/sparql?named-graph-uri={D1}&named-graph-uri={D2}", DIRECT,
     ASK_NAMED.encode(), True),
    ("query_dataset_named_graphs_get", "GET",
     f"/sparql?query={ASK_NAMED_GET}&named-graph-uri={D1}&named-graph-uri={D2}", {}, None, True),
    ("query_dataset_full", "POST", f"/sparql?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}",
     DIRECT, ASK_FULL.encode(), True),
    ("query_multiple_dataset", "POST", f"/sparql?named-graph-uri={D1}&named-graph-uri={D2}", DIRECT,
     ASK_FROM.encode(), True),
    ("query_get", "GET", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={D0}", {}, None, True),
    ("query_content_type_select", "POST", f"/sparql?default-graph-uri={D0}", DIRECT, b"SELECT (1 AS ?value) {}",
     "tabular"),
    ("query_content_type_ask", "POST", f"/sparql?default-graph-uri={D0}", DIRECT, b"ASK {}", "boolean"),
    ("query_content_type_describe", "POST", f"/sparql?default-graph-uri={D0}", DIRECT,
     b"DESCRIBE <http://example.org/>", "RDF"),
    ("query_content_type_construct", "POST", f"/sparql?default-graph-uri={D0}", DIRECT,
     b"CONSTRUCT { <s> <p> 1 } WHERE {}", "RDF"),
    ("query_post_direct", "POST", "/sparql", DIRECT, b"ASK {}", True),
    ("bad_query_method", "PUT", f"/sparql?query=ASK%20%7B%7D&default-graph-uri={D0}", FORM, None, 4),
    ("bad_multiple_queries", "GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, None, 4),
    ("bad_query_wrong_media_type", "POST", "/sparql", {"content-type": "text/plain"}, b"ASK {}", 4),
    ("bad_query_missing_form_type", "POST", "/sparql", {}, b"query=ASK%20%7B%7D", 4),
    ("bad_query_missing_direct_type", "POST", "/sparql", {}, b"ASK {}", 4),
    ("bad_query_non_utf8", "POST", "/sparql", {"content-type": "application/sparql-query; charset=UTF-16"},
     "ASK {}".encode("utf-16"), 4),
    ("bad_query_syntax", "GET", "/sparql?query=ASK%20%7B", {}, None, 4),
]


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def endpoint(request, tmp_path_factory):
    """`jjkg serve` over a store holding data1–data3, each a named graph (and, as in real builds, their union as
    the default graph): the embedded store, or a Virtuoso of this module's own the same data was published to."""
    var_dir = tmp_path_factory.mktemp("w3c-var")
    triples = {n: f"<{DATA}data{n}.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                  f"<http://xmlns.com/foaf/0.1/Document>" for n in (1, 2, 3)}
    nquads = "".join(f"{t} <{DATA}data{n}.rdf> .\n" for n, t in triples.items()).encode()
    union = "".join(f"{t} .\n" for t in triples.values()).encode()
    built = write(nquads, var_dir, {"built": "2026-01-01T00:00:00+0000", "reports": []}, default_graph=union)
    publish(built, dataclasses.replace(Settings.from_env(), var_dir=var_dir).store_link)
    if request.param == "embedded":
        with serve(var_dir) as server:
            yield urlsplit(server.url)
        return
    from kg.settings import RemoteConfig
    from kg.store import virtuoso_local
    from kg.store.embedded import current
    from kg.store.publish import Publisher, plan

    tools.require(tools.VIRTUOSO, "the protocol tests over Virtuoso")
    store = virtuoso_local.start(tmp_path_factory.mktemp("w3c-virtuoso") / "db")
    try:
        Publisher(RemoteConfig(store.query_endpoint, update=store.update_endpoint, user="dba",
                               password=store.password), var_dir).publish(plan(current(var_dir / "store")))
        with serve(tmp_path_factory.mktemp("w3c-replica"), store=store.store_setting) as server:
            yield urlsplit(server.url)
    finally:
        store.stop()


def send(endpoint, method: str, target: str, headers: dict, body: bytes | None) -> http.client.HTTPResponse:
    """One request with exactly these headers (plus Host and, for a body, Content-Length)."""
    conn = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=30)
    conn.putrequest(method, target, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def media_type(response) -> str:
    return response.getheader("content-type", "").split(";")[0].strip()


@pytest.mark.slow
@pytest.mark.parametrize("name, method, target, headers, body, expected", CASES, ids=[c[0] for c in CASES])
def test_w3c_protocol_query(endpoint, name, method, target, headers, body, expected):
    response = send(endpoint, method, target, headers, body)
    if expected == 4:
        assert 400 <= response.status < 500, (response.status, response.body)
        return
    assert 200 <= response.status < 400, (response.status, response.body)
    if expected in (True, False, "boolean"):
        result = ox.parse_query_results(response.body, format=ox.QueryResultsFormat.from_media_type(media_type(response)))
        assert isinstance(result, ox.QueryBoolean)
        if expected != "boolean":
            assert bool(result) is expected
    elif expected == "tabular":
        result = ox.parse_query_results(response.body, format=ox.QueryResultsFormat.from_media_type(media_type(response)))
        assert [v.value for v in result.variables] == ["value"]
        assert [s["value"].value for s in result] == ["1"]
    else:
        triples = list(ox.parse(response.body, format=ox.RdfFormat.from_media_type(media_type(response))))
        if name == "query_content_type_construct":  # <s> resolves against the endpoint's URL
            assert [(t.predicate.value.rsplit("/", 1)[-1], t.object.value) for t in triples] == [("p", "1")]
        else:
            assert triples == []
    assert "charset=utf-8" in response.getheader("content-type")


@pytest.mark.slow
def test_the_negative_tests_say_why(endpoint):
    """The bad_* answers carry the precise status and a message, never a traceback."""
    expected = {"bad_query_method": 405, "bad_multiple_queries": 400, "bad_query_wrong_media_type": 415,
                "bad_query_missing_form_type": 415, "bad_query_missing_direct_type": 415,
                "bad_query_non_utf8": 415, "bad_query_syntax": 400}
    for name, method, target, headers, body, _ in CASES:
        if name in expected:
            response = send(endpoint, method, target, {**headers, "accept": "application/json"}, body)
            assert response.status == expected[name], name
            message = json.loads(response.body)
            assert "Traceback" not in response.body.decode()
            assert message.get("message") or message.get("detail"), name
