"""The one place where `kg` errors become HTTP statuses and messages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse

from kg.errors import (KGError, NotAcceptable, NotFound, QueryError, QueryRefused, QueryTimeout, QueryTooLarge,
                       StoreError)

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
