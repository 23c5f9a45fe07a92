"""The indexes kept beside a published store: the search index and the index of pages' lists (kg.views), made
once at build time rather than by every server process that opens the store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.embedded import DATABASE, current, nothing_built
from kg.store.lookup import Lookup
from kg.views import list_index_writer, search


def write_indexes(directory: Path, progress=lambda _m: None, workers: int = 1) -> None:
    """Write every index into a store's directory. The build calls this before publishing; `jjkg index` for a
    store built before an index existed. Each file appears under its name only once complete. With `workers` > 1 (the
    build's JJKG_BUILD_WORKERS) a helper process shares the reads of a large store's lists' index."""
    lookup = Lookup(ox.Store.read_only(str(directory / DATABASE)))
    search.write_index(lookup, directory)
    progress("search index written")
    list_index_writer.write_index(lookup, directory, progress, database=directory / DATABASE if workers > 1 else None)


def write_indexes_of(store_link: Path, progress=lambda _m: None) -> Path:
    """Write the indexes of the published store again (same files as its build wrote); its directory."""
    published = current(store_link)
    if published is None:
        raise nothing_built(store_link)
    try:
        write_indexes(published.path, progress)
    except Exception as exc:  # as for a build: one readable line, and the published files stay as they were
        raise StoreError(f"could not write the indexes: {exc}", file=published.path) from exc
    return published.path
