"""Dump files of the whole dataset, made from the published store on first request and kept beside it.

Each dump is published under a versioned, gzip-compressed name (`jinjiang-kg-20261204T192256Z.nq.gz`: the
publication's version, kg/store/release.py), so a downloaded file says which publication it is and a citation
can name it; the plain names (`jinjiang-kg.nq`) stay, uncompressed, for the clients that already use them.

A store directory never changes once published, so its dumps are made once (into `<store>/dumps/`, written
to a temporary name and renamed, so a reader never sees half a file) and are removed with the store when
later builds prune it. pyoxigraph streams every format, so memory stays flat however large the graph.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import NotFound, StoreError
from kg.graph.namespaces import PREFIXES
from kg.store import embedded as store_mod
from kg.store import release


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
GZIP_MEDIA_TYPE = "application/gzip"
VERSIONED = re.compile(r"^(?P<stem>.+)-(?P<version>[0-9]{8}T[0-9]{6}Z|" + release.UNKNOWN + r")\.(?P<ext>[a-z]+)\.gz$")
_lock = threading.Lock()


def versioned_name(dump: Dump, version: str) -> str:
    """`jinjiang-kg.nq` of version 20261204T192256Z → `jinjiang-kg-20261204T192256Z.nq.gz`."""
    stem, _, ext = dump.name.rpartition(".")
    return f"{stem}-{version}.{ext}.gz"


def find(name: str, version: str) -> tuple[Dump, bool]:
    """The dump a file name asks for and whether it is the compressed one; NotFound naming what there is."""
    if name in BY_NAME:
        return BY_NAME[name], False
    for dump in DUMPS:
        if name == versioned_name(dump, version):
            return dump, True
    offered = ", ".join(versioned_name(d, version) for d in DUMPS)
    m = VERSIONED.match(name)
    if m and f"{m['stem']}.{m['ext']}" in BY_NAME:
        raise NotFound(f"{name!r} is a dump of version {m['version']}; this server publishes version {version}: "
                       f"{offered}")
    raise NotFound(f"there is no dump {name!r}; the dumps are {offered} (and, uncompressed, {', '.join(BY_NAME)})")


def _named_quads(store) -> Iterator[ox.Quad]:
    # Graph by graph, in index order, so each subject's triples come together (the JSON-LD writer groups them).
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield from store.quads_for_pattern(None, None, None, graph)


def _write(dump: Dump, store, build: Path | None, target: Path) -> None:
    if dump.name.endswith(".nq"):
        if build is not None:
            shutil.copyfile(build / store_mod.DUMP, target)  # the build's own N-Quads
        else:
            ox.serialize(_named_quads(store), str(target), ox.RdfFormat.N_QUADS)
    elif dump.name.endswith("-union.ttl"):
        if isinstance(store, ox.Store):
            store.dump(str(target), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        else:  # a remote store (kg.store.remote): its union graph, read in one query
            triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
            ox.serialize(triples, str(target), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    elif dump.name.endswith(".trig"):
        ox.serialize(_named_quads(store), str(target), ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        ox.serialize(_named_quads(store), str(target), ox.RdfFormat.JSON_LD)


def _compress(plain: Path, target: Path) -> None:
    # mtime 0: the same dump compresses to the same bytes, whenever it is made.
    with plain.open("rb") as source, target.open("wb") as raw, \
            gzip.GzipFile(filename=plain.name, mode="wb", fileobj=raw, mtime=0) as out:
        shutil.copyfileobj(source, out, 1 << 20)


def media_type(name: str, version: str) -> str:
    dump, compressed = find(name, version)
    return GZIP_MEDIA_TYPE if compressed else f"{dump.media_type}; charset=utf-8"


def dump_path(service, name: str) -> Path:
    """The file of one dump of the published store (of a kg.sparql.query.QueryService), made now if it is not there
    yet: beside the embedded store, or in the service's local cache directory of the remote publication. `name` is
    a plain name (`jinjiang-kg.nq`) or the publication's versioned, compressed one (`jinjiang-kg-<version>.nq.gz`)."""
    dump, compressed = find(name, release.from_manifest(service.manifest()).version)
    if compressed:
        plain = dump_path(service, dump.name)
        return _made(plain.with_name(name), lambda partial: _compress(plain, partial))
    store = service.store()
    build = None
    if service.remote is None:
        published = store_mod.current(service.store_link)
        if published is None:
            raise store_mod.nothing_built(service.store_link)
        build = published.path
    return _made(service.cache_dir() / "dumps" / name, lambda partial: _write(dump, store, build, partial))


def _made(target: Path, write) -> Path:
    """`target`, written by `write(partial)` under a temporary name and renamed, unless it is there already."""
    if target.exists():
        return target
    with _lock:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            try:
                write(partial)
                os.replace(partial, target)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                # The reason without the file's path (an answer over HTTP must not show the server's directories);
                # the path stays in `file`, for the log and the CLI.
                raise StoreError(f"could not write the dump {target.name}: {exc.strerror or type(exc).__name__}",
                                 file=target) from exc
    return target


def existing_size(service, name: str) -> int | None:
    """Size of a dump already made, None if it has not been asked for yet."""
    try:
        target = service.cache_dir() / "dumps" / name
    except StoreError:
        return None
    return target.stat().st_size if target.exists() else None
