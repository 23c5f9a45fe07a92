"""The FastAPI application: a thin shell over `kg`'s query service."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kg import __version__
from kg.errors import KGError, NotFound
from kg.query import QueryService
from kg.settings import Settings

from .errors import kg_error_handler, not_found_handler
from .routers import charts, compare, dumps, linkeddata, pages, sparql
from .security import SecurityHeaders
from .templating import STATIC_DIR


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(title="Jinjiang KG", version=__version__,
                  description="Goals, projects, places, industries and figures of Jinjiang's government work reports.")
    app.state.settings = settings
    app.state.query_service = QueryService(settings.store_link)
    app.add_exception_handler(KGError, kg_error_handler)
    app.add_exception_handler(NotFound, not_found_handler)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.include_router(sparql.router)
    app.include_router(linkeddata.router)
    app.include_router(pages.router)
    app.include_router(dumps.router)
    app.include_router(compare.router)
    app.include_router(charts.router)
    return app
