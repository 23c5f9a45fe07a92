"""The OpenAPI description of the whole HTTP surface, served at /openapi.json.

FastAPI infers parameters from handler signatures, but several handlers read the raw request instead: the
SPARQL protocol's repeatable parameters and its three kinds of body, `Accept` for content negotiation, `?lang=`
and the `lang` cookie, file names under /static. This module adds what the signatures cannot say, and states
every status and media type each route answers with, so that a client — or a fuzzer such as schemathesis —
sees the whole surface and can check the answers against it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kg.graph import iris
from kg.sparql import formats
from kg.sparql.examples import load_examples
from kg.store.dumps import DUMPS, GZIP_MEDIA_TYPE
from kg.views import documents, paging
from kg.views.labels import LANGS
from kg.views.profiles import LISTS

from .templating import STATIC_DIR

HTML = "text/html"
RDF_DOCUMENTS = [f.media_type for f in documents.FORMATS]
SPARQL_ANSWERS = sorted({f.media_type for f in formats.FORMATS}) + [HTML]
ERROR_TYPES = ("application/json", "text/plain", HTML)  # JSON when asked for, a page for browsers, else text
STATISTICS = ("Level", "GrowthRate", "Change", "Rank", "PlanShare")
STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".ico": "image/vnd.microsoft.icon"}

WHY = {
    303: "See Other: the representation chosen by Accept",
    400: "a malformed request, query or parameter",
    403: "an update: this service is read-only",
    404: "no such resource (near matches on the HTML page)",
    406: "nothing offered matches Accept",
    413: "query or body over its limit",
    415: "a body that is neither a form nor application/sparql-query in UTF-8",
    422: "a parameter out of its documented range",
    503: "the query ran past its deadline, all workers stayed busy (Retry-After), or no graph is published",
}


def _either(values: Iterable[str]) -> dict:
    """A known value, or any string: fuzzers try both the documented values and everything else."""
    return {"anyOf": [{"type": "string", "enum": list(values)}, {"type": "string"}]}


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description, **extra}


def _path(name: str, schema: dict, description: str, **extra) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema, "description": description, **extra}


ACCEPT = {"name": "Accept", "in": "header", "required": False, "description": "content negotiation (q-values, wildcards)",
          "schema": _either(sorted({*RDF_DOCUMENTS, *SPARQL_ANSWERS, "application/json", "text/csv", "*/*"}))}
LANG = [
    _query("lang", _either(LANGS), "language of labels (remembered in the `lang` cookie); else Accept-Language"),
    {"name": "Accept-Language", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "the reader's languages, when no ?lang= or cookie says otherwise"},
    {"name": "lang", "in": "cookie", "required": False, "schema": {"type": "string"},
     "description": "the language chosen earlier with ?lang="},
]
GRAPH_URIS = {"type": "array", "items": {"type": "string"}}
SPARQL_PARAMETERS = [
    _query("query", _either(e.query for e in load_examples()),
           "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE); the predefined prefixes may be used"),
    _query("default-graph-uri", GRAPH_URIS, "a graph of the store to query as the default graph (repeatable)",
           style="form", explode=True),
    _query("named-graph-uri", GRAPH_URIS, "a graph of the store to query as a named graph (repeatable)",
           style="form", explode=True),
    _query("format", _either(sorted({n for f in formats.FORMATS for n in (f.name, *f.aliases)} | {"html"})),
           "the answer's format, overriding Accept: a name or a media type"),
    _query("update", {"type": "string"}, "SPARQL Update: always refused (403)"),
    ACCEPT,
]
SPARQL_BODY = {
    "required": False,
    "content": {
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"}, "format": {"type": "string"},
            "default-graph-uri": GRAPH_URIS, "named-graph-uri": GRAPH_URIS}}},
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
    },
}
ENTITY_KIND = _path("kind", {"type": "string", "enum": list(iris.ENTITY_TYPES)}, "the entity's type")
SLUG = {"type": "string", "pattern": iris.SLUG_RE.pattern}


# One page parameter per paged list (kg/views/paging.py): a whole number from 1; any string is tried by fuzzers.
LIST_PAGES = [_query(name + paging.SUFFIX, {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]},
                     f"which page of the {name} list to show ({paging.PAGE_SIZE} rows a page; 1 by default); "
                     "400 when malformed or when the page has no such list, 404 past the last page")
              for name in sorted({n for names in LISTS.values() for n in names})]


def _responses(ok: dict[int, Iterable[str]], errors: Iterable[int] = ()) -> dict:
    out = {}
    for code, media_types in ok.items():
        described = {"description": WHY.get(code, "OK")}
        if media_types:
            described["content"] = {m: {"schema": {}} for m in media_types}
        out[str(code)] = described
    for code in errors:
        content = ("application/json",) if code == 422 else ("text/plain",) if code == 406 else ERROR_TYPES
        out[str(code)] = {"description": WHY[code], "content": {m: {"schema": {}} for m in content}}
    return out


PAGE = _responses({200: [HTML]}, [404, 503])
JSON_TWIN = _responses({200: ["application/json"]}, [503])

# What each operation adds to (or corrects in) FastAPI's description: parameters, body, responses.
OPERATIONS: dict[tuple[str, str], dict] = {
    ("/sparql", "get"): {"parameters": SPARQL_PARAMETERS,
                         "responses": _responses({200: SPARQL_ANSWERS}, [400, 403, 406, 413, 503])},
    ("/sparql", "head"): {"parameters": SPARQL_PARAMETERS,
                          "responses": _responses({200: SPARQL_ANSWERS}, [400, 403, 406, 413, 503])},
    ("/sparql", "post"): {"parameters": SPARQL_PARAMETERS, "requestBody": SPARQL_BODY,
                          "responses": _responses({200: SPARQL_ANSWERS}, [400, 403, 406, 413, 415, 503])},
    ("/void", "get"): {"parameters": [ACCEPT],
                       "responses": _responses({200: [*formats.media_types(formats.GRAPH), "text/plain"]},
                                               [400, 406, 503])},
    ("/.well-known/void", "get"): {"responses": _responses({303: []})},
    ("/id/dataset/jinjiang-kg", "get"): {"parameters": [ACCEPT], "responses": _responses({303: []})},
    ("/id/dataset/jinjiang-kg", "head"): {"parameters": [ACCEPT], "responses": _responses({303: []})},
    ("/page/{kind}/{slug}", "get"): {
        "parameters": [ENTITY_KIND, _path("slug", SLUG, "the entity's slug", example="anhaizhen"), *LANG,
                       *LIST_PAGES],
        "responses": _responses({200: [HTML]}, [400, 404, 503])},
    ("/context.jsonld", "get"): {"responses": _responses({200: ["application/ld+json"]})},
    ("/ontology", "get"): {"parameters": [ACCEPT], "responses": _responses({303: []}, [406])},
    ("/ontology", "head"): {"parameters": [ACCEPT], "responses": _responses({303: []}, [406])},
    ("/ontology.{suffix}", "get"): {
        "parameters": [_path("suffix", {"type": "string", "enum": list(documents.BY_SUFFIX)}, "the format")],
        "responses": _responses({200: RDF_DOCUMENTS}, [404, 503])},
    ("/page/ontology", "get"): {"parameters": LANG, "responses": PAGE},
    ("/read/{slug}", "get"): {
        "parameters": [_path("slug", SLUG, "the report's slug", example="jinjiangshi-2025"), *LANG,
                       _query("order", _either(["reading", "printed"]),
                              "reading (the default): sections, themes and items in order; printed: as the stored "
                              "file has them, newspaper columns and all")],
        "responses": _responses({200: [HTML]}, [400, 404, 503])},
    ("/search", "get"): {"parameters": LANG, "responses": _responses({200: [HTML]}, [422, 503])},
    ("/search.json", "get"): {"responses": _responses({200: ["application/json"]}, [422, 503])},
    ("/dumps", "get"): {"parameters": [ACCEPT, *LANG],
                        "responses": _responses({200: [HTML, "text/turtle", "application/ld+json"]}, [406, 503])},
    ("/dumps.{suffix}", "get"): {
        "parameters": [_path("suffix", {"type": "string", "enum": ["ttl", "jsonld"]}, "the description's format")],
        "responses": _responses({200: ["text/turtle", "application/ld+json"]}, [404, 503])},
    ("/compare", "get"): {"parameters": [ACCEPT, *LANG, _query("fmt", _either(["html", "json", "csv"]),
                                                                "the format, as the suffix would choose it")],
                          "responses": _responses({200: [HTML, "application/json", "text/csv"]}, [400, 404, 406, 422, 503])},
    ("/compare.{fmt}", "get"): {"parameters": [_path("fmt", {"type": "string", "enum": ["html", "json", "csv"]},
                                                     "the format"), *LANG],
                                "responses": _responses({200: [HTML, "application/json", "text/csv"]}, [400, 404, 422, 503])},
    ("/ladder", "get"): {"parameters": [ACCEPT, *LANG, _query("fmt", _either(["html", "json"]),
                                                              "the format, as the suffix would choose it")],
                         "responses": _responses({200: [HTML, "application/json"]}, [400, 404, 406, 422, 503])},
    ("/ladder.{fmt}", "get"): {"parameters": [_path("fmt", {"type": "string", "enum": ["html", "json"]},
                                                    "the format"), *LANG],
                               "responses": _responses({200: [HTML, "application/json"]}, [400, 404, 422, 503])},
    ("/chart/ladder.svg", "get"): {"responses": _responses({200: ["image/svg+xml"]}, [400, 404, 422, 503])},
    ("/chart/compare.svg", "get"): {"responses": _responses({200: ["image/svg+xml"]}, [400, 404, 422, 503])},
    ("/chart/indicator/{slug}.svg", "get"): {
        "parameters": [_path("slug", SLUG, "the indicator's slug", example="diqushengchanzongzhi"),
                       _query("statistic", _either(STATISTICS), "which statistic to draw; the most stated by default")],
        "responses": _responses({200: ["image/svg+xml"]}, [404, 503])},
}
for _method in ("get", "head"):
    OPERATIONS[("/id/{kind}/{name}", _method)] = {
        "parameters": [ENTITY_KIND, _path("name", {"type": "string"}, "the slug, or slug.suffix for a document",
                                          examples={"place": {"value": "anhaizhen"},
                                                    "document": {"value": "anhaizhen.ttl"}}), ACCEPT],
        "responses": _responses({200: RDF_DOCUMENTS, 303: []}, [404, 406, 503])}
    OPERATIONS[("/dumps/{name}", _method)] = {
        "parameters": [_path("name", _either(d.name for d in DUMPS),
                             "the dump file: a plain name, or the publication's versioned, compressed one "
                             "(jinjiang-kg-<version>.nq.gz, listed at /dumps)")],
        "responses": _responses({200: sorted({d.media_type for d in DUMPS} | {GZIP_MEDIA_TYPE})}, [404, 503])}
    OPERATIONS[("/ontology/{version}", _method)] = {
        "parameters": [_path("version", {"type": "string"}, "the ontology's version (owl:versionInfo)",
                             example="0.1.0"), ACCEPT],
        "responses": _responses({303: []}, [404, 406, 503])}
    OPERATIONS[("/favicon.ico", _method)] = {"responses": _responses({200: ["image/vnd.microsoft.icon"]})}
OPERATIONS[("/robots.txt", "get")] = {"responses": _responses({200: ["text/plain"]})}
OPERATIONS[("/sitemap.xml", "get")] = {"responses": _responses({200: ["application/xml"]}, [503])}
OPERATIONS[("/sitemap-{number}.xml", "get")] = {
    "parameters": [_path("number", {"type": "string"}, "which sitemap of the index", example="1")],
    "responses": _responses({200: ["application/xml"]}, [404, 503])}
for _index in ("/", "/places", "/industries", "/projects", "/indicators", "/reports"):
    OPERATIONS[(_index, "get")] = {"parameters": LANG, "responses": _responses({200: [HTML]}, [503])}
    if _index != "/":
        OPERATIONS[(_index + ".json", "get")] = {"responses": JSON_TWIN}
for _index in ("/reports", "/projects"):  # listed a report at a time (reports_page), as a place's reports are
    OPERATIONS[(_index, "get")] = {
        "parameters": [*LANG, *(p for p in LIST_PAGES if p["name"] == "reports" + paging.SUFFIX)],
        "responses": _responses({200: [HTML]}, [400, 404, 503])}

# Routes that are not FastAPI routes: the static files and this document itself.
EXTRA_PATHS = {
    "/static/{path}": {"get": {
        "summary": "The site's stylesheets and the query page's script",
        "parameters": [_path("path", {"type": "string", "enum": sorted(p.name for p in STATIC_DIR.iterdir())},
                             "a file name")],
        "responses": _responses({200: sorted(set(STATIC_TYPES.values()))}, [404])}},
    "/openapi.json": {"get": {"summary": "This description", "responses": _responses({200: ["application/json"]})}},
}


def _merge(operation: dict, extra: dict) -> None:
    """Documented parameters replace inferred ones of the same name and place; responses are replaced whole."""
    if "parameters" in extra:
        mine = {(p["name"], p["in"]) for p in extra["parameters"]}
        kept = [p for p in operation.get("parameters", []) if (p["name"], p["in"]) not in mine]
        operation["parameters"] = kept + list(extra["parameters"])
    for key in ("requestBody", "responses"):
        if key in extra:
            operation[key] = extra[key]


def build_schema(app: FastAPI) -> dict:
    with warnings.catch_warnings():
        # Routes answering several methods share one inferred operation id; unique ids are set below.
        warnings.filterwarnings("ignore", message="Duplicate Operation ID")
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schema["paths"].update(EXTRA_PATHS)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if (path, method) in OPERATIONS:
                _merge(operation, OPERATIONS[(path, method)])
            operation["operationId"] = f"{method}_{path}"
    return schema


def install(app: FastAPI) -> None:
    """Serve `build_schema(app)` at /openapi.json (made once, on first request)."""

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = build_schema(app)
        # The title and description say what the store being served holds (a new publication may hold more).
        held = coverage_read(app)
        if held is not None:
            app.openapi_schema["info"]["title"] = held.title("en")
            app.openapi_schema["info"]["description"] = held.description("en")
        return app.openapi_schema

    app.openapi = openapi


def coverage_read(app: FastAPI):
    """The coverage of the served store (kg/store/coverage.py); None while there is none to read."""
    from kg.errors import KGError
    from kg.store import coverage
    from kg.store.lookup import Lookup

    try:
        return coverage.read(Lookup(app.state.query_service.store()))
    except KGError:
        return None
