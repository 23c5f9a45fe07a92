"""The one query service: runs read-only SPARQL over the published store for the CLI and the web shell.

Two paths:
- `run` answers trusted queries written by this project (the CLI, entity pages, statistics) in this process:
  fast, no limits, the pyoxigraph result handed back as it is.
- `execute` answers public queries (the SPARQL endpoint) in a killable worker process, under a deadline, a memory
  cap and a row limit, and hands back the result already written in the asked format; a bounded point lookup by
  its form (one triple pattern with a constant subject or object) is answered in this process, the same way.

The store's default graph is the union of all named graphs (every report plus the reference and ontology
graphs), deduplicated at build time, so plain patterns find everything once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.graph.namespaces import PREFIXES
from kg.settings import RemoteConfig
from kg.sparql.dataset import Dataset
from kg.sparql.guard import QueryInfo, inspect, run_keyed
from kg.sparql.results import Serialized
from kg.sparql.workers import QueryJob, WorkerPool, answer_point_lookup
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup
from kg.store.remote import RemoteBackend

__all__ = ["Dataset", "PublicLimits", "QueryJob", "QueryService"]

# rdflib's parser (pyparsing) leaves cyclic garbage whose frames hold on to every frame that called it. If the
# caller later holds a pyoxigraph result, the garbage collector may then free that result on another thread,
# which pyoxigraph refuses ("unsendable") and leaks. Parsing on these threads keeps callers out of that chain.
_guard_threads = ThreadPoolExecutor(max_workers=2, thread_name_prefix="jjkg-guard")


@dataclass(frozen=True)
class PublicLimits:
    """What a public query may use."""

    timeout: float = 10.0  # seconds from arrival to answer
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned before truncation
    workers: int = 2
    memory_mb: int = 2048  # address space of each worker process
    remote_memo_mb: int = 32  # a remote store's answers to trusted reads kept per publication (0: none)
    fast_lane_workers: int = 1  # beside `workers`, for queries not known to be slow (kg/sparql/lanes.py)
    fast_lane_seconds: float = 0.5  # what a query may spend in the fast lane

    @classmethod
    def from_settings(cls, settings) -> "PublicLimits":
        # Each web worker process runs its own pool: JJKG_QUERY_WORKERS is shared out so that the total stays put.
        per_web_worker = -(-settings.query_workers // settings.web_workers)
        return cls(timeout=settings.query_timeout, max_rows=settings.max_result_rows,
                   workers=per_web_worker, memory_mb=settings.query_memory_mb,
                   remote_memo_mb=settings.remote_memo_mb, fast_lane_workers=settings.fast_lane_workers,
                   fast_lane_seconds=settings.fast_lane_seconds)


class QueryService:
    """Over the embedded store published at `store_link`, or over a remote SPARQL store when `remote` is given
    (kg/store/remote.py: the same reading interface; `store()` then changes when a new publication is recorded)."""

    def __init__(self, store_link: Path, limits: PublicLimits | None = None, remote: RemoteConfig | None = None):
        self.store_link = store_link
        self.limits = limits or PublicLimits()
        if remote is not None:
            remote = dataclasses.replace(remote, query_timeout=self.limits.timeout)
        self.remote = remote
        # Over a remote store, trusted reads (pages, documents, search) remember its answers per publication: each
        # saves a network round trip. Public queries always run, in the workers.
        memo = self.limits.remote_memo_mb * 2**20
        self._backend = RemoteBackend(remote, memo_bytes=memo) if remote is not None else None
        self._lock = threading.Lock()
        self._store: ox.Store | None = None
        self._target: str | None = None
        self._pool: WorkerPool | None = None

    @classmethod
    def from_settings(cls, settings, limits: PublicLimits | None = None) -> "QueryService":
        return cls(settings.store_link, limits, remote=settings.remote)

    def store(self) -> ox.Store:
        """The published store, reopened when a new build has been published."""
        if self._backend is not None:
            return self._backend.store()
        try:
            target = os.readlink(self.store_link)
        except OSError:
            target = None
        with self._lock:
            if self._store is None or target != self._target:
                self._store = store_mod.open_read_only(self.store_link)
                self._target = target
            return self._store

    def publication(self) -> str:
        """What identifies the published data: the build directory (embedded), the publication's stamp (remote).
        Anything computed from the data may be kept under it."""
        if self._backend is not None:
            return "remote:" + self._backend.store().publication.stamp
        try:
            return os.readlink(self.store_link)  # each build has a directory of its own: one system call
        except OSError:
            raise store_mod.nothing_built(self.store_link) from None

    def publication_if_known(self) -> str | None:
        """What `publication()` would say, if that can be known without waiting: always for the embedded store;
        for a remote one, the publication seen at its last poll while that is recent. None otherwise, and when
        nothing is published. For callers on the event loop (api/validators.py)."""
        if self._backend is not None:
            stamp = self._backend.recent_stamp()
            return None if stamp is None else "remote:" + stamp
        try:
            return self.publication()
        except StoreError:
            return None

    def build_directory(self) -> Path | None:
        """The directory of the published build, where it keeps its indexes; None when there is none (nothing
        built yet, or a remote store: a local build beside it may hold other data)."""
        if self._backend is not None:
            return None
        # On every page request: a symlink resolved, no manifest read.
        return self.store_link.resolve() if self.store_link.exists() else None

    def cache_dir(self) -> Path:
        """Where files made from the published data are kept (dumps, the search index): the build directory of
        the embedded store; for a remote one, a directory per publication under the var dir (a cache: anything
        in it can be made again from the store)."""
        if self._backend is not None:
            key = hashlib.sha1(f"{self.remote.endpoint} {self.publication()}".encode()).hexdigest()[:16]
            return self.store_link.parent / "remote" / key
        published = store_mod.current(self.store_link)
        if published is None:
            raise store_mod.nothing_built(self.store_link)
        return published.path

    def manifest(self) -> dict:
        if self._backend is not None:
            return self._backend.store().publication.manifest
        published = store_mod.current(self.store_link)
        if published is None:
            raise store_mod.nothing_built(self.store_link)
        return published.manifest

    def select(self, query: str, **bindings) -> list[dict]:
        """A trusted SELECT written by this project (pages, comparisons, stats): no guard, rows copied out in
        this thread (see kg/store/lookup.py). Never pass text from a request here: use `run`."""
        return Lookup(self.store()).select(query, **bindings)

    def run(self, query: str, dataset: Dataset | None = None) -> tuple[QueryInfo, object]:
        """(what the query is, the pyoxigraph result), in this process. For trusted queries only.
        Raises QueryError / QueryRefused for bad queries."""
        info = _guard_threads.submit(inspect, query).result()
        options = dataset.engine_options() if dataset is not None else {}
        try:
            store = self.store()
            # ORDER BY keyed: unkeyed, a crash in pyoxigraph here would end this process
            return info, run_keyed(store, info, prefixes=PREFIXES, **options)
        except SyntaxError as exc:
            raise QueryError(f"syntax error: {exc}") from None
        except ValueError as exc:
            raise QueryError(str(exc)) from None

    def execute(self, job: QueryJob, arrived: float | None = None, fast_only: bool = False,
                point: bool = False) -> Serialized:
        """Answer a public query in a worker process within the deadline (kg.sparql.workers), counted from
        `arrived` (time.monotonic() when the request arrived; now if None); fast_only: on the fast lane or not
        at all; point: a bounded point lookup by its form (WorkerPool.run). A bounded point lookup over the
        embedded store is answered here, without a worker's round trip (workers.answer_point_lookup)."""
        if self._backend is None and (answered := answer_point_lookup(self.store(), job)) is not None:
            return answered
        return self.workers().run(job, self.limits.timeout, arrived, fast_only, point)

    def workers(self, wait: bool = True) -> WorkerPool:
        """The worker pool, started on first use (wait=False: its workers start in the background)."""
        with self._lock:
            if self._pool is None:
                self._pool = WorkerPool(self.store_link, self.limits.workers, self.limits.memory_mb, wait=wait,
                                        remote=self.remote, fast_lane=self.limits.fast_lane_workers,
                                        fast_seconds=self.limits.fast_lane_seconds)
            return self._pool

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
