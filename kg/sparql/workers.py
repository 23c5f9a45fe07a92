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
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import pyoxigraph as ox

from kg.errors import (
    KGError,
    NoAcceptableFormat,
    QueryAborted,
    QueryEngineFailed,
    QueryError,
    QueryTimeout,
    StoreError,
    WorkersBusy,
)
from kg.graph.namespaces import PREFIXES
from kg.settings import RemoteConfig
from kg.sparql import formats, prescan
from kg.sparql.dataset import Dataset
from kg.sparql.guard import inspect, run_keyed
from kg.sparql.isolation import cap_memory, cut_network
from kg.sparql.lanes import SlowShapes
from kg.sparql.results import NO_BYTE_LIMIT, Serialized, serialize
from kg.store.embedded import open_read_only
from kg.store.remote import RemoteBackend

log = logging.getLogger("jjkg.workers")

WATCH_SECONDS = 1.0  # how often a worker checks that its server is still there
STARTUP_SECONDS = 30  # a worker that has not said "ready" by then is given up
PARSER_STACK_BYTES = 64 * 1024 * 1024  # rdflib's parser recurses per triple pattern and nesting level
PARSER_RECURSION_LIMIT = 50_000
ANY_LANE_POLL_SECONDS = 0.005  # how often a query that may take either lane looks at the normal one again
SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+)")
STDERR_TAIL_BYTES = 16 * 1024  # what is kept of a worker's last words, to tell why it died
PANIC = re.compile(r"panicked at [^\n]*\n([^\n]+)")  # Rust's panic message: the line after "panicked at"
OUT_OF_MEMORY = re.compile(r"memory allocation of \d+ bytes failed|MemoryError|Cannot allocate memory")
TOTAL_ORDER = "total order"
MESSAGE_SLACK_BYTES = 64 * 1024  # a worker's message is its answer's bytes and a little more (the pickled object)


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
    max_bytes: int = NO_BYTE_LIMIT  # bytes of the answer written out (results.py cuts it at a row)


def run_job(store: ox.Store, job: QueryJob, engine_parses: bool = False) -> Serialized:
    """Guard, run and serialise one query. Raises KGError subclasses for everything a client did wrong.
    engine_parses: this worker has no network and an embedded store, so the guard may leave the parse of a query
    its prescan clears to pyoxigraph (guard.inspect); any query pyoxigraph then cannot read goes through the full
    guard after all, so that errors read the same either way."""
    info = inspect(job.query, engine_parses)
    try:
        return _answer(store, job, info)
    except _FullGuardNeeded:
        return _answer(store, job, inspect(job.query))


def answer_point_lookup(store: ox.Store, job: QueryJob) -> Serialized | None:
    """A bounded point lookup by its form (prescan.point_lookup) answered in the calling process, without a
    worker's round trip; None when the query is not one, or when the engine does not read it as the prescan did (the
    caller then sends it to a worker, where the full guard decides, so that its errors read the same).

    Safe outside a worker by its form alone: one triple pattern with a constant subject or object, no dataset clause,
    no expression, reads one index range, streamed and cut at the row limit (so it needs neither a deadline nor a
    memory cap), and calls nothing: no SERVICE and no function, so the network a worker cuts is never reached. The
    prescan clears it before the guard runs, so rdflib's parser never runs on this thread (see kg/sparql/query.py)."""
    if not prescan.point_lookup(job.query) or prescan.clear(job.query) is None:
        return None
    started = time.perf_counter()
    info = inspect(job.query, engine_parses=True)
    try:
        return _answer(store, job, info).timed(time.perf_counter() - started)
    except _FullGuardNeeded:
        return None


class _FullGuardNeeded(Exception):
    """pyoxigraph could not read, or read otherwise, a query that skipped rdflib's parse."""


_RESULT_TYPES = {"SELECT": ox.QuerySolutions, "ASK": ox.QueryBoolean, "CONSTRUCT": ox.QueryTriples,
                 "DESCRIBE": ox.QueryTriples}


