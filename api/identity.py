"""What the site calls itself, for templates: the dataset's coverage read from the store being served
(kg/store/coverage.py), or the bare title while no store can be read (an error page must still render)."""

from __future__ import annotations

from fastapi import Request

from kg.errors import KGError
from kg.settings import site_title
from kg.store import coverage
from kg.store.coverage import Coverage
from kg.store.lookup import Lookup


def coverage_of(request: Request) -> Coverage:
    """Read once per request (kept on the request, not between requests): a page asks in its title, header and
    footer, and each read finds the store and its memo again."""
    held = getattr(request.state, "coverage", None)
    if held is None:
        held = request.state.coverage = _read(request)
    return held


def _read(request: Request) -> Coverage:
    try:
        return coverage.read(Lookup(request.app.state.query_service.store()))
    except KGError:
        return Coverage((), 0, (), (), site_title())


def site_name(request: Request, lang: str = "zh") -> str:
    return coverage_of(request).short_title(lang)
