"""The one place where `kg` errors become HTTP statuses and messages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse

from kg.errors import (KGError, NotAcceptable, NotFound, QueryError, QueryRefused, QueryTimeout, QueryTooLarge,
                       StoreError)
from kg.jsonld import listing
from kg.search import suggest

from .conneg import negotiate
from .deps import reading
from .render import page

STATUS = [
    (NotFound, 404),
    (NotAcceptable, 406),
    (QueryRefused, 400),
    (QueryError, 400),
    (QueryTooLarge, 413),
    (QueryTimeout, 503),
    (StoreError, 503),
    (KGError, 500),
]


def status_for(exc: KGError) -> int:
    return next(code for cls, code in STATUS if isinstance(exc, cls))


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


async def kg_error_handler(request: Request, exc: KGError):
    code = status_for(exc)
    body = {"error": type(exc).__name__, "message": exc.message}
    position = getattr(exc, "position", None)
    if position:
        body["line"], body["column"] = position
    if wants_json(request):
        return JSONResponse(body, status_code=code)
    return PlainTextResponse(f"{code} {type(exc).__name__}: {exc.message}\n", status_code=code)


def wants_html(request: Request) -> bool:
    return negotiate(request.headers.get("accept"), ["text/html", "application/json", "text/plain"]) == "text/html"


async def not_found_handler(request: Request, exc: NotFound):
    """404 as a page that suggests near matches (for people), or the usual JSON / text body."""
    if not wants_html(request):
        return await kg_error_handler(request, exc)
    try:
        r = reading(request)
        suggestions = suggest(r.lookup, exc.iri) if exc.iri else []
    except StoreError:
        return await kg_error_handler(request, exc)
    return page(request, "notfound.html", r, status_code=404, message=exc.message, iri=exc.iri,
                suggestions=suggestions, document=listing(suggestions))
