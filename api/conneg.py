"""Content negotiation, shared by every router: the Accept header (q-values, wildcards) via werkzeug."""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header

from kg.errors import NoAcceptableFormat, NotFound

UTF8 = ("utf-8", "utf8")


def negotiate(accept: str | None, offers: Sequence[str], default: str | None = None) -> str | None:
    """The best of `offers` for an Accept header.

    No header (or an empty one) means anything is fine: `default`, or the first offer. None means nothing
    offered is acceptable, and the caller answers 406.
    """
    if not accept or not accept.strip():
        return default or offers[0]
    return bare_ranges(accept).best_match(list(offers))


def bare_ranges(accept: str) -> MIMEAccept:
    """The Accept header's media ranges without their parameters, each with its q-value.

    werkzeug matches a range's parameters against the offer's, so `text/turtle; charset=utf-8` or JSON-LD 1.1's
    `application/ld+json; profile="…#compacted"` would match no offer written bare. Every answer here is UTF-8
    and a profile only says which of equivalent documents a client prefers, so both match their bare type; a
    range asking for another charset is one this server cannot serve and is dropped.
    """
    ranges = []
    for value, quality in parse_accept_header(accept, MIMEAccept):
        media_type, options = parse_options_header(value)
        charset = options.get("charset")
        if charset is not None and charset.lower() not in UTF8:
            continue
        ranges.append((media_type, quality))
    return MIMEAccept(ranges)


def _listed(items: list[str], last: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def chosen_format(accept: str | None, suffix: str | None, formats: dict[str, str]) -> str:
    """The media type of a resource served as /x (by the Accept header, HTML by default) or /x.{suffix}: an unknown
    suffix is a 404, an Accept header none of `formats` answers a 406."""
    if suffix is not None and suffix not in formats:
        raise NotFound(f"no format .{suffix}: use {_listed(['.' + s for s in formats], 'or')}")
    media = formats[suffix] if suffix else negotiate(accept, list(formats.values()), "text/html")
    if media is None:
        raise NoAcceptableFormat(f"this resource is available as {_listed(list(formats.values()), 'and')}")
    return media
