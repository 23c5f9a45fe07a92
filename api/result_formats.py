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


def choose(accept: str | None, format_values: str | list[str] | None, kinds=(RESULTS, GRAPH)) -> Choice:
    """Formats for each kind in `kinds` (others get None).

    `format=` overrides Accept where it names a format of the kind: by name (`turtle`, SPARQLWrapper's `n3`), alias
    or media type, in a comma list or given several times. Where it names nothing of that kind, Accept decides, as
    Fuseki and Virtuoso do: clients such as SPARQLWrapper send `format=` with names meant for other servers
    besides an Accept header that says what they read.
    """
    values = [format_values] if isinstance(format_values, str) else list(format_values or [])
    picked = {kind: _pick(kind, accept, values) for kind in kinds}
    return Choice(picked.get(RESULTS), picked.get(GRAPH))


def _pick(kind: str, accept: str | None, format_values: list[str]) -> Format | str | None:
    if any(item.strip().lower() in ("html", HTML) for value in format_values for item in value.split(",")):
        return HTML
    named = formats.named(format_values, kind)
    if named is not None:
        return named
    media_type = negotiate(accept, [*formats.media_types(kind), HTML])
    if media_type is None or media_type == HTML:
        return media_type
    return formats.by_media_type(media_type, kind)
