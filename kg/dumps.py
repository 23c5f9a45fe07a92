"""Dump files of the whole dataset, made from the published store on first request and kept beside it.

A store directory never changes once published, so its dumps are made once (into `<store>/dumps/`, written
to a temporary name and renamed, so a reader never sees half a file) and are removed with the store when
later builds prune it. pyoxigraph streams every format, so memory stays flat however large the graph.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import store as store_mod
from .errors import NotFound, StoreError
from .namespaces import PREFIXES


@dataclass(frozen=True)
class Dump:
    name: str
    media_type: str
    format_name: str
    what: str  # what the file holds, in English
    what_zh: str


DUMPS = (
    Dump("jinjiang-kg.nq", "application/n-quads", "N-Quads", "every named graph (one per report, reference, ontology)",
         "全部命名图（每份报告、参考数据、本体各一个）"),
    Dump("jinjiang-kg.trig", "application/trig", "TriG", "every named graph, with prefixes", "全部命名图（带前缀）"),
    Dump("jinjiang-kg.jsonld", "application/ld+json", "JSON-LD", "every named graph, expanded JSON-LD",
         "全部命名图（展开形式的JSON-LD）"),
    Dump("jinjiang-kg-union.ttl", "text/turtle", "Turtle", "the union of all graphs, each triple once",
         "所有图的并集（每个三元组一次）"),
)
BY_NAME = {d.name: d for d in DUMPS}
_lock = threading.Lock()


def _named_quads(store: ox.Store) -> Iterator[ox.Quad]:
    # Graph by graph, in index order, so each subject's triples come together (the JSON-LD writer groups them).
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield from store.quads_for_pattern(None, None, None, graph)


def _write(dump: Dump, store: ox.Store, published: store_mod.Published, target: Path) -> None:
    if dump.name.endswith(".nq"):
        shutil.copyfile(published.path / store_mod.DUMP, target)  # the build's own N-Quads
    elif dump.name.endswith("-union.ttl"):
        store.dump(str(target), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    elif dump.name.endswith(".trig"):
        ox.serialize(_named_quads(store), str(target), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        ox.serialize(_named_quads(store), str(target), ox.RdfFormat.JSON_LD)


def dump_path(store_link: Path, store: ox.Store, name: str) -> Path:
    """The file of one dump of the published store, made now if it is not there yet."""
    dump = BY_NAME.get(name)
    if dump is None:
        raise NotFound(f"there is no dump {name!r}; the dumps are {', '.join(BY_NAME)}")
    published = store_mod.current(store_link)
    if published is None:
        raise StoreError("no graph has been built yet: run `jjkg build`", file=store_link)
    target = published.path / "dumps" / name
    if target.exists():
        return target
    with _lock:
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            partial = target.with_name(f".{name}.{os.getpid()}.partial")
            try:
                _write(dump, store, published, partial)
                os.replace(partial, target)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise StoreError(f"could not write the dump {name}: {exc}", file=target) from exc
    return target


def existing_size(store_link: Path, name: str) -> int | None:
    """Size of a dump already made, None if it has not been asked for yet."""
    published = store_mod.current(store_link)
    target = published.path / "dumps" / name if published else None
    return target.stat().st_size if target and target.exists() else None
