"""The one query service: runs read-only SPARQL over the published store for the CLI and the web shell.

The store's default graph is the union of all named graphs (every report plus the reference and ontology
graphs), deduplicated at build time, so plain patterns find everything once.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import store as store_mod
from .errors import QueryError, StoreError
from .namespaces import PREFIXES
from .sparql_guard import QueryInfo, inspect


@dataclass
class Dataset:
    """A protocol dataset: graphs of the store chosen by IRI. Unknown graphs are simply empty."""

    default_graphs: list[str]
    named_graphs: list[str]

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


class Row(dict):
    """One solution: variable name → pyoxigraph term, None when unbound."""

    def __missing__(self, key):
        return None


class QueryService:
    def __init__(self, store_link: Path):
        self.store_link = store_link
        self._lock = threading.Lock()
        self._store: ox.Store | None = None
        self._target: str | None = None

    def store(self) -> ox.Store:
        """The published store, reopened when a new build has been published."""
        try:
            target = os.readlink(self.store_link)
        except OSError:
            target = None
        with self._lock:
            if self._store is None or target != self._target:
                self._store = store_mod.open_read_only(self.store_link)
                self._target = target
            return self._store

    def manifest(self) -> dict:
        published = store_mod.current(self.store_link)
        if published is None:
            raise StoreError("no graph has been built yet: run `jjkg build`", file=self.store_link)
        return published.manifest

    def select(self, query: str) -> list[Row]:
        """A trusted SELECT written by this project (pages, comparisons, stats): no guard, rows materialised.

        pyoxigraph's result iterators may only be dropped on the thread that made them; copying the rows out
        here lets callers keep them anywhere. Never pass text from a request here: use `run`.
        """
        result = self.store().query(query, prefixes=PREFIXES)
        names = [v.value for v in result.variables]
        rows = [Row(zip(names, (solution[n] for n in names))) for solution in result]
        del result
        return rows

    def run(self, query: str, dataset: Dataset | None = None) -> tuple[QueryInfo, object]:
        """(what the query is, the pyoxigraph result). Raises QueryError / QueryRefused for bad queries."""
        info = inspect(query)
        kwargs: dict = {"prefixes": PREFIXES}
        if dataset is not None and dataset.given:
            # The protocol's dataset overrides FROM / FROM NAMED in the query (SPARQL 1.1 Protocol 2.1.4).
            kwargs["default_graph"] = [ox.NamedNode(g) for g in dataset.default_graphs] or [ox.DefaultGraph()]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named_graphs]
        try:
            return info, self.store().query(query, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"syntax error: {exc}") from None
        except ValueError as exc:
            raise QueryError(str(exc)) from None
