"""SPARQL: GET /sparql?query= answering SELECT and ASK as SPARQL JSON results."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kg.errors import QueryError
from kg.sparql_guard import inspect

router = APIRouter()

RESULTS_JSON = "application/sparql-results+json"


@router.get("/sparql", summary="Run a read-only SPARQL query")
def sparql_get(request: Request, query: str = Query(..., description="A SPARQL SELECT or ASK query")) -> Response:
    info = inspect(query)
    if info.form not in ("SELECT", "ASK"):
        raise QueryError(f"{info.form} is not supported here yet: use SELECT or ASK")
    # Serialise in this thread: pyoxigraph result iterators must not be dropped on another thread.
    _, result = request.app.state.query_service.run(query)
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    del result
    return Response(body, media_type=f"{RESULTS_JSON}; charset=utf-8")
