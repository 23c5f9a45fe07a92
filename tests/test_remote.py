"""kg/store/remote.py, the remote-store adapter, against a stand-in store on loopback (answers chosen per test) and
the settings that select it. The same adapter against a real Virtuoso: tests/test_publish.py and every test
that takes the `served` fixture."""

from __future__ import annotations

import dataclasses
import http.server
import json
import threading
import urllib.parse

import pyoxigraph as ox
import pytest
from conftest import run_cli

from kg.errors import KGError, QueryAborted, QueryError, QueryTimeout, StoreError
from kg.settings import RemoteConfig, Settings
from kg.store import remote

EMPTY_SELECT = {"head": {"vars": ["x"]}, "results": {"bindings": []}}


class StandIn(http.server.BaseHTTPRequestHandler):
    """Answers every POST with the status, headers and body the test set; keeps the forms it received."""

    answer: tuple[int, dict, bytes] = (200, {}, b"")
    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        StandIn.received.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
        status, headers, body = StandIn.answer
        self.send_response(status)
        for k, v in {"content-type": "application/sparql-results+json", **headers}.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stand_in():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()


def store_at(url: str, **options) -> remote.RemoteStore:
    publication = remote.Publication("s1", {}, ("https://w3id.org/jinjiang-kg/graph/a",))
    return remote.RemoteStore(RemoteConfig(url, **options), publication)


def answer(status=200, headers=None, body=None):
    StandIn.answer = (status, headers or {}, json.dumps(EMPTY_SELECT).encode() if body is None else body)
    StandIn.received.clear()


def test_a_partial_answer_is_the_deadline_not_a_short_result(stand_in):
    answer(headers={"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"})
    with pytest.raises(QueryTimeout, match="deadline"):
        store_at(stand_in).query("SELECT * WHERE { ?s ?p ?o }")


def test_any_other_flagged_answer_is_a_store_error_not_a_result(stand_in):
    answer(headers={"X-SQL-State": "42000", "X-SQL-Message": "something went wrong"})
    with pytest.raises(StoreError, match="flagged its answer .42000: something went wrong"):
        store_at(stand_in).query("SELECT * WHERE { ?s ?p ?o }")


def test_an_answer_over_the_byte_cap_stops_the_query(stand_in):
    answer(body=b" " * 5000 + json.dumps(EMPTY_SELECT).encode())
    with pytest.raises(QueryAborted, match="larger than"):
        store_at(stand_in, max_bytes=4096).query("SELECT * WHERE { ?s ?p ?o }")


def test_store_errors_are_named_and_client_errors_are_query_errors(stand_in):
    answer(status=500, headers={"content-type": "text/plain"}, body=b"Virtuoso 42000 Error: out of memory\n...")
    with pytest.raises(StoreError, match=r"answered 500: Virtuoso 42000 Error: out of memory"):
        store_at(stand_in).query("SELECT * WHERE { ?s ?p ?o }")
    answer(status=400, headers={"content-type": "text/plain"}, body=b"Virtuoso 37000 Error SP030: syntax error")
    with pytest.raises(QueryError, match="refused the query: Virtuoso 37000"):
        store_at(stand_in).query("SELECT * WHERE { ?s ?p ?o }")


def test_an_unreachable_store_is_a_store_error_naming_it():
    with pytest.raises(StoreError, match=r"cannot reach the store at http://127\.0\.0\.1:9/sparql"):
        store_at("http://127.0.0.1:9/sparql", connect_timeout=2).query("ASK {}")


def test_the_published_dataset_is_sent_unless_the_query_or_request_names_one(stand_in):
    answer()
    store = store_at(stand_in)
    list(store.query("SELECT * WHERE { ?s ?p ?o }"))
    sent = StandIn.received[-1]
    assert sent["default-graph-uri"] == [store.publication.union]
    assert sent["named-graph-uri"] == ["https://w3id.org/jinjiang-kg/graph/a"]
    assert int(sent["timeout"][0]) > 0  # the store's own deadline, in ms
    list(store.query("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }"))
    assert "default-graph-uri" not in StandIn.received[-1]  # the query's FROM wins
    list(store.query('SELECT * WHERE { ?s ?p "FROM <x>" }'))  # a string is not a FROM clause
    assert StandIn.received[-1]["default-graph-uri"] == [store.publication.union]
    list(store.query("SELECT * WHERE { ?s ?p ?o }", default_graph=[], named_graphs=[ox.NamedNode("urn:n")]))
    assert StandIn.received[-1]["named-graph-uri"] == ["urn:n"]
    assert StandIn.received[-1]["default-graph-uri"] == [remote.EMPTY_GRAPH]  # the protocol's empty default graph


