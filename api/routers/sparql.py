"""/sparql: the SPARQL 1.1 Protocol (query operation), read-only.

- A query (GET ?query=, POST form, POST application/sparql-query) runs in a query worker (kg.sparql.workers) and comes
  back in the negotiated format; a browser gets the query page with the result as a table.
- No query: the SPARQL 1.1 Service Description for machines, the query page for browsers.

The handler's work runs in a thread (it waits on a worker: a slow query holds one thread, not the event loop),
from a thread limiter of its own: pages and documents use the default one, so however many clients wait here for
a query worker, pages never queue behind them.
"""

from __future__ import annotations

import functools
import time

import anyio
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kg.errors import ClientBusy, KGError, NoAcceptableFormat, QueryTooLarge, WorkersBusy
from kg.sparql.description import DESCRIPTION_PREFIXES, service_description, statistics
from kg.sparql.formats import GRAPH, RESULTS
from kg.sparql.prescan import point_lookup
from kg.sparql.query import QueryJob
from kg.sparql.results import Serialized, write_graph
from kg.sparql.volatile import is_volatile

from .. import validators
from ..deps import held_totals
from ..errors import BadRequest, BodyTooLarge, ProtocolError
from ..protocol import read_query_request
from ..render import absolute
from ..result_formats import HTML, choose
from ..sparql_page import page

router = APIRouter()

TRUNCATED_HEADER = "X-JJKG-Truncated"
ROW_LIMIT_HEADER = "X-JJKG-Row-Limit"
BYTE_LIMIT_HEADER = "X-JJKG-Byte-Limit"
_limiter: RunVar[anyio.CapacityLimiter] = RunVar("jjkg_sparql_threads")  # one per event loop, as anyio's own
_reserve: RunVar[anyio.CapacityLimiter] = RunVar("jjkg_sparql_reserve")
RESERVE_SLOTS = 4  # per web worker: for queries that may take the fast lane when every slot is taken
_points: RunVar[anyio.CapacityLimiter] = RunVar("jjkg_sparql_points")
POINT_PEEK_BYTES = 16384  # a request longer than this (query string and body) is no point lookup: not read early
_held: RunVar[dict[str, int]] = RunVar("jjkg_sparql_held")  # slots each client holds, per event loop


def _threads(size: int) -> anyio.CapacityLimiter:
    """Threads waiting on query workers at once (JJKG_SPARQL_THREADS, 40: anyio's default limiter, pages', has as
    many)."""
    try:
        return _limiter.get()
    except LookupError:
        _limiter.set(limiter := anyio.CapacityLimiter(size))
        return limiter


def _reserved() -> anyio.CapacityLimiter:
    """Slots beyond JJKG_SPARQL_THREADS for the fast lane alone: with every slot held by queries that wait for a
    normal worker (a crowd of runaways from many clients), `ASK {}` and point lookups are still answered."""
    try:
        return _reserve.get()
    except LookupError:
        _reserve.set(limiter := anyio.CapacityLimiter(RESERVE_SLOTS))
        return limiter


def _point_slots(size: int) -> anyio.CapacityLimiter:
    """Slots beyond the others for bounded point lookups alone (JJKG_SPARQL_POINT_SLOTS, prescan.point_lookup):
    a crowd that arrives at once fills the slots and the reserve too before its shape is known slow (until the
    first of it overruns the fast lane's budget), and `ASK {}` then found nothing free (issue 30: 10 of 1,248 in
    the first half second under 50 clients' runaways). No runaway can take these: its form is not a point
    lookup's."""
    try:
        return _points.get()
    except LookupError:
        _points.set(limiter := anyio.CapacityLimiter(size))
        return limiter


def is_point_lookup(request: Request, body: bytes) -> bool:
    """Whether the request's query is a bounded point lookup by its form (prescan.point_lookup). Read here, on the
    event loop, only when every slot is taken, and only from a short request (POINT_PEEK_BYTES): the protocol's
    reading again (cheap at that size), then one tokenizer pass over at most 4,096 characters. Any request it
    cannot read is no point lookup; the thread that runs it reads it again and answers the error."""
    query_string = request.scope.get("query_string", b"")
    if len(query_string) + len(body) > POINT_PEEK_BYTES:
        return False
    try:
        protocol = read_query_request(request.method, query_string, request.headers.get("content-type"), body)
    except (KGError, ProtocolError):
        return False
    return protocol.query is not None and point_lookup(protocol.query)


def _holding() -> dict[str, int]:
    try:
        return _held.get()
    except LookupError:
        _held.set(held := {})
        return held


def client_address(request: Request) -> str:
    """Who is asking, for the fair share: the connection's address, or behind a proxy the address it forwards.
    uvicorn (ProxyHeadersMiddleware, on by default) reads X-Forwarded-For only from the addresses in
    FORWARDED_ALLOW_IPS (127.0.0.1 unless set: deploy/nginx.conf's proxy on the same host), taking the last one
    that is not itself a trusted proxy: a client's own X-Forwarded-For, which nginx's line comes after, is not
    believed."""
    return request.client.host if request.client else ""


def arrival() -> float:
    """When the request arrived: its deadline counts from here, waits for a thread and a worker included."""
    return time.monotonic()


async def request_body(request: Request) -> bytes:
    """The body, read no further than JJKG_MAX_BODY_BYTES (413 past it)."""
    limit = request.app.state.settings.max_body_bytes
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"the request body is {declared} bytes; at most {limit} are accepted")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"the request body is over {limit} bytes, the most accepted")
        chunks.append(chunk)
    return b"".join(chunks)


