"""Where the store stage of a build goes (issue 14, "writing the store" → "done"): its steps timed one by one, without
a profiler, on the store a build published (the settings of the environment say which).

1. a fresh store filled from the publication's dump as the build fills it (kg.store.embedded.write_pieces' loop:
   the named graphs' N-Quads, then their union as the default graph, in pieces of kg.graph.spool.PIECE_BYTES),
   then `optimize`;
2. the search index (kg.views.search.build_index) of the published store;
3. the lists' index (kg.views.list_index_writer) of the published store, each part timed by wrapping the
   module's functions: the per-entity scans (page_lists' scans and describe.read_incoming), the passages, the
   names, the fields of shown rows, the index pages' tables; then the whole index again with the helper process
   sharing the reads (kg/views/shared_work.py), as a build with JJKG_BUILD_WORKERS ≥ 2 writes it.

Everything is written in a temporary folder, removed at the end; the published store is only read. Prints
`STEP<TAB>SECONDS<TAB>CALLS` (this process's time: the helper's own reads are not in the parts) and the 1-minute
load before and after.

    JJKG_DATA_DIR=… JJKG_VAR_DIR=… PYTHONPATH=. .venv/bin/python bench/store_profile.py
"""

from __future__ import annotations

import functools
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.graph.spool import PIECE_BYTES
from kg.graph.validate import union_ntriples
from kg.settings import Settings
from kg.store.embedded import DATABASE, DUMP, current
from kg.store.lookup import Lookup
from kg.views import list_index_writer, search

TIMES: dict[str, list[float]] = {}


def timed(name: str, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES.setdefault(name, []).append(time.perf_counter() - start)
    return wrapper


def pieces(text: bytes, budget: int = PIECE_BYTES):
    """Whole lines, at most `budget` bytes a piece (the build cuts at graphs; the loader's cost is the same)."""
    at = 0
    while at < len(text):
        end = text.rfind(b"\n", at, at + budget) + 1 or len(text)
        yield text[at:end]
        at = end


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> None:
    settings = Settings.from_env()
    published = current(settings.store_link)
    if published is None:
        sys.exit("no published store: build first")
    print(f"load before\t{load()}")
    dump = (published.path / DUMP).read_bytes()
    with tempfile.TemporaryDirectory(dir=settings.var_dir) as tmp:
        store = ox.Store(str(Path(tmp) / DATABASE))
        fill = [("bulk_load named graphs", dump, ox.RdfFormat.N_QUADS),
                ("bulk_load default graph (union)", union_ntriples(dump), ox.RdfFormat.N_TRIPLES)]
        for name, text, fmt in fill:
            for piece in pieces(text):
                timed(name, store.bulk_load)(piece, format=fmt)
        timed("optimize", store.optimize)()
        store.flush()
        del store

        lookup = Lookup(ox.Store.read_only(str(published.path / DATABASE)))
        timed("search index (build_index)", search.build_index)(lookup)
        w = list_index_writer
        parts = {"scan_place": w.page_lists.SCANS, "scan_indicator": w.page_lists.SCANS}
        for kind, scans in parts.items():
            key = w.page_lists.PLACE if kind == "scan_place" else w.page_lists.INDICATOR
            scans[key] = timed(f"lists: {kind}", scans[key])
        w.read_incoming = timed("lists: read_incoming", w.read_incoming)
        for name in ("_passage_rows", "_name_rows", "_field_rows", "_write_places", "_write_reports",
                     "_write_indicator_counts", "_write_dataset_counts"):
            if hasattr(w, name):  # the same script measures a branch and its base
                setattr(w, name, timed(f"lists: {name}", getattr(w, name)))
        timed("lists' index, one process (all of it)", w.write_index)(lookup, Path(tmp))
        if hasattr(w, "SHARED_FROM"):  # with a helper process sharing the reads, as a build with 2 workers
            timed("lists' index, with the helper (all of it)", w.write_index)(
                lookup, Path(tmp), database=published.path / DATABASE)
    for name, times in TIMES.items():
        print(f"{name}\t{sum(times):.2f}\t{len(times)}")
    print(f"load after\t{load()}")


if __name__ == "__main__":  # the helper process imports this module: nothing may run on import
    main()
