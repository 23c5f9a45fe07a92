"""No outbound traffic, ever: a TCP listener on 127.0.0.1 stands in for any other server, and it must see zero
connections whatever a client sends to the running endpoint — SERVICE however spelt, FROM and FROM NAMED, LOAD,
the protocol's graph parameters — and wherever else a URL can go: every parameter of every route in
/openapi.json, path segments, the headers a proxy or browser sets, the JSON-LD documents the server writes, and
a JSON-LD file with a remote @context given to `jjkg validate`.

Two walls, each proven on its own: the query guard (nothing that names SERVICE runs), and the worker's network
namespace (even pyoxigraph running SERVICE unguarded cannot connect). A control shows the listener does see
pyoxigraph's connection when neither wall is there.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from conftest import run_cli, store_env
from live_server import serve

from kg.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def server(served):
    with serve(served.var_dir, **store_env(served)) as running:
        yield running


@pytest.fixture(scope="module")
def endpoint(server):
    return server.url + "/sparql"


def attempts(port: int) -> dict[str, tuple[str, dict, bytes | None, dict]]:
    """(method, URL parameters, body, headers) of every request that could make a naive server connect out."""
    url = f"http://127.0.0.1:{port}/sparql"
    service = {
        "plain": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "prefix": f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE x:sparql {{ ?s ?p ?o }} }}",
        "glued": f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * {{ SERVICEx:sparql {{ ?s ?p ?o }} }}",
        "base": f"BASE <http://127.0.0.1:{port}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        "escaped keyword": f"SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "escaped IRI": f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/\\u0073parql> {{ ?s ?p ?o }} }}",
        "escaped quote": f'SELECT * {{ ?s ?p "\\u0022 }} SERVICE <{url}> {{ ?a ?b ?c }} #" }}',
        "decimal IP": f"SELECT * {{ SERVICE <http://2130706433:{port}/sparql> {{ ?s ?p ?o }} }}",
        "hex IP": f"SELECT * {{ SERVICE <http://0x7f000001:{port}/sparql> {{ ?s ?p ?o }} }}",
        "localhost": f"SELECT * {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}",
        "subquery": f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    }
    out = {}
    for name, query in service.items():
        out[f"SERVICE {name} (GET)"] = ("GET", {"query": query}, None, {})
        out[f"SERVICE {name} (POST direct)"] = ("POST", {}, query.encode(), {"content-type": "application/sparql-query"})
        out[f"SERVICE {name} (POST form)"] = ("POST", {}, urllib.parse.urlencode({"query": query}).encode(),
                                              {"content-type": "application/x-www-form-urlencoded"})
    # Virtuoso runs functions named by bif: IRIs as SQL procedures; bif:http_get fetches a URL.
    out["bif:http_get"] = ("GET", {"query": f'PREFIX b: <bif:> SELECT (b:http_get("{url}") AS ?x) WHERE {{}}'}, None, {})
    out["FROM"] = ("GET", {"query": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"}, None, {})
    out["FROM NAMED"] = ("GET", {"query": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
                         None, {})
    out["DESCRIBE a remote IRI"] = ("GET", {"query": f"DESCRIBE <{url}>"}, None, {})
    out["LOAD as a query"] = ("GET", {"query": f"LOAD <{url}>"}, None, {})
    out["LOAD as update="] = ("POST", {}, urllib.parse.urlencode({"update": f"LOAD <{url}>"}).encode(),
                              {"content-type": "application/x-www-form-urlencoded"})
    out["LOAD as sparql-update"] = ("POST", {}, f"LOAD <{url}>".encode(),
                                    {"content-type": "application/sparql-update"})
    out["default-graph-uri"] = ("GET", {"query": "SELECT * { ?s ?p ?o } LIMIT 1", "default-graph-uri": url}, None, {})
    out["named-graph-uri"] = ("GET", {"query": "SELECT * { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
                                      "named-graph-uri": url}, None, {})
    out["graph parameters on a direct POST"] = (
        "POST", {"default-graph-uri": url, "named-graph-uri": url}, b"ASK { ?s ?p ?o }",
        {"content-type": "application/sparql-query"})
    return out


def request(endpoint: str, method: str, params: dict, body: bytes | None, headers: dict) -> int:
    url = endpoint + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers),
                                    timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_nothing_a_client_sends_makes_the_server_connect_out(endpoint, listener):
    before = listener.connections
    statuses = {}
    for name, (method, params, body, headers) in attempts(listener.port).items():
        statuses[name] = request(endpoint, method, params, body, headers)
    assert listener.connections == before, statuses
    assert all(s < 500 for s in statuses.values()), statuses  # refused (4xx) or answered from the store
    assert statuses["SERVICE plain (GET)"] == 400 and statuses["LOAD as sparql-update"] == 403
    assert statuses["bif:http_get"] == 400
    assert statuses["FROM"] == 200 and statuses["default-graph-uri"] == 200


def test_control_the_listener_sees_an_unguarded_service_call(listener):
    """Without the guard and outside a worker, pyoxigraph does connect: the listener would notice."""
    before = listener.connections
    with pytest.raises(OSError):  # the listener closes without an answer: pyoxigraph reports an I/O error
        list(ox.Store().query(f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"))
    assert listener.connections == before + 1


CUT_THEN_SERVICE = """
import sys
import pyoxigraph as ox
from kg.sparql.isolation import cut_network
problem = cut_network()
if problem:
    print("SKIP", problem)
    sys.exit(0)