@router.api_route("/sparql", methods=["GET", "HEAD", "POST"], name="sparql", summary="SPARQL 1.1 query endpoint",
                  response_class=Response,
                  description="Read-only SPARQL 1.1 Protocol endpoint. Without a query, GET answers with the "
                              "SPARQL Service Description (or, for a browser, the query page).")
async def sparql(request: Request, arrived: float = Depends(arrival),
                 body: bytes = Depends(request_body)) -> Response:
    settings = request.app.state.settings
    threads, fast_only, point = _threads(settings.sparql_threads), False, False
    if threads.available_tokens < 1:
        # Every slot already waits on a query worker: a place in that queue would be reached only after theirs,
        # past this request's deadline under a crowd of slow queries. A point lookup by its form takes a point
        # slot, else any query a reserve slot, for the fast lane only (the query known slow gets its 503 at once
        # there); with those taken too, 503 at once (Retry-After).
        if not settings.fast_lane_workers:
            raise WorkersBusy(f"all {settings.sparql_threads} /sparql slots are waiting for a query worker; "
                              f"try again shortly")
        point = settings.sparql_point_slots > 0 and is_point_lookup(request, body)
        threads, fast_only = _reserved(), True
        if point and _point_slots(settings.sparql_point_slots).available_tokens >= 1:
            threads = _point_slots(settings.sparql_point_slots)
        if threads.available_tokens < 1:
            raise WorkersBusy(f"all {settings.sparql_threads} /sparql slots are waiting for a query worker; "
                              f"try again shortly")
    # A fair share per client (issue 30): one client's crowd of queries leaves slots for the others. Refused at
    # once, not queued: its own queries already in flight are what it would wait for (SECURITY.md, section 3).
    client, held, share = client_address(request), _holding(), settings.client_share
    if held.get(client, 0) >= share:
        raise ClientBusy(f"you already have {share} queries waiting or running here, the most one client may; "
                         f"send this one again when one of them is answered")
    held[client] = held.get(client, 0) + 1  # the event loop's thread only: no lock needed
    try:
        return await anyio.to_thread.run_sync(functools.partial(_sparql, request, body, arrived, fast_only, point),
                                              limiter=threads)
    finally:
        held[client] -= 1
        if not held[client]:
            del held[client]


def _sparql(request: Request, body: bytes, arrived: float | None = None, fast_only: bool = False,
            point: bool = False) -> Response:
    settings = request.app.state.settings
    accept = request.headers.get("accept")
    protocol = read_query_request(request.method, request.scope.get("query_string", b""),
                                  request.headers.get("content-type"), body)
    if protocol.query is None:
        if request.method == "POST":
            raise BadRequest("no query: send query=... in the form, or the query itself as application/sparql-query")
        return _describe_service(request, accept, protocol.formats)
    choice = choose(accept, protocol.formats)
    endpoint = absolute("/sparql")  # the configured base, never the Host header: relative IRIs resolve against it
    job = QueryJob(protocol.query, protocol.dataset, choice.worker_format(RESULTS), choice.worker_format(GRAPH),
                   settings.max_result_rows, base_iri=endpoint, note_iri=endpoint + "#truncated",
                   max_bytes=settings.max_result_mb * 2**20)
    default_graph = protocol.dataset.default_graphs[0] if protocol.dataset.default_graphs else ""
    try:
        if len(protocol.query) > settings.max_query_length:
            raise QueryTooLarge(f"the query is {len(protocol.query)} characters long; at most "
                                f"{settings.max_query_length} are accepted")
        result = request.app.state.query_service.execute(job, arrived, fast_only, point)
        if is_volatile(protocol.query):
            validators.volatile(request)  # NOW(), RAND()...: another answer each time
        else:
            validators.cacheable(request)  # an answer, not an error: the same on this store for the same request
    except (KGError, ProtocolError) as exc:
        if HTML not in (choice.results, choice.graph):
            raise
        return page(request, query=protocol.query, error=exc, default_graph=default_graph)  # a browser
    if choice.wants_html(result.form):
        return page(request, query=protocol.query, parameters=protocol.parameters, result=result,
                    default_graph=default_graph)
    return _result_response(result, settings.max_result_rows, job.max_bytes)


def _result_response(result: Serialized, max_rows: int, max_bytes: int) -> Response:
    headers = {
        "Vary": "Accept",
        TRUNCATED_HEADER: "true" if result.truncated else "false",
        ROW_LIMIT_HEADER: str(max_rows),
        BYTE_LIMIT_HEADER: str(max_bytes),
        "Server-Timing": f"query;dur={result.seconds * 1000:.1f}",
    }
    return Response(result.body, media_type=result.format.content_type, headers=headers)


def _describe_service(request: Request, accept: str | None, format_values: tuple[str, ...]) -> Response:
    fmt = choose(accept, format_values, kinds=(GRAPH,)).graph
    if fmt == HTML:
        return page(request)
    if fmt is None:
        raise NoAcceptableFormat("the service description is RDF: ask for text/turtle, application/ld+json, "
                                 "application/rdf+xml, application/n-triples, application/trig or "
                                 "application/n-quads")
    settings = request.app.state.settings
    stats = statistics(request.app.state.query_service, held_totals(request))
    triples = service_description(absolute("/sparql"), absolute("/void"), stats, settings.query_timeout,
                                  settings.max_result_rows)
    return Response(write_graph(triples, fmt, DESCRIPTION_PREFIXES), media_type=fmt.content_type,
                    headers={"Vary": "Accept", "Link": f'<{absolute("/void")}>; rel="describedby"'})
