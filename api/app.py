"""The FastAPI application: a thin shell over `kg`'s query service."""

from __future__ import annotations

import gc
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from kg import __version__
from kg.errors import BadParameter, KGError, NotFound
from kg.settings import Settings
from kg.sparql.query import PublicLimits, QueryService
from kg.store import coverage
from kg.store.lookup import Lookup
from kg.views import list_index, reading_order, search

from . import openapi
from .errors import (
    ProtocolError,
    bad_parameter_handler,
    client_disconnect_handler,
    http_error_handler,
    kg_error_handler,
    not_found_handler,
)
from .head import HeadAsGet
from .routers import charts, compare, crawlers, dumps, ladder, linkeddata, pages, sparql, void
from .security import SecurityHeaders
from .templating import STATIC_DIR, templates
from .validators import HttpValidators

# Browser apps elsewhere may query the endpoint and read the data (open data, no credentials involved).
CORS_EXPOSED_HEADERS = [sparql.TRUNCATED_HEADER, sparql.ROW_LIMIT_HEADER, sparql.BYTE_LIMIT_HEADER, "Server-Timing", "Retry-After", "Link",
                        "ETag", "Last-Modified"]


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Start the query workers now, not on the first query, but in the background: pages answer at once.
    app.state.query_service.workers(wait=False)
    threading.Thread(target=_warm, args=(app.state.query_service,), name="jjkg-warm", daemon=True).start()
    yield
    app.state.query_service.close()  # and stop them


GZIP_MINIMUM_BYTES = 1024  # below about a kilobyte, gzip's header and the work are not worth it
PROFILE_KINDS = ("place", "project", "indicator", "report")
INDEX_TEMPLATES = ("home.html", "places.html", "projects.html", "industries.html", "indicators.html", "reports.html")


def _warm(service: QueryService) -> None:
    """Load the search index (or build it, for a store written before it had one), open the index of pages'
    lists, read the reports' years that order long lists (for stores without that index) and the dataset's coverage
    that every page's header shows, and compile the page templates in the background at start-up, not on the first
    request that needs them (at 10M triples the years take 25–100 ms, compiling the page templates 50 ms; the
    coverage is a row per report: 86 ms at 500 generated reports). The search index comes first: start-up is timed
    to the first answer."""
    try:
        lookup = Lookup(service.store())
        search.prepare(lookup, service.cache_dir())
        list_index.prepare(lookup, service.build_directory)
        reading_order.report_years(lookup)
        coverage.read(lookup)
    except KGError:
        pass  # no store yet: pages say so themselves
    for name in ("entity.html", "_macros.html", *(f"profile_{kind}.html" for kind in PROFILE_KINDS), *INDEX_TEMPLATES):
        templates.get_template(name)
    # What start-up made (modules, templates, the search index) stays for the worker's life: out of the collector's
    # sight, a full collection walks only what requests have made since, not ~200,000 objects more (pauses of
    # 50–170 ms in the middle of pages, BENCHMARKS.md "#15, branch pages15").
    gc.freeze()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    # /docs and /redoc would load their scripts from a CDN: off. /openapi.json stays.
    # Title and description are rewritten from what the served store holds when /openapi.json is asked.
    app = FastAPI(title=settings.title or "Government work reports knowledge graph", version=__version__,
                  lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Goals, projects, places, industries and figures of government work reports.")
    app.state.settings = settings
    app.state.query_service = QueryService.from_settings(settings, PublicLimits.from_settings(settings))
    app.add_exception_handler(KGError, kg_error_handler)
    app.add_exception_handler(ProtocolError, kg_error_handler)
    app.add_exception_handler(NotFound, not_found_handler)
    app.add_exception_handler(BadParameter, bad_parameter_handler)
    app.add_exception_handler(HTTPException, http_error_handler)  # the router's own 404 and 405
    app.add_exception_handler(ClientDisconnect, client_disconnect_handler)  # a body cut short: one log line
    # Innermost: ETag, Last-Modified, Cache-Control; a matching If-None-Match is a 304 before any route runs.
    app.add_middleware(HttpValidators, service=app.state.query_service, max_age=settings.cache_max_age,
                       settings_key=f"rows={settings.max_result_rows} mb={settings.max_result_mb}")  # what an answer shows
    # Gzip outside the validators, which give a gzipped answer a tag of its own (api/validators.py). Starlette's
    # own middleware: maintained with the framework, no new dependency; brotli would save a little more on text
    # but needs a third-party middleware and a native library. Level 6: level 9 costs about twice the CPU for a
    # body a percent or two smaller.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=6)
    app.add_middleware(HeadAsGet)  # HEAD on every GET route: the GET without its body
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                       allow_headers=["Accept", "Content-Type"], expose_headers=CORS_EXPOSED_HEADERS, max_age=86400)
    app.add_middleware(SecurityHeaders)  # CORS preflight answers get the headers too
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(sparql.router)
    app.include_router(void.router)
    app.include_router(linkeddata.router)
    app.include_router(pages.router)
    app.include_router(dumps.router)
    app.include_router(compare.router)
    app.include_router(ladder.router)
    app.include_router(charts.router)
    app.include_router(crawlers.router)
    openapi.install(app)  # the whole surface described, including what handlers read from the raw request
    return app
