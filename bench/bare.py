"""The stack's limit for cold SPARQL (issue 15): a bare ASGI app, no framework, no guard, no worker processes,
answering `GET /sparql?query=` with SPARQL JSON from the same read-only store. bench/cold.py runs it beside our
server with `--bare`, under uvicorn with the same number of processes, so that the ratio to it is the figure.

    JJKG_BARE_STORE=var/store .venv/bin/uvicorn --app-dir bench bare:app --workers 1 --port 8123
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from kg.graph.namespaces import PREFIXES
from kg.store.embedded import open_read_only

_store: ox.Store | None = None


def store() -> ox.Store:
    global _store
    if _store is None:  # opened in each uvicorn process, after the fork
        _store = open_read_only(Path(os.environ["JJKG_BARE_STORE"]))
    return _store


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    fields = urllib.parse.parse_qs(scope.get("query_string", b"").decode())
    query = fields.get("query", [""])[0]
    try:
        body = store().query(query, prefixes=PREFIXES).serialize(format=ox.QueryResultsFormat.JSON)
        status, media = 200, b"application/sparql-results+json"
    except (SyntaxError, ValueError, OSError) as exc:
        body, status, media = str(exc).encode(), 400, b"text/plain"
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", media)]})
    await send({"type": "http.response.body", "body": body})
