"""The persistent pyoxigraph store: written once per build into a fresh directory, published by switching a
symlink atomically, opened read-only by the server. A failed or killed build leaves the published store as
it was.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

MANIFEST = "manifest.json"
DATABASE = "oxigraph"  # the store proper, inside each build directory
DUMP = "dataset.nq"  # the same quads as N-Quads, for dumps and for diffing builds
# Files of RocksDB's tables above which a store filled from the published one is compacted (`write_changes`): an
# optimised store at 500 reports has 12, each fill adds ~17, so about every third fill compacts.
SST_FILES = 60
# Published stores kept besides the current one (issue 14: disk under two publications and the dump). A server
# reopens the store when the link moves (on its next request, a query worker on its next query), so the one before
# is read only by answers in flight when the link moved: it stays until the next publication.
KEEP = 1


@dataclass(frozen=True)
class Published:
    path: Path
    manifest: dict


def stores_dir(var_dir: Path) -> Path:
    return var_dir / "stores"


def current(store_link: Path) -> Published | None:
    """The published store, or None when nothing has been built yet."""
    if not store_link.exists():
        return None
    path = store_link.resolve()
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Published(path, manifest)


# Writes the files kept beside a store (the views' indexes) into a build directory before it is published.
IndexWriter = Callable[[Path], None]


def write_from_file(nquads_path: Path, var_dir: Path, manifest: dict, indexes: IndexWriter | None = None) -> Path:
    """Like `write`, for data too big to hold in memory: bulk-load an N-Quads file, keep it as the dump."""

    def load(store: ox.Store, building: Path) -> None:
        store.bulk_load(path=str(nquads_path), format=ox.RdfFormat.N_QUADS)
        shutil.move(str(nquads_path), building / DUMP)

    return _write(load, var_dir, manifest, indexes)


def write_pieces(dump: Path, named: Iterable[bytes], default: Iterable[bytes], var_dir: Path, manifest: dict,
                 indexes: IndexWriter | None = None) -> Path:
    """Like `write`, from files: the named graphs' N-Quads in `dump` (kept as the dump), given as `named`, its text in
    pieces, and the default graph's N-Triples as `default`, likewise. Each piece is bulk-loaded on its own, so the
    loader holds one piece at a time; it renames blank nodes per piece, so no blank node may be in two pieces."""

    def load(store: ox.Store, building: Path) -> None:
        for piece in named:
            store.bulk_load(piece, format=ox.RdfFormat.N_QUADS)
        for piece in default:
            store.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES)
        shutil.move(str(dump), building / DUMP)

    return _write(load, var_dir, manifest, indexes)


def write_changes(published: Path, dump: Path, gone: Iterable[str], new: Iterable[bytes], var_dir: Path,
                  manifest: dict, indexes: IndexWriter | None = None) -> Path:
    """Like `write_pieces`, from the published store at `published` (a build directory): a copy of it (a RocksDB
    checkpoint: its files hard-linked on one file system, the published store untouched) with the named graphs `gone`
    (their names as N-Quads writes them, `<…>`) removed and the pieces `new` loaded, each a graph's quads followed by
    its triples as the default graph's (spool.Spool.graph_nquads). The default graph stays the union of the named
    graphs as a set: a triple of a removed graph leaves it only when no named graph holds it any more. This needs a
    store whose default graph shares its blank nodes with the named graphs (written from `Spool.pieces_both`, which a
    manifest's `graphs` vouches for): a removed graph's blank nodes are then nobody else's."""

    def load(store: ox.Store, building: Path) -> None:
        triples = []
        for name in gone:
            graph = ox.NamedNode(name[1:-1])
            triples += [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
            store.remove_graph(graph)
        for piece in new:  # a graph (or the shared part's changed graphs): small, loaded in one transaction
            store.load(piece, format=ox.RdfFormat.N_QUADS)
        default = ox.DefaultGraph()
        for t in dict.fromkeys(triples):
            if not any(not isinstance(q.graph_name, ox.DefaultGraph)
                       for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
        store.flush()
        if len(list((building / DATABASE).glob("*.sst"))) > SST_FILES:
            store.optimize()  # every few fills: the files the changes wrote compacted, before readers pay for them
        shutil.move(str(dump), building / DUMP)

    def copy(database: Path) -> ox.Store:
        source = ox.Store.read_only(str(published / DATABASE))
        try:
            source.backup(str(database))
        finally:
            del source
        return ox.Store(str(database))

    # Optimised only once the copy holds more than SST_FILES files: compacting the whole copy takes 1–1.5 s at 200–500
    # reports (most of the fill), and each fill adds ~17 small files (one flush per column family), which made the
    # views' indexes read ~1–2 s slower at 500 reports (BENCHMARKS.md, incr14). Every full write optimises.
    return _write(load, var_dir, manifest, indexes, opened=copy, optimize=False)


def write(nquads: bytes, var_dir: Path, manifest: dict, default_graph: bytes = b"",
          indexes: IndexWriter | None = None) -> Path:
    """Load N-Quads into a new build directory (store, dump, manifest); return it, not yet published."""

    def load(store: ox.Store, building: Path) -> None:
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        if default_graph:
            store.bulk_load(default_graph, format=ox.RdfFormat.N_TRIPLES)
        (building / DUMP).write_bytes(nquads)

    return _write(load, var_dir, manifest, indexes)


def _write(load, var_dir: Path, manifest: dict, indexes: IndexWriter | None,
           opened: Callable[[Path], ox.Store] = lambda database: ox.Store(str(database)), optimize: bool = True) -> Path:
    """Make a build directory under a temporary name and give it its final name only once it is complete."""
    base = stores_dir(var_dir)
    base.mkdir(parents=True, exist_ok=True)
    target = base / f"store-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    building = target.with_name(target.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    try:
        building.mkdir(parents=True)
        store = opened(building / DATABASE)
        load(store, building)
        if optimize:
            store.optimize()
        store.flush()
        del store
        if indexes is not None:
            indexes(building)
        (building / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(building, target)
    except Exception as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise StoreError(f"could not write the store: {exc}", file=building) from exc
    return target


def nothing_built(store_link: Path) -> StoreError:
    """The error for reading a store before any build has published one."""
    return StoreError("no graph has been built yet: run `jjkg build`", file=store_link)


def publish(target: Path, store_link: Path) -> None:
    """Point the store link at `target` in one atomic rename, then remove stores older than KEEP."""
    tmp = store_link.with_name(store_link.name + f".new-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, store_link.parent), tmp)
    os.replace(tmp, store_link)
    _prune(target.parent, keep=target)


def _prune(base: Path, keep: Path) -> None:
    done = sorted((p for p in base.iterdir() if p.is_dir() and p.name.startswith("store-")
                   and not p.name.endswith(".building")), key=lambda p: p.name)
    for old in done[:-(KEEP + 1)]:
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)
    for partial in base.glob("*.building"):
        # A build killed half-way leaves one of these; nothing ever reads it.
        if time.time() - partial.stat().st_mtime > 3600:
            shutil.rmtree(partial, ignore_errors=True)


def open_read_only(store_link: Path) -> ox.Store:
    if not store_link.exists():
        raise nothing_built(store_link)
    try:
        return ox.Store.read_only(str(store_link.resolve() / DATABASE))
    except OSError as exc:
        raise StoreError(f"cannot open the store: {exc}", file=store_link) from exc
