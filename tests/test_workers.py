"""The query worker pool: deadlines that really stop work, a memory cap, no network, errors carried back intact,
and a new build picked up. Run over the store built from the real reports (a three-way cross product of its
15,000 triples would run for days)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from deadlines import stopped_in_time, wait_until
from live_server import cpu_seconds

from kg.errors import NoAcceptableFormat, QueryAborted, QueryError, QueryRefused, QueryTimeout, WorkersBusy
from kg.sparql.dataset import Dataset
from kg.sparql.workers import STARTUP_SECONDS, QueryJob, WorkerPool
from kg.store.embedded import publish, write

DEADLINE = 1.0  # the deadline the tests give a query that must be stopped
LONG_DEADLINE = 120.0  # a slow query's deadline where the test ends it itself: far past any bound checked meanwhile
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a"  # sorts 2.3e8 rows: memory grows fast


def job(query: str, results: str | None = "json", graph: str | None = "turtle", max_rows: int = 100,
        dataset: Dataset = Dataset()) -> QueryJob:
    return QueryJob(query, dataset, results, graph, max_rows, "http://localhost/sparql",
                    "http://localhost/sparql#truncated")


def wait_for_workers(pool: WorkerPool, count: int) -> list[int]:
    # A fresh worker has STARTUP_SECONDS to say it is ready, and a failed start is retried: wait for two of those.
    wait_until(lambda: len(pool.pids()) >= count, 2 * STARTUP_SECONDS, "worker was not replaced")
    return pool.pids()


def busy_worker(pool: WorkerPool) -> int:
    """The worker computing a query (its CPU time grows), once one is: proof the slow query is really running."""
    start = {pid: cpu_seconds([pid]) for pid in pool.pids()}
    busy: list[int] = []

    def one_is_busy() -> bool:
        busy[:] = [pid for pid in pool.pids() if cpu_seconds([pid]) - start.get(pid, 0.0) > 0.2]
        return bool(busy)

    wait_until(one_is_busy, 2 * STARTUP_SECONDS, "no worker started on the slow query")
    return busy[0]


def in_background(run) -> tuple[threading.Thread, list]:
    """Start `run()` in a thread; the list gets what it returned or raised."""
    outcome: list = []

    def target():
        try:
            outcome.append(run())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


@pytest.fixture(scope="module")
def pool(published):
    pool = WorkerPool(published.store_link, size=2, memory_mb=2048)
    yield pool
    pool.close()


def test_answers_in_the_asked_format(pool):
    assert pool.run(job("ASK {}"), timeout=10).body == b'{"head":{},"boolean":true}'
    out = pool.run(job('SELECT ?p WHERE { ?p rdfs:label "安海镇"@zh }', results="csv"), timeout=10)
    assert out.body.decode().split() == ["p", "https://w3id.org/jinjiang-kg/id/place/anhaizhen"]
    assert out.format.media_type == "text/csv" and out.seconds > 0


@pytest.mark.slow
def test_a_query_past_its_deadline_is_killed_and_its_cpu_freed(pool):
    before = wait_for_workers(pool, 2)
    with stopped_in_time(DEADLINE, not_before=True):  # SLOW would run for days: an answer at all means it was stopped
        with pytest.raises(QueryTimeout, match="ran past its 1 s deadline and was stopped"):
            pool.run(job(SLOW), timeout=DEADLINE)
    after = wait_for_workers(pool, 2)
    killed = set(before) - set(after)
    assert len(killed) == 1, "exactly the worker that ran the query is replaced"
    assert not Path(f"/proc/{killed.pop()}").exists(), "the killed worker is gone (and reaped)"
    spent = cpu_seconds(after)
    time.sleep(0.5)
    assert cpu_seconds(after) - spent < 0.1, "no worker is still busy after the timeout"
    assert pool.run(job("ASK {}"), timeout=10).body.endswith(b"true}"), "the next query is answered"


@pytest.mark.slow
def test_a_slow_query_does_not_hold_up_a_simple_one(pool):
    wait_for_workers(pool, 2)
    slow, outcome = in_background(lambda: pool.run(job(SLOW), timeout=LONG_DEADLINE))
    running = busy_worker(pool)
    assert pool.run(job("ASK { place:anhaizhen jjo:within+ place:jinjiangshi }"), timeout=LONG_DEADLINE).body.endswith(
        b"true}")
    assert slow.is_alive() and outcome == [], "answered while the slow query was still running, not after it"
    os.kill(running, signal.SIGKILL)  # end the slow query now rather than at its long deadline
    slow.join()
    assert isinstance(outcome[0], QueryAborted) and "died" in outcome[0].message, outcome
    wait_for_workers(pool, 2)


@pytest.mark.slow
def test_when_every_worker_is_busy_a_query_waits_no_longer_than_its_deadline(published):
    pool = WorkerPool(published.store_link, size=1, memory_mb=2048)
    try:
        slow, outcome = in_background(lambda: pool.run(job(SLOW), timeout=LONG_DEADLINE))
        running = busy_worker(pool)
        with stopped_in_time(DEADLINE, not_before=True):  # the only worker stays busy for LONG_DEADLINE
            with pytest.raises(WorkersBusy, match="all 1 query workers stayed busy for the whole 1 s deadline"):
                pool.run(job("ASK {}"), timeout=DEADLINE)
        assert slow.is_alive(), "the query gave up while the only worker was still busy, as it should"
        os.kill(running, signal.SIGKILL)
        slow.join()
        assert isinstance(outcome[0], QueryAborted), outcome
        assert pool.run(job("ASK {}"), timeout=2 * STARTUP_SECONDS).body.endswith(b"true}"), "the pool recovers"
    finally:
        pool.close()


@pytest.mark.slow
def test_a_query_over_the_memory_cap_is_stopped(published):
    pool = WorkerPool(published.store_link, size=1, memory_mb=1100)
    try:
        # Stopped by the cap, not the deadline: a deadline would raise QueryTimeout, not QueryAborted.
        with pytest.raises(QueryAborted, match="1100 MB"):
            pool.run(job(HUNGRY), timeout=30)
        assert pool.run(job("ASK {}"), timeout=10).body.endswith(b"true}"), "a fresh worker took its place"
    finally:
        pool.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root here")
def test_workers_run_without_a_network(pool):
    pool.run(job("ASK {}"), timeout=10)
    assert pool.network_problem is None


def test_errors_come_back_as_raised(pool):
    with pytest.raises(QueryError) as caught:
        pool.run(job("SELECT ?x WHERE {\n ?x ?y"), timeout=10)
    assert caught.value.position and caught.value.position[0] == 2
    with pytest.raises(QueryRefused, match="SERVICE"):
        pool.run(job("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), timeout=10)
    with pytest.raises(NoAcceptableFormat, match="text/turtle"):
        pool.run(job("CONSTRUCT WHERE { ?s ?p ?o }", graph=None), timeout=10)


def test_queries_too_deep_for_the_server_thread_parse_in_a_worker(pool, service):
    """rdflib's parser recurses per triple pattern; workers give it room that request threads do not have."""
    query = "SELECT * WHERE { " + " ".join(f"?s{i} <http://example.org/p> ?o{i} ." for i in range(120)) + " }"
    with pytest.raises(QueryError, match="nested too deeply"):
        service.run(query)
    assert pool.run(job(query), timeout=10).rows == 0


def test_a_newly_published_build_is_used(tmp_path):
    def build(value: str) -> Path:
        quad = f'<http://example.org/s> <http://example.org/p> "{value}" <http://example.org/g> .\n'.encode()
        return write(quad, tmp_path, {"built": value}, default_graph=quad.replace(b" <http://example.org/g>", b""))

    link = tmp_path / "store"
    publish(build("first"), link)
    pool = WorkerPool(link, size=1, memory_mb=2048)
    try:
        ask = 'ASK { <http://example.org/s> <http://example.org/p> "%s" }'
        assert pool.run(job(ask % "first"), timeout=10).body.endswith(b"true}")
        time.sleep(1.1)  # store directories are named by the second
        publish(build("second"), link)
        assert pool.run(job(ask % "second"), timeout=10).body.endswith(b"true}")
    finally:
        pool.close()
