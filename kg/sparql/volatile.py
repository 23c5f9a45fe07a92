"""Queries whose answer differs each time they are asked, over the same data: SPARQL's NOW(), RAND(), UUID(),
STRUUID() and BNODE() give a new value per evaluation (SPARQL 1.1, 17.4). Their answers must not be kept by any
cache (api/validators.py sends them with `Cache-Control: no-store`).

A lexical test, on purpose: a name inside a string or an IRI also counts, which only costs that answer its
caching, while a parse would cost every query a second pass."""

from __future__ import annotations

import re

CALLS = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def is_volatile(query: str) -> bool:
    return CALLS.search(query) is not None
