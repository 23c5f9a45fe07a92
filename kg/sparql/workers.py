"""A pool of query worker processes that can be killed: how a public query gets a deadline that really holds.

pyoxigraph cannot cancel a query, so each public query runs in a worker process: the worker parses the query
(the guard: rdflib's parser is itself slow on big inputs), runs it and writes the result in the asked format,
all under the query's deadline. A worker that overruns is killed (SIGKILL: the CPU it used is freed at once) and
replaced in the background. The deadline counts from when the query arrives, so waiting for a free worker
counts too: no answer ever takes longer than the deadline, and a pathological query holds up nothing but the
worker it runs in.

Each worker opens the published store read-only (again whenever a new build is published), runs in a network
namespace of its own when the system allows it, and caps its address space (see isolation.py).

Why not pebble, the usual library for this: its workers handle SIGTERM in Python, which cannot run while
pyoxigraph's native code holds the main thread, so a stop waits for its 3 s SIGKILL grace; its workers also
share one task channel behind a lock. One pipe per worker and SIGKILL keep the deadline exact.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import re
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError, NoAcceptableFormat, QueryAborted, QueryError, QueryTimeout, StoreError, WorkersBusy
from kg.graph.namespaces import PREFIXES
from kg.settings import RemoteConfig
from kg.sparql import formats
from kg.sparql.dataset import Dataset
from kg.sparql.guard import inspect
from kg.sparql.isolation import cap_memory, cut_network
from kg.sparql.results import Serialized, serialize
from kg.store.embedded import open_read_only
from kg.store.remote import RemoteBackend

log = logging.getLogger("jjkg.workers")

STARTUP_SECONDS = 30  # a worker that has not said "ready" by then is given up
PARSER_STACK_BYTES = 64 * 1024 * 1024  # rdflib's parser recurses per triple pattern and nesting level
PARSER_RECURSION_LIMIT = 50_000
SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+)")


@dataclass(frozen=True)
class QueryJob:
    """Everything a worker needs to answer one query. Formats are names from kg.sparql.formats, or None when the
    client accepts no format of that kind (the answer is then 406, known only once the query is parsed)."""

    query: str
    dataset: Dataset
    results_format: str | None
    graph_format: str | None
    max_rows: int
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)
    note_iri: str = ""  # where a reader learns what truncation means


def run_job(store: ox.Store, job: QueryJob) -> Serialized:
    """Guard, run and serialise one query. Raises KGError subclasses for everything a client did wrong."""
    info = inspect(job.query)
    kind = formats.RESULTS if info.form in ("SELECT", "ASK") else formats.GRAPH
    name = job.results_format if kind == formats.RESULTS else job.graph_format
    if name is None:
        offered = ", ".join(formats.media_types(kind))
        raise NoAcceptableFormat(f"a {info.form} query answers with {kind}; none of the formats you accept can carry "
                                 f"it. Available: {offered}")
    fmt = formats.by_name(name, kind)
    try:
        result = store.query(info.text, prefixes=PREFIXES, base_iri=job.base_iri, **job.dataset.engine_options())
        return serialize(result, info.form, fmt, job.max_rows, job.note_iri)
    except SyntaxError as exc:
        where = SYNTAX_POSITION.search(str(exc))
        position = (int(where[1]), int(where[2])) if where else None
        raise QueryError(f"syntax error: {exc}", position=position) from None
    except (ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot read the store: {exc}") from None


# ---------------------------------------------------------------------------------------------------------------
# The worker process


def _worker_main(conn, store_link: str, memory_mb: int, remote: RemoteConfig | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then stops its workers
    # A worker over a remote store must reach it: its network stays (SECURITY.md: the guard and the store's own
    # configuration are the walls then). Otherwise this must happen while the process has a single thread.
    network_problem = cut_network() if remote is None else None
    cap_memory(memory_mb)
    sys.setrecursionlimit(PARSER_RECURSION_LIMIT)
    threading.stack_size(PARSER_STACK_BYTES)
    serving = threading.Thread(target=_serve, args=(conn, Path(store_link), network_problem, remote), name="query")
    serving.start()
    serving.join()


def _serve(conn, store_link: Path, network_problem: str | None, remote: RemoteConfig | None = None) -> None:
    conn.send(("ready", os.getpid(), network_problem))
    store, opened = None, None
    backend = RemoteBackend(remote) if remote is not None else None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):  # the server closed its end: stop
            return
        started = time.perf_counter()
        try:
            if backend is not None:
                store = backend.store()  # the current publication (checked every few seconds)
            else:
                target = os.path.realpath(store_link)
                if store is None or target != opened:  # a new build was published since
                    store, opened = open_read_only(store_link), target
            outcome = ("ok", run_job(store, job).timed(time.perf_counter() - started))
        except KGError as exc:
            outcome = ("error", exc)
        except MemoryError:
            conn.send(("error", QueryAborted("the query needed more memory than a query may use, and was stopped")))
            os._exit(1)  # a worker that ran out of memory is not trusted with another query
        except Exception as exc:  # a bug, not the client's fault: say what, never a traceback
            log.exception("query worker failed")
            outcome = ("error", KGError(f"the query failed inside the server: {type(exc).__name__}: {exc}"))
        conn.send(outcome)


# ---------------------------------------------------------------------------------------------------------------
# The pool, in the server process


class _Worker:
    def __init__(self, process, conn):
        self.process = process
        self.conn = conn

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        try:
            os.kill(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.conn.close()


class WorkerPool:
    def __init__(self, store_link: Path, size: int, memory_mb: int, wait: bool = True,
                 remote: RemoteConfig | None = None):
        """Start `size` workers; with wait=False they start in the background (a server answers its pages at
        once, and a query waits for the first worker within its deadline)."""
        self.store_link = Path(store_link)
        self.size = size
        self.memory_mb = memory_mb
        self.remote = remote
        self.network_problem: str | None = None  # why workers share the host network, when they do
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.sparql.workers"])  # workers fork with pyoxigraph and rdflib loaded
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._warned = False
        if wait:
            for _ in range(size):
                self._idle.put(self._start())
        else:
            for _ in range(size):
                threading.Thread(target=self._respawn, args=(None,), name="jjkg-start", daemon=True).start()

    def run(self, job: QueryJob, timeout: float) -> Serialized:
        """Answer `job` within `timeout` seconds from now, or raise WorkersBusy / QueryTimeout / QueryAborted."""
        deadline = time.monotonic() + timeout
        worker = self._checkout(deadline, timeout)
        try:
            worker.conn.send(job)
            answered = worker.conn.poll(max(0.0, deadline - time.monotonic()))
            outcome = worker.conn.recv() if answered else None
        except (EOFError, OSError):
            self._replace(worker)
            raise QueryAborted(f"the query worker died while running the query (a query may use at most "
                               f"{self.memory_mb} MB of memory)") from None
        except BaseException:
            self._replace(worker)  # in an unknown state: never hand it another query
            raise
        if outcome is None:
            self._replace(worker)
            raise QueryTimeout(f"the query ran past its {timeout:g} s deadline and was stopped")
        status, payload = outcome
        self._idle.put(worker)
        if status == "error":
            raise payload
        return payload

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(self._workers)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers.values())
            self._workers.clear()
        for worker in workers:
            worker.kill()
        for worker in workers:
            worker.process.join(timeout=5)

    # -- internals

    def _checkout(self, deadline: float, timeout: float) -> _Worker:
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise WorkersBusy(f"all {self.size} query workers stayed busy for the whole {timeout:g} s deadline; "
                                  f"try again shortly") from None
            if worker.process.is_alive():
                return worker
            self._replace(worker)  # it died while idle (its memory cap, or killed from outside)

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main, args=(theirs, str(self.store_link), self.memory_mb, self.remote),
                                        name="jjkg-query-worker", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        try:
            if not ours.poll(STARTUP_SECONDS):
                raise KGError(f"a query worker did not start within {STARTUP_SECONDS} s")
            _, pid, network_problem = ours.recv()
        except (EOFError, OSError):
            worker.kill()
            raise KGError(f"a query worker exited while starting (is its memory cap of {self.memory_mb} MB too "
                          f"small? a worker needs about 600 MB before any query)") from None
        except KGError:
            worker.kill()
            raise
        self._note_isolation(network_problem)
        with self._lock:
            if self._closed:
                worker.kill()
                raise KGError("the query service is shut down")
            self._workers[pid] = worker
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` now; start its successor in the background so the client is answered at once."""
        worker.kill()
        with self._lock:
            self._workers.pop(worker.pid, None)
            if self._closed:
                return
        threading.Thread(target=self._respawn, args=(worker,), name="jjkg-respawn", daemon=True).start()

    def _respawn(self, dead: _Worker | None) -> None:
        if dead is not None:
            dead.process.join(timeout=5)  # reap it
        for attempt in range(5):
            try:
                self._idle.put(self._start())
                return
            except KGError as exc:
                if self._closed:
                    return
                log.error("could not start a query worker (attempt %d): %s", attempt + 1, exc)
                time.sleep(2 ** attempt)

    def _note_isolation(self, problem: str | None) -> None:
        self.network_problem = problem
        if problem and not self._warned:
            self._warned = True
            log.warning("query workers share the server's network (%s): SERVICE is stopped by the query guard "
                        "alone", problem)
