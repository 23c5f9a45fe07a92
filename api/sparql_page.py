"""The query page: an editor prefilled with the project's prefixes, example queries, and a result shown as an
HTML table whose IRIs link to their entity pages (https://w3id.org/jinjiang-kg/id/... is served at /id/...).

Works without JavaScript: the form is a plain GET to /sparql, which answers a browser with this page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request

from kg.errors import KGError
from kg.graph.namespaces import ID, PREFIXES, sparql_prefixes
from kg.sparql import formats
from kg.sparql.description import statistics
from kg.sparql.examples import load_examples
from kg.sparql.results import Serialized, term_json
from kg.views.labels import labels

from .deps import held_totals
from .errors import error_body, headers_for, status_for
from .render import absolute
from .templating import templates

LOCAL_ENTITY_PATH = "/id/"
SHOWN_ROWS = 1000  # rows drawn in HTML; the downloads have them all
LABELLED_IRIS = 2000
STARTER_QUERY = "SELECT ?place ?label WHERE {\n  ?place a jjo:Town ; rdfs:label ?label .\n  FILTER(lang(?label) = \"zh\")\n}\n"
# No inline script or style anywhere: the page's JavaScript and CSS are files under /static.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


@dataclass
class Cell:
    text: str
    kind: str  # uri, bnode, literal, triple
    href: str | None = None
    iri: str | None = None  # shown on hover when the text is a label
    note: str | None = None  # language tag or datatype of a literal


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell | None]]
    total: int


def page(request: Request, *, query: str | None = None, parameters: list[tuple[str, str]] | None = None,
         result: Serialized | None = None, error: Exception | None = None, default_graph: str = ""):
    """The query page, with a result or an error when there is one."""
    service = request.app.state.query_service
    settings = request.app.state.settings
    context = {
        "query": query if query is not None else sparql_prefixes() + "\n" + STARTER_QUERY,
        "examples": load_examples(),
        "example_links": {},
        "graphs": _graphs(request),
        "default_graph": default_graph,
        "timeout": settings.query_timeout,
        "max_rows": settings.max_result_rows,
        "shown_rows": SHOWN_ROWS,
        "endpoint": absolute("/sparql"),
        "result": result,
        "table": None,
        "boolean": None,
        "downloads": [],
        "error": None,
    }
    context["example_links"] = {e.slug: "/sparql?" + urlencode({"query": e.query}) for e in context["examples"]}
    if result is not None:
        if result.form == "ASK":
            context["boolean"] = json.loads(result.body)["boolean"]
        else:
            context["table"] = _table(result, service)
        kind = formats.RESULTS if result.form in ("SELECT", "ASK") else formats.GRAPH
        context["downloads"] = [(f.label, "/sparql?" + urlencode([*(parameters or []), ("format", f.name)]), f.extension)
                                for f in formats.of_kind(kind)]
    status = 200
    headers = {"Vary": "Accept", "Content-Security-Policy": CONTENT_SECURITY_POLICY}
    if error is not None:
        status = status_for(error)
        headers.update(headers_for(error))
        context["error"] = error_body(error)
    return templates.TemplateResponse(request, "sparql.html", context, status_code=status, headers=headers)


def _graphs(request: Request) -> list[str]:
    try:
        return list(statistics(request.app.state.query_service, held_totals(request)).graphs)
    except KGError:  # no store yet: the page still shows, the query will say what is wrong
        return []


def _table(result: Serialized, service) -> Table:
    if result.form == "SELECT":
        document = json.loads(result.body)
        columns = document["head"]["vars"]
        bindings = document["results"]["bindings"]
        rows = [[row.get(c) for c in columns] for row in bindings[:SHOWN_ROWS]]
    else:  # CONSTRUCT / DESCRIBE, written as N-Triples for this page
        columns = ["subject", "predicate", "object"]
        rows = []
        for triple in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES):
            if len(rows) == SHOWN_ROWS:
                break
            rows.append([term_json(triple.subject), term_json(triple.predicate), term_json(triple.object)])
    iris = {t["value"] for row in rows for t in row if t and t["type"] == "uri" and t["value"].startswith(str(ID))}
    names = labels(service.store(), list(iris)[:LABELLED_IRIS])
    return Table(columns, [[_cell(t, names) if t else None for t in row] for row in rows], result.rows)


def _cell(term: dict, names: dict[str, str]) -> Cell:
    kind, value = term["type"], term["value"]
    if kind == "uri":
        label = names.get(value)
        return Cell(label or _compact(value), "uri", href=_link(value), iri=value)
    if kind == "literal":
        note = f"@{term['xml:lang']}" if "xml:lang" in term else _compact(term["datatype"]) if "datatype" in term else None
        return Cell(value, "literal", note=note)
    if kind == "bnode":
        return Cell(f"_:{value}", "bnode")
    parts = [_cell(term["value"][k], names).text for k in ("subject", "predicate", "object")]
    return Cell("<< " + " ".join(parts) + " >>", "triple")


def _link(iri: str) -> str | None:
    """Entity IRIs link to their page here; other web IRIs to themselves; anything else (javascript:, urn:) not."""
    if iri.startswith(str(ID)):
        return LOCAL_ENTITY_PATH + iri[len(str(ID)):]
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def _compact(iri: str) -> str:
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"