try:
    list(ox.Store().query("SELECT * { SERVICE <http://127.0.0.1:%d/> { ?s ?p ?o } }"))
    print("CONNECTED")
except Exception as exc:
    print("REFUSED", exc)
"""


def test_a_worker_namespace_stops_service_even_without_the_guard(listener):
    """The second wall alone: pyoxigraph runs SERVICE unguarded, in a process that has cut its network."""
    before = listener.connections
    run = subprocess.run([sys.executable, "-c", CUT_THEN_SERVICE % listener.port], capture_output=True, text=True,
                         cwd=PROJECT_ROOT, timeout=60)
    if run.stdout.startswith("SKIP"):
        pytest.skip(f"this machine does not allow network namespaces: {run.stdout}")
    assert run.stdout.startswith("REFUSED"), run.stdout + run.stderr
    assert "unreachable" in run.stdout.lower()
    assert listener.connections == before


URL_HEADERS = ("Accept", "Accept-Language", "Cookie", "Referer", "Origin", "Host", "X-Forwarded-Host",
               "X-Forwarded-For", "Forwarded", "Link", "Content-Location", "Location", "X-Original-URL")


def url_everywhere(spec: dict, url: str) -> list[tuple[str, str, dict]]:
    """(method, path with query, headers): every route of the description with `url` in each parameter in turn,
    then in each header a proxy or browser might set."""
    quoted = urllib.parse.quote(url, safe="")
    out = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            base = re.sub(r"{(\w+)}", quoted, path)
            out.append((method.upper(), base, {}))
            for p in op.get("parameters", []):
                if p["in"] == "query":
                    out.append((method.upper(), f"{base}?{urllib.parse.urlencode({p['name']: url})}", {}))
                elif p["in"] == "header":
                    out.append((method.upper(), base, {p["name"]: url}))
                elif p["in"] == "cookie":
                    out.append((method.upper(), base, {"Cookie": f"{p['name']}={quoted}"}))
            if re.search(r"{\w+}", path):  # a path parameter that is the raw URL, slashes and all
                out.append((method.upper(), re.sub(r"{(\w+)}", url.replace("http://", "http:/"), path, count=1), {}))
    for header in URL_HEADERS:
        value = f"lang={quoted}" if header == "Cookie" else url
        out.append(("GET", "/page/place/anhaizhen", {header: value}))
        out.append(("GET", "/sparql?query=" + urllib.parse.quote("ASK {}"), {header: value}))
    return out


@pytest.mark.slow
def test_no_url_in_any_part_of_any_request_makes_the_server_connect_out(server, listener):
    spec = json.loads(urllib.request.urlopen(server.url + "/openapi.json", timeout=30).read())
    before = listener.connections
    statuses = {}
    for method, target, headers in url_everywhere(spec, listener.url + "/x.jsonld"):
        statuses[(method, target, tuple(headers))] = request(server.url + target, method, {}, None, headers)
    assert listener.connections == before
    assert len(statuses) > 140 and all(s < 500 for s in statuses.values()), statuses
    # The JSON-LD the server writes (documents, descriptions, dumps) is compacted against our context, from memory.
    for path in ("/id/place/anhaizhen.jsonld", "/dumps.jsonld", "/ontology.jsonld", "/dumps/jinjiang-kg.jsonld",
                 "/context.jsonld"):
        assert request(server.url + path, "GET", {}, None, {}) == 200, path
    assert listener.connections == before


def test_validate_refuses_a_remote_json_ld_context(listener, tmp_path):
    """rdflib's JSON-LD parser fetched a remote @context (the listener saw it); `jjkg validate` now reads
    JSON-LD with pyld and a loader that refuses every URL but our own context."""
    before = listener.connections
    remote = tmp_path / "remote.jsonld"
    remote.write_text(json.dumps({"@context": listener.url + "/context.jsonld", "@id": "urn:x", "label": "x"}))
    res = run_cli("validate", str(remote))
    assert res.returncode == 1 and f"remote document refused: {listener.url}/context.jsonld" in res.stderr
    assert "Traceback" not in res.stderr
    ours = tmp_path / "ours.jsonld"
    ours.write_text(json.dumps({"@context": "https://w3id.org/jinjiang-kg/context.jsonld",
                                "@id": "https://w3id.org/jinjiang-kg/id/place/x", "label": {"zh": "x"}}))
    res = run_cli("validate", str(ours))
    assert res.returncode == 0 and "1 triples checked" in res.stdout
    assert listener.connections == before