def _answer(store: ox.Store, job: QueryJob, info) -> Serialized:
    kind = formats.RESULTS if info.form in ("SELECT", "ASK") else formats.GRAPH
    name = job.results_format if kind == formats.RESULTS else job.graph_format
    if name is None:
        offered = ", ".join(formats.media_types(kind))
        raise NoAcceptableFormat(f"a {info.form} query answers with {kind}; none of the formats you accept can carry "
                                 f"it. Available: {offered}")
    fmt = formats.by_name(name, kind)
    try:
        options = {"prefixes": PREFIXES, "base_iri": job.base_iri, **job.dataset.engine_options()}
        # Always the keyed ORDER BY (kg/sparql/total_order.py): unkeyed, pyoxigraph sorts a mixed column wrongly
        # when it does not crash (`2015` before `203`), and a crash would cost a worker first (issue 30).
        result = run_keyed(store, info, **options)  # the query as written if the keys do not read
        if info.prescanned and not isinstance(result, _RESULT_TYPES[info.form]):
            raise _FullGuardNeeded
        return serialize(result, info.form, fmt, job.max_rows, job.note_iri, job.max_bytes)
    except SyntaxError as exc:
        if info.prescanned:
            raise _FullGuardNeeded from None
        where = SYNTAX_POSITION.search(str(exc))
        position = (int(where[1]), int(where[2])) if where else None
        raise QueryError(f"syntax error: {exc}", position=position) from None
    except (ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot read the store: {exc}") from None


# ---------------------------------------------------------------------------------------------------------------
# The worker process


def _worker_main(conn, store_link: str, memory_mb: int, remote: RemoteConfig | None = None, stderr=None,
                 server_pid: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which then stops its workers
    if stderr is not None:  # the server reads it: a panic in native code says why only there (_StderrTail)
        os.dup2(stderr.fileno(), 2)
        stderr.close()
    # A worker over a remote store must reach it: its network stays (SECURITY.md: the guard and the store's own
    # configuration are the walls then). Otherwise this must happen while the process has a single thread.
    network_problem = cut_network() if remote is None else None
    cap_memory(memory_mb)
    sys.setrecursionlimit(PARSER_RECURSION_LIMIT)
    if server_pid is not None:
        threading.Thread(target=_exit_with, args=(server_pid,), name="watch", daemon=True).start()
    threading.stack_size(PARSER_STACK_BYTES)
    serving = threading.Thread(target=_serve, args=(conn, Path(store_link), network_problem, remote), name="query")
    serving.start()
    serving.join()


def _exit_with(server_pid: int) -> None:
    """Stop this worker once the server is gone. The server kills a worker at its deadline; a server that was
    itself killed (SIGKILL, or stopped while answers were in flight) cannot, and a runaway query would then run
    on for ever (pyoxigraph holds the main thread; this thread runs because the query releases the GIL)."""
    while True:
        time.sleep(WATCH_SECONDS)
        if not _alive(server_pid):
            os._exit(0)


def _alive(pid: int) -> bool:
    """A killed server stays a zombie until its parent reaps it: that counts as gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc: whether the number is still taken
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True


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
            engine_parses = backend is None and network_problem is None  # see run_job
            outcome = ("ok", run_job(store, job, engine_parses).timed(time.perf_counter() - started))
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


class _TooLarge(Exception):
    """A worker's message longer than its answer may be: never read into the server's memory."""


def _receive(conn, max_bytes: int):
    """A worker's message, read only if it is no longer than an answer of `max_bytes` may make it: the serialiser
    (results.py) already keeps answers under that, and this keeps the web process's memory bounded should it not.
    The pipe is then left mid-message: the caller must replace the worker."""
    limit = max_bytes + MESSAGE_SLACK_BYTES if max_bytes < NO_BYTE_LIMIT else None
    try:
        data = conn.recv_bytes(limit)
    except OSError as exc:
        if limit is not None and "bad message length" in str(exc):
            raise _TooLarge from None
        raise
    return _loads(data)


def _loads(data: bytes):
    return ForkingPickler.loads(data)


class _StderrTail:
    """Reads a worker's standard error, passes it on to the server's, and keeps its end.

    pyoxigraph aborts the whole process on a panic (its sort panics on some ORDER BY over mixed terms), and
    Rust aborts too when an allocation fails under the memory cap: both end in SIGABRT, and only the last words
    on stderr tell them apart."""

    def __init__(self, reader):
        self._reader = reader
        self._tail = bytearray()
        self._thread = threading.Thread(target=self._pump, name="jjkg-worker-stderr", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        fd = self._reader.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            self._tail += chunk
            del self._tail[:-STDERR_TAIL_BYTES]
            try:
                sys.stderr.buffer.write(chunk)
                sys.stderr.flush()
            except (AttributeError, OSError, ValueError):
                pass  # no stderr to pass it on to (pytest capture, a closed stream): the tail is still kept
        self._reader.close()

    def last_words(self, wait: float = 2.0) -> str:
        """What the worker wrote last, once it has exited (waiting at most `wait` seconds for the pipe to close)."""
        self._thread.join(wait)
        return self._tail.decode("utf-8", "replace")


def death_cause(last_words: str, exitcode: int | None, memory_mb: int) -> KGError:
    """The error a client gets when its query's worker died, from what the worker wrote last and how it ended."""
    panic = PANIC.search(last_words)
    if panic:
        message = panic[1].strip()
        hint = (" ORDER BY over terms of different kinds (numbers with strings, say) sets it off: order by STR(...) "
                "of the value, or order one kind at a time." if TOTAL_ORDER in message else "")
        return QueryEngineFailed(f"the query engine (pyoxigraph) crashed on this query: {message}. This is a defect "
                                 f"of the engine; the same query will fail again.{hint}")
    if OUT_OF_MEMORY.search(last_words):
        return QueryAborted(f"the query needed more memory than a query may use ({memory_mb} MB), and was stopped")
    how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit status {exitcode}"
    return QueryAborted(f"the query worker died while running the query ({how}; a query may use at most "
                        f"{memory_mb} MB of memory)")


class _Worker:
    def __init__(self, process, conn, stderr: _StderrTail | None = None, fast: bool = False):
        self.process = process
        self.conn = conn
        self.stderr = stderr
        self.fast = fast  # kept for the fast lane (lanes.py)

    def death_cause(self, memory_mb: int) -> KGError:
        last_words = self.stderr.last_words() if self.stderr is not None else ""
        self.process.join(timeout=2)
        return death_cause(last_words, self.process.exitcode, memory_mb)

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
                 remote: RemoteConfig | None = None, fast_lane: int = 0, fast_seconds: float = 0.5):
        """Start `size` normal workers and `fast_lane` more kept for queries not known to be slow (lanes.py), which
        may run there for `fast_seconds` at most. With wait=False they start in the background (a server answers
        its pages at once, and a query waits for the first worker within its deadline)."""
        self.store_link = Path(store_link)
        self.size = size
        self.fast_size = fast_lane
        self.fast_seconds = fast_seconds
        self.memory_mb = memory_mb
        self.remote = remote
        self.network_problem: str | None = None  # why workers share the host network, when they do
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.sparql.workers"])  # workers fork with pyoxigraph and rdflib loaded
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._fast_idle: queue.Queue[_Worker] = queue.Queue()
        self._slow = SlowShapes()
        self._workers: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._warned = False
        lanes = [False] * size + [True] * fast_lane
        if wait:
            for fast in lanes:
                self._lane(fast).put(self._start(fast))
        else:
            for fast in lanes:
                threading.Thread(target=self._respawn, args=(None, fast), name="jjkg-start", daemon=True).start()

    def run(self, job: QueryJob, timeout: float, arrived: float | None = None, fast_only: bool = False,
            point: bool = False) -> Serialized:
        """Answer `job` within `timeout` seconds from `arrived` (time.monotonic() when the request arrived: the
        time it waited for a thread counts too; now if None), or raise WorkersBusy / QueryTimeout / QueryAborted /
        QueryEngineFailed.

        Every ORDER BY runs keyed (kg/sparql/total_order.py, run_job): no crash comes first, and no retry is
        needed. Until issue 30 the keys were paid only after a crash, and a mixed column that did not crash came
        back in pyoxigraph's order, not SPARQL's.

        fast_only: the fast lane or nothing (a request on a reserve slot, api/routers/sparql.py): a query known
        slow, or that has no key, is refused at once (WorkersBusy), and one past the lane's budget is stopped
        there rather than moved to a normal worker.

        point (with fast_only): the query is a bounded point lookup by its form (prescan.point_lookup, a point
        slot): it takes the fast lane whatever its shape's past, since what bounds it is its form, not its last
        run (one run slowed by a loaded machine would otherwise refuse every later `ASK {}`); it is stopped at the
        lane's budget all the same."""
        deadline = (time.monotonic() if arrived is None else arrived) + timeout
        if fast_only:
            return self._run_fast(job, deadline, timeout, point)
        return self._run(job, deadline, timeout)

    def _run_fast(self, job: QueryJob, deadline: float, timeout: float, point: bool = False) -> Serialized:
        shape = prescan.lane_shape(job.query) if self.fast_size else None
        if shape is None or (shape in self._slow and not point):
            raise WorkersBusy("all /sparql slots are taken, and this query may not take the fast lane (it is long "
                              "or ran slowly before); try again shortly")
        worker = self._checkout_fast(deadline, timeout, None if point else shape)
        started = time.monotonic()
        outcome = self._ask(worker, job, min(deadline, started + self.fast_seconds))
        self._slow.note(shape, slow=outcome is None)
        if outcome is None:
            raise WorkersBusy(f"all /sparql slots are taken, and this query ran past the fast lane's "
                              f"{self.fast_seconds:g} s; try again shortly")
        status, payload = outcome
        if status == "error":
            raise payload
        return payload

    def _run(self, job: QueryJob, deadline: float, timeout: float) -> Serialized:
        """A query not known to be slow takes a normal worker if one is free, else the fast lane's; past the fast
        lane's budget it is stopped there and run again on a normal worker, within the same deadline."""
        # A long query may take the fast lane only as a short one joined to tables of constants (prescan.lane_shape)
        shape = prescan.lane_shape(job.query) if self.fast_size else None
        if shape is not None and shape not in self._slow:
            worker = self._checkout_any(deadline, timeout, shape)
        else:
            worker = self._checkout(self._idle, deadline, timeout)
        started = time.monotonic()
        if started >= deadline:  # no time left to run it: the worker goes back unused
            self._lane(worker.fast).put(worker)
            raise self._busy(timeout)
        if worker.fast:
            outcome = self._ask(worker, job, min(deadline, started + self.fast_seconds))
            if outcome is None and time.monotonic() < deadline:  # over the fast lane's budget: a normal worker
                self._slow.note(shape, slow=True)
                worker = self._checkout(self._idle, deadline, timeout)
                started = time.monotonic()
                outcome = self._ask(worker, job, deadline)
        else:
            outcome = self._ask(worker, job, deadline)
        if shape is not None:
            self._slow.note(shape, slow=outcome is None or time.monotonic() - started > self.fast_seconds)
        if outcome is None:
            raise QueryTimeout(f"the query ran past its {timeout:g} s deadline and was stopped")
        status, payload = outcome
        if status == "error":
            raise payload
        return payload

    def _ask(self, worker: _Worker, job: QueryJob, until: float):
        """The worker's outcome, or None if it had none by `until` (the worker is then killed and replaced)."""
        try:
            worker.conn.send(job)
            answered = worker.conn.poll(max(0.0, until - time.monotonic()))
            outcome = _receive(worker.conn, job.max_bytes) if answered else None
        except _TooLarge:
            self._replace(worker)
            raise QueryAborted(f"the answer was over the {job.max_bytes} bytes an answer may take, and was "
                               f"stopped") from None
        except (EOFError, OSError):
            cause = worker.death_cause(self.memory_mb)
            self._replace(worker)
            if isinstance(cause, QueryEngineFailed):
                log.error("query worker %d crashed inside pyoxigraph: %s", worker.pid, cause.message)
            raise cause from None
        except BaseException:
            self._replace(worker)  # in an unknown state: never hand it another query
            raise
        if outcome is None:
            self._replace(worker)
        else:
            self._lane(worker.fast).put(worker)
        return outcome

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

    def _lane(self, fast: bool) -> queue.Queue:
        return self._fast_idle if fast else self._idle

    def _checkout(self, lane: queue.Queue, deadline: float, timeout: float) -> _Worker:
        while True:
            try:
                worker = lane.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise self._busy(timeout) from None
            if worker.process.is_alive():
                return worker
            self._replace(worker)  # it died while idle (its memory cap, or killed from outside)

    def _checkout_any(self, deadline: float, timeout: float, shape: str) -> _Worker:
        """A free normal worker, else the fast lane's; whichever frees first (checked every few ms) if none is.
        Should `shape` become known slow meanwhile (the first of a crowd of runaways overran the lane's budget),
        a normal worker only: until issue 30 every runaway of a crowd that arrived together took its turn on the
        fast lane, each for the lane's whole budget, and `ASK {}` waited behind them."""
        while True:
            if shape in self._slow:
                return self._checkout(self._idle, deadline, timeout)
            for lane in (self._idle, self._fast_idle):
                try:
                    worker = lane.get_nowait()
                except queue.Empty:
                    continue
                if worker.process.is_alive():
                    return worker
                self._replace(worker)
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._busy(timeout)
            try:
                worker = self._fast_idle.get(timeout=min(left, ANY_LANE_POLL_SECONDS))
            except queue.Empty:
                continue
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def _checkout_fast(self, deadline: float, timeout: float, shape: str | None) -> _Worker:
        """The fast lane's worker, while `shape` is not known slow (WorkersBusy at once when it becomes so; None:
        a point lookup, which waits whatever)."""
        while True:
            if shape is not None and shape in self._slow:
                raise WorkersBusy("all /sparql slots are taken, and this query ran slowly before; try again shortly")
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._busy(timeout)
            try:
                worker = self._fast_idle.get(timeout=min(left, ANY_LANE_POLL_SECONDS))
            except queue.Empty:
                continue
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def _busy(self, timeout: float) -> WorkersBusy:
        return WorkersBusy(f"all {self.size + self.fast_size} query workers stayed busy for the whole {timeout:g} s "
                           f"deadline; try again shortly")

    def _start(self, fast: bool = False) -> _Worker:
        ours, theirs = self._context.Pipe(duplex=True)
        err_reader, err_writer = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_worker_main, args=(theirs, str(self.store_link), self.memory_mb,
                                                                   self.remote, err_writer, os.getpid()),
                                        name="jjkg-query-worker", daemon=True)
        process.start()
        theirs.close()
        err_writer.close()
        worker = _Worker(process, ours, _StderrTail(err_reader), fast)
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
        threading.Thread(target=self._respawn, args=(worker, worker.fast), name="jjkg-respawn", daemon=True).start()

    def _respawn(self, dead: _Worker | None, fast: bool = False) -> None:
        if dead is not None:
            dead.process.join(timeout=5)  # reap it
        for attempt in range(5):
            try:
                self._lane(fast).put(self._start(fast))
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
