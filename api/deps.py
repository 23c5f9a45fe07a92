"""What every page handler needs, per request: trusted reads of the current store, labels in the reader's
language, and that language (from ?lang=, then the lang cookie, then Accept-Language; Chinese by default)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from fastapi import Request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from kg.store import release
from kg.store.catalog import Totals
from kg.store.lookup import Lookup
from kg.store.release import Release
from kg.views import list_index
from kg.views.labels import LANGS, Labeller, preference
from kg.views.list_index import ListIndex


class Reading:
    """The reader's language, and the current store (`lookup`) with labels in that language (`labeller`). The store
    is found when first asked for, in the handler's thread: finding it may wait (a new publication opened, a remote
    store's publication polled), which the event loop, where the `reading` dependency runs, must not."""

    def __init__(self, request: Request):
        self._service = request.app.state.query_service
        self.lang, self.lang_chosen = reader_language(request)  # lang_chosen: ?lang= given, remember it in a cookie
        self.prefer: tuple[str, ...] = preference(self.lang)

    @cached_property
    def lookup(self) -> Lookup:
        return Lookup(self._service.store())

    @cached_property
    def labeller(self) -> Labeller:
        return Labeller(self.lookup)


def reader_language(request: Request) -> tuple[str, bool]:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked, True
    cookie = request.cookies.get("lang")
    if cookie in LANGS:
        return cookie, False
    header = request.headers.get("accept-language")
    if header:
        best = parse_accept_header(header, LanguageAccept).best_match(list(LANGS))
        if best:
            return best, False
    return LANGS[0], False


async def reading(request: Request) -> Reading:
    """The dependency of every page: async so that FastAPI calls it in the event loop, not in a thread of its own
    before the handler's (a second thread hop per page, ~0.3 ms of a cold one); it waits for nothing."""
    return Reading(request)


def lists_index(request: Request, lookup: Lookup) -> ListIndex | None:
    """The index of pages' lists beside the store being read; None without one (pages then scan their lists)."""
    return list_index.prepare(lookup, request.app.state.query_service.build_directory)


def held_totals(request: Request) -> Callable[[], Totals | None]:
    """What gives /dumps, /void and the endpoint's description the dataset's sizes from the lists' index beside the
    store (None without one, or one written before it held them: the sizes are then counted in the store). Asked
    only when they are not known yet for this publication."""

    def held() -> Totals | None:
        service = request.app.state.query_service
        index = list_index.prepare(Lookup(service.store()), service.build_directory)
        return index.dataset_totals() if index is not None else None

    return held


def publication_release(request: Request, lookup: Lookup) -> Release:
    """The licence, dataset, version and date every document of the store being read states (kg/store/release.py)."""
    return release.of(lookup, request.app.state.query_service.manifest)