def test_only_undeclared_prefixes_are_added(stand_in):
    answer()
    list(store_at(stand_in).query("PREFIX rdfs: <urn:mine#> SELECT * WHERE { ?s rdfs:x ?o }",
                                  prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "jjo": "urn:jjo#"}))
    text = StandIn.received[-1]["query"][0]
    assert "PREFIX jjo: <urn:jjo#>" in text and "rdf-schema" not in text


def test_skolem_iris_come_back_as_the_blank_nodes_they_were(stand_in):
    body = {"head": {"vars": ["x", "b"]}, "results": {"bindings": [{
        "x": {"type": "uri", "value": remote.GENID + "q-abc"},
        "b": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#boolean", "value": "1"}}]}}
    answer(body=json.dumps(body).encode())
    store = store_at(stand_in)
    row = list(store.query("SELECT ?x ?b WHERE { ?x ?p ?b }"))[0]
    assert row["x"] == ox.BlankNode("q-abc") and row["b"].value == "true"
    answer()
    store.quads_for_pattern(ox.BlankNode("q-abc"), None, None, ox.DefaultGraph())
    assert f"<{remote.GENID}q-abc>" in StandIn.received[-1]["query"][0]


def test_query_form_ignores_strings_and_comments():
    assert remote.query_form('# SELECT\nCONSTRUCT { ?s ?p "ASK" } WHERE { ?s ?p ?o }') == "CONSTRUCT"
    assert remote.query_form("PREFIX ask: <urn:x#> ASK { ?s ask:p ?o }") == "ASK"


def test_nothing_published_yet_says_what_to_run(stand_in):
    answer()
    with pytest.raises(StoreError, match="nothing has been published to .* run `jjkg publish"):
        remote.RemoteBackend(RemoteConfig(stand_in)).store()


@pytest.mark.parametrize("value", ["http://host/sparql", "sparql+ftp://host/x", "sparql+http://", "oxigraph"])
def test_bad_store_settings_are_refused_naming_the_variable(value, monkeypatch):
    monkeypatch.setenv("JJKG_STORE", value)
    with pytest.raises(KGError, match="JJKG_STORE"):
        Settings.from_env()


def test_serve_with_a_bad_store_setting_is_a_one_line_error():
    res = run_cli("serve", env={"JJKG_STORE": "virtuoso://localhost"})
    assert res.returncode == 1 and "JJKG_STORE='virtuoso://localhost'" in res.stderr
    assert "Traceback" not in res.stderr


def test_the_remote_settings_carry_the_deadline(monkeypatch):
    monkeypatch.setenv("JJKG_STORE", "sparql+https://store.example/sparql")
    monkeypatch.setenv("JJKG_STORE_UPDATE", "https://store.example/sparql-auth")
    monkeypatch.setenv("JJKG_QUERY_TIMEOUT", "7")
    config = Settings.from_env().remote
    assert config.endpoint == "https://store.example/sparql" and config.query_timeout == 7
    assert dataclasses.replace(Settings.from_env(), store="").remote is None


def test_answers_of_one_publication_are_remembered_within_their_byte_budget(stand_in):
    answer()
    publication = remote.Publication("s1", {}, ())
    store = remote.RemoteStore(RemoteConfig(stand_in), publication, memo_bytes=10_000)
    for _ in range(3):
        list(store.query("SELECT * WHERE { ?s ?p ?o }"))
    assert len(StandIn.received) == 1  # a publication never changes: asked once
    list(remote.RemoteStore(RemoteConfig(stand_in), publication).query("SELECT * WHERE { ?s ?p ?o }"))
    assert len(StandIn.received) == 2  # no memo: asked again
    memo = remote.AnswerMemo(max_bytes=100)
    memo.put(("a",), b"x" * 60)
    memo.put(("b",), b"y" * 60)  # over budget: the least recently used goes
    assert memo.get(("a",)) is None and memo.get(("b",)) == b"y" * 60


@pytest.mark.parametrize("path", ["/page/place/anhaizhen", "/id/place/anhaizhen.jsonld", "/search.json?q=anhai",
                                  "/sparql?query=ASK%20%7B%7D", "/dumps/jinjiang-kg.nq"])
def test_a_replica_whose_store_is_down_answers_503_saying_so(path, tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path, store="sparql+http://127.0.0.1:9/sparql",
                                   store_connect_timeout=1, query_timeout=5)
    with TestClient(create_app(settings)) as client:
        r = client.get(path, headers={"accept": "application/json"})
    assert r.status_code == 503, r.text
    assert "cannot reach the store at http://127.0.0.1:9/sparql" in r.text and "Traceback" not in r.text
