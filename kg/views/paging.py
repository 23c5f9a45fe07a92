"""Long lists on pages, one window of rows at a time.

A list's rows are known by their keys (an IRI, or an IRI and its report), found by one cheap scan and put in a
stable reading order; a page shows one window of them, and only the rows in the window are read in full (their
labels and quoted sentences). The number of a list's page comes from the request (`?projects_page=2`); a
malformed number is a `BadParameter`, one past the last page is `NotFound`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kg.errors import BadParameter, NotFound

PAGE_SIZE = 25
SUFFIX = "_page"  # a list's parameter: projects_page, goals_page, figures_page
WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


@dataclass(frozen=True)
class Window:
    """Which rows of a list a page shows: `number` is 1-based, `total` counts every row of the list."""

    name: str
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def param(self) -> str:
        return self.name + SUFFIX

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """1-based position of the first row shown (0 when the list is empty)."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def rows(self, keys: Sequence) -> Sequence:
        return keys[self.offset: self.offset + self.size]


def requested(params: Mapping[str, str], lists: Sequence[str]) -> dict[str, int]:
    """Page numbers asked for in `params` (query parameters), by list name; lists not mentioned are absent.

    Any `*_page` parameter must be a whole number from 1 and name one of `lists` (the lists this page shows)."""
    out = {}
    for param, raw in params.items():
        if not param.endswith(SUFFIX):
            continue
        name = param.removesuffix(SUFFIX)
        if name not in lists:
            shown = ", ".join(n + SUFFIX for n in lists) or "none"
            raise BadParameter(f"{param}: this page has no list called {name!r} (its paged lists: {shown})")
        if not WHOLE_NUMBER.fullmatch(raw):
            raise BadParameter(f"{param}={raw!r}: a page number is a whole number from 1")
        out[name] = int(raw)
    return out


def window(name: str, number: int, total: int, size: int = PAGE_SIZE) -> Window:
    """The window of page `number` of a list of `total` rows; NotFound past its last page."""
    w = Window(name, number, total, size)
    if number > w.pages:
        rows = "row" if total == 1 else "rows"
        raise NotFound(f"{w.param}={number}: the list of {name} has {w.pages} page{'s' if w.pages > 1 else ''} "
                       f"({total} {rows}, {size} a page)")
    return w
