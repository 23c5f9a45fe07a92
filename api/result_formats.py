"""Which format to answer a SPARQL request in: the `format=` parameter if given, else the Accept header.

The query's form (and so whether it answers with results or with a graph) is known only once a worker has parsed
it, so a choice is made for each kind up front; the worker uses the one that fits, or reports that none does
(406). HTML (the query page with a results table) is offered to browsers for both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.sparql import formats
from kg.sparql.formats import GRAPH, RESULTS, Format

from .conneg import negotiate
from .errors import BadRequest

HTML = "text/html"
FOR_HTML = {RESULTS: "json", GRAPH: "ntriples"}  # what a worker writes when the web shell renders a table


@dataclass(frozen=True)
class Choice:
    """A format for each kind of result: a Format, HTML, or None (nothing acceptable: 406)."""

    results: Format | str | None
    graph: Format | str | None

    def for_kind(self, kind: str) -> Format | str | None:
        return self.results if kind == RESULTS else self.graph

    def worker_format(self, kind: str) -> str | None:
        chosen = self.for_kind(kind)
        if chosen == HTML:
            return FOR_HTML[kind]
        return chosen.name if chosen else None

    def wants_html(self, form: str) -> bool:
        return self.for_kind(kind_of(form)) == HTML


def kind_of(form: str) -> str:
    return RESULTS if form in ("SELECT", "ASK") else GRAPH


def choose(accept: str | None, format_param: str | None, kinds=(RESULTS, GRAPH)) -> Choice:
    """Formats for each kind in `kinds` (others get None)."""
    picked = {kind: _pick(kind, accept, format_param) for kind in kinds}
    if format_param is not None and all(picked.get(kind) is None for kind in kinds):
        names = sorted({f.name for f in formats.FORMATS if f.kind in kinds} | {"html"})
        raise BadRequest(f"unknown format {format_param!r}; use one of: {', '.join(names)}")
    return Choice(picked.get(RESULTS), picked.get(GRAPH))


def _pick(kind: str, accept: str | None, format_param: str | None) -> Format | str | None:
    if format_param is not None:
        if format_param.strip().lower() in ("html", HTML):
            return HTML
        return formats.by_name(format_param, kind)
    media_type = negotiate(accept, [*formats.media_types(kind), HTML])
    if media_type is None or media_type == HTML:
        return media_type
    return formats.by_media_type(media_type, kind)
