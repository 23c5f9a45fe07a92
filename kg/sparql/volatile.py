"""Queries whose answer differs each time they are asked, over the same data: SPARQL's NOW(), RAND(), UUID(),
STRUUID() and BNODE() give a new value per evaluation (SPARQL 1.1, 17.4). Their answers must not be kept by any
cache (api/validators.py sends them with `Cache-Control: no-store`).

A lexical test, on purpose: a name inside a string or an IRI also counts, which only costs that answer its
caching, while a parse would cost every query a second pass."""

from __future__ import annotations

import re

CALLS = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
# SPARQL reads \uXXXX and \UXXXXXXXX anywhere in a query before its grammar (SPARQL 1.1, 19.2): `\u004EOW()` is NOW().
CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def is_volatile(query: str) -> bool:
    return CALLS.search(query) is not None or ("\\" in query and CALLS.search(unescape(query)) is not None)


def unescape(query: str) -> str:
    """The query with its codepoint escapes expanded (one beyond Unicode's range is left as written)."""
    return CODEPOINT_ESCAPE.sub(_codepoint, query)


def _codepoint(m: re.Match) -> str:
    value = int(m[1] or m[2], 16)
    return chr(value) if value <= 0x10FFFF else m.group()
