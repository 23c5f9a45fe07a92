"""The one place where errors become HTTP statuses and messages: `kg` errors, and the web shell's own protocol
errors. The body is JSON for clients that ask for JSON, plain text otherwise; never a traceback."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from pathlib import Path

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from kg.errors import (
    BadParameter,
    KGError,
    NoAcceptableFormat,
    NotFound,
    QueryAborted,
    QueryEngineFailed,
    QueryError,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    StoreError,
    UpdateRefused,
    WorkersBusy,
)
from kg.settings import PROJECT_ROOT
from kg.views.jsonld import listing
from kg.views.search import suggest

from .conneg import negotiate
from .deps import Reading
from .render import page

log = logging.getLogger("uvicorn.error")  # the server log uvicorn writes to stderr

STATUS = [
    (NotFound, 404),
    (BadParameter, 400),
    (UpdateRefused, 403),
    (QueryRefused, 400),
    (QueryError, 400),
    (QueryTooLarge, 413),
    (NoAcceptableFormat, 406),
    (QueryTimeout, 503),  # WorkersBusy too
    (QueryEngineFailed, 500),  # an engine defect: asking again fails again, so no 503
    (QueryAborted, 503),
    (StoreError, 503),
    (KGError, 500),
]
RETRY_AFTER_SECONDS = {WorkersBusy: 2}  # busy workers free up; a query that ran out of time will again


class ProtocolError(Exception):
    """A request the SPARQL protocol (or HTTP) does not allow, caught before any query runs."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(ProtocolError):
    status = 400


class UnsupportedMediaType(ProtocolError):
    status = 415


class BodyTooLarge(ProtocolError):
    status = 413


def status_for(exc: Exception) -> int:
    if isinstance(exc, ProtocolError):
        return exc.status
    return next(code for cls, code in STATUS if isinstance(exc, cls))


def headers_for(exc: Exception) -> dict[str, str]:
    headers = {"Vary": "Accept"}
    for cls, seconds in RETRY_AFTER_SECONDS.items():
        if isinstance(exc, cls):
            headers["Retry-After"] = str(seconds)
    return headers


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "json" in accept and "html" not in accept


def public_message(request: Request, message: str) -> str:
    """The message without the server's own directories (a store's, a dump's): a client has no use for them,
    and they tell an attacker where things are. Each is shown by its last part only."""
    settings = getattr(request.app.state, "settings", None)
    roots = [PROJECT_ROOT] + ([settings.var_dir] if settings is not None else [])
    for root in roots:
        for form in {str(root), str(Path(root).resolve())} - {"/"}:
            message = re.sub(re.escape(form) + r"[^\s'\"]*", lambda m: "…/" + Path(m[0]).name, message)
    return message


def error_body(exc: KGError | ProtocolError, message: str | None = None) -> dict:
    body = {"error": type(exc).__name__, "message": exc.message if message is None else message}
    position = getattr(exc, "position", None)
    if position:
        body["line"], body["column"] = position
    return body


async def kg_error_handler(request: Request, exc: KGError | ProtocolError):
    code = status_for(exc)
    headers = headers_for(exc)
    message = public_message(request, exc.message)
    if wants_json(request):
        return JSONResponse(error_body(exc, message), status_code=code, headers=headers)
    return PlainTextResponse(f"{code} {type(exc).__name__}: {message}\n", status_code=code, headers=headers)


async def http_error_handler(request: Request, exc: HTTPException):
    """What the router itself refuses (a method a resource does not take: 405 with Allow; a path no route has)
    in the same shape as every other error, not FastAPI's `{"detail": ...}`."""
    headers = {**(exc.headers or {}), "Vary": "Accept"}
    allowed = [m.strip() for m in headers.get("Allow", "").split(",") if m.strip()]
    if allowed:
        if "GET" in allowed and "HEAD" not in allowed:
            allowed.append("HEAD")  # api/head.py answers HEAD wherever GET is answered
        headers["Allow"] = ", ".join(allowed)
    name = HTTPStatus(exc.status_code).phrase.replace(" ", "") if exc.status_code in HTTPStatus._value2member_map_ \
        else "HTTPError"
    if exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}; allowed: {headers.get('Allow', 'none')}"
    else:
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if wants_json(request):
        return JSONResponse({"error": name, "message": message}, status_code=exc.status_code, headers=headers)
    return PlainTextResponse(f"{exc.status_code} {name}: {message}\n", status_code=exc.status_code, headers=headers)


def wants_html(request: Request) -> bool:
    return negotiate(request.headers.get("accept"), ["text/html", "application/json", "text/plain"]) == "text/html"


async def not_found_handler(request: Request, exc: NotFound):
    """404 as a page that suggests near matches (for people), or the usual JSON / text body."""
    if not wants_html(request):
        return await kg_error_handler(request, exc)
    try:
        r = Reading(request)
        lookup = r.lookup  # no store to read: the plain answer below, as for any error without one
        suggestions = suggest(lookup, exc.iri) if exc.iri else []
    except StoreError:
        return await kg_error_handler(request, exc)
    return page(request, "notfound.html", r, status_code=404, message=exc.message, iri=exc.iri,
                suggestions=suggestions, document=listing(suggestions))


async def bad_parameter_handler(request: Request, exc: BadParameter):
    """400 as a page in the site's style for people (a page number that is not one), else JSON or text."""
    if not wants_html(request):
        return await kg_error_handler(request, exc)
    try:
        r = Reading(request)
        _ = r.lookup  # no store to read: the plain answer below, as for any error without one
    except StoreError:
        return await kg_error_handler(request, exc)
    return page(request, "error.html", r, status_code=400, status=400, title="请求有误 Bad request",
                message=exc.message)


async def client_disconnect_handler(request: Request, exc: ClientDisconnect):
    """The client went away before its request body was all read: nobody is left to answer, and nothing went
    wrong on this side. One line in the log, not the 70 of a traceback (issue 30). Uvicorn drops what is sent
    after a disconnect; the 400 is for the record (the access log)."""
    log.info("%s %s: the client closed the connection before its request body was read", request.method,
             request.url.path)
    return Response(status_code=400)
