"""/openapi.json describes every route, method and parameter the server answers — including what handlers read
from the raw request — so that clients and the fuzzer (tests/test_fuzz_openapi.py) see the whole surface."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers import charts, compare, dumps, linkeddata, pages, sparql, void
from api.templating import STATIC_DIR

ROUTERS = (sparql, void, linkeddata, pages, dumps, compare, charts)


@pytest.fixture(scope="module")
def spec() -> dict:
    return TestClient(create_app()).get("/openapi.json").json()


def routes() -> list[APIRoute]:
    return [r for module in ROUTERS for r in module.router.routes if isinstance(r, APIRoute)]


def test_every_route_and_method_is_described(spec):
    described = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops}
    served = {(r.path, m) for r in routes() for m in r.methods}
    assert served - described == set()
    assert {("/static/{path}", "GET"), ("/openapi.json", "GET")} <= described


def test_every_path_parameter_is_described(spec):
    for path, ops in spec["paths"].items():
        in_path = set(re.findall(r"{(\w+)}", path))
        for method, op in ops.items():
            documented = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert documented == in_path, (method, path)


def test_operation_ids_are_unique(spec):
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_the_sparql_protocol_is_described(spec):
    for method in ("get", "head", "post"):
        names = {(p["name"], p["in"]) for p in spec["paths"]["/sparql"][method]["parameters"]}
        assert {("query", "query"), ("default-graph-uri", "query"), ("named-graph-uri", "query"),
                ("format", "query"), ("Accept", "header")} <= names
    body = spec["paths"]["/sparql"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"}
    assert set(spec["paths"]["/sparql"]["post"]["responses"]) == {"200", "400", "403", "406", "413", "415", "503"}


def test_pages_describe_language_choice_and_conneg(spec):
    for path in ("/", "/places", "/page/{kind}/{slug}", "/read/{slug}", "/search", "/compare"):
        names = {(p["name"], p["in"]) for p in spec["paths"][path]["get"]["parameters"]}
        assert {("lang", "query"), ("Accept-Language", "header"), ("lang", "cookie")} <= names, path
    for path in ("/id/{kind}/{name}", "/ontology", "/dumps", "/compare", "/void"):
        names = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert "Accept" in names, path
        assert "303" in spec["paths"][path]["get"]["responses"] or "200" in spec["paths"][path]["get"]["responses"]


def test_suffix_routes_list_their_suffixes(spec):
    def enum(path, name):
        return next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name)["schema"]["enum"]

    assert set(enum("/ontology.{suffix}", "suffix")) == {"jsonld", "ttl", "nt", "rdf"}
    assert set(enum("/dumps.{suffix}", "suffix")) == {"ttl", "jsonld"}
    assert set(enum("/compare.{fmt}", "fmt")) == {"html", "json", "csv"}
    assert set(enum("/static/{path}", "path")) == {p.name for p in STATIC_DIR.iterdir()}


def test_head_answers_every_get_route_without_a_body(published):
    client = TestClient(create_app(published))
    for path in ("/places", "/search?q=anhai", "/page/place/anhaizhen", "/compare", "/static/site.css"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and head.headers["content-length"] == got.headers["content-length"], path
        assert head.headers["content-type"] == got.headers["content-type"]
