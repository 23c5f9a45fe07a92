"""What every page handler needs, per request: trusted reads of the current store, labels in the reader's
language, and that language (from ?lang=, then the lang cookie, then Accept-Language; Chinese by default)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from kg.store import release
from kg.store.lookup import Lookup
from kg.store.release import Release
from kg.views import list_index
from kg.views.labels import LANGS, Labeller, preference
from kg.views.list_index import ListIndex


@dataclass
class Reading:
    lookup: Lookup
    labeller: Labeller
    lang: str
    prefer: tuple[str, ...]
    lang_chosen: bool  # ?lang= given: remember it in a cookie


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


def reading(request: Request) -> Reading:
    lookup = Lookup(request.app.state.query_service.store())
    lang, chosen = reader_language(request)
    return Reading(lookup, Labeller(lookup), lang, preference(lang), chosen)


def lists_index(request: Request, lookup: Lookup) -> ListIndex | None:
    """The index of pages' lists beside the store being read; None without one (pages then scan their lists)."""
    return list_index.prepare(lookup, request.app.state.query_service.build_directory)


def publication_release(request: Request, lookup: Lookup) -> Release:
    """The licence, dataset, version and date every document of the store being read states (kg/store/release.py)."""
    return release.of(lookup, request.app.state.query_service.manifest)
