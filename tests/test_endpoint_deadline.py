"""Deadlines through the running server (`jjkg serve` with a 1.5 s deadline): a runaway query gets a 503 at its
deadline, its worker is replaced and nothing goes on computing; other clients are not held up behind it. No
figure of speed is asserted: a bound is only a proof that work was stopped (tests/deadlines.py)."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import store_env
from deadlines import stopped_in_time, wait_until
from live_server import cpu_seconds, serve

DEADLINE = 1.5
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SIMPLE = 'SELECT ?p WHERE { ?p rdfs:label "安海镇"@zh }'


@pytest.fixture(scope="module")
def server(served):
    # The fast lane off: these tests are about the deadline and the two normal workers (the lane: test_fairness.py)
    with serve(served.var_dir, query_timeout=DEADLINE, query_workers=2, fast_lane_workers=0,
               **store_env(served)) as running:
        yield running


def ask(server, query: str) -> tuple[int, dict | None]:
    """(status, JSON body)."""
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def query_workers(server) -> set[int]:
    """The server's two query workers, once both are up."""
    wait_until(lambda: len(server.query_workers()) == 2, 60,
               lambda: f"the server has query workers {server.query_workers()}, not two")
    return server.query_workers()


def in_background(server, query: str) -> tuple[threading.Thread, threading.Event]:
    """Ask `query` in a thread; the event is set once it is answered."""
    answered = threading.Event()

    def target():
        ask(server, query)
        answered.set()

    thread = threading.Thread(target=target)
    thread.start()
    return thread, answered


@pytest.mark.slow
def test_a_runaway_query_is_answered_503_at_its_deadline_and_stops(server):
    before = query_workers(server)
    with stopped_in_time(DEADLINE, not_before=True):  # RUNAWAY would run for days: any answer means it was stopped
        status, body = ask(server, RUNAWAY)
    assert status == 503 and body["error"] == "QueryTimeout", body
    assert body["message"] == "the query ran past its 1.5 s deadline and was stopped", body
    after = query_workers(server)
    assert len(before - after) == 1 and len(after - before) == 1, "the worker that ran it was replaced"
    processes = [server.pid, *server.descendants()]
    spent = cpu_seconds(processes)
    time.sleep(1.0)
    assert cpu_seconds(processes) - spent < 0.1, "something is still computing after the 503"
    assert ask(server, SIMPLE)[0] == 200, "the next query is answered"


@pytest.mark.slow
def test_a_runaway_query_does_not_hold_up_a_simple_one(server):
    query_workers(server)
    runaway, runaway_answered = in_background(server, RUNAWAY)
    time.sleep(0.3)  # let it reach a worker (if it has not, the simple query is still not held up by it)
    status, body = ask(server, SIMPLE)
    answered_first = not runaway_answered.is_set()
    runaway.join()
    assert status == 200 and body["results"]["bindings"]
    assert answered_first, "the simple query was answered only after the runaway's 503"


@pytest.mark.slow
def test_with_every_worker_taken_a_client_waits_no_longer_than_the_deadline(server):
    query_workers(server)
    runaways = [in_background(server, RUNAWAY)[0] for _ in range(2)]
    time.sleep(0.3)
    with stopped_in_time(DEADLINE):  # both workers run for days unless stopped: waiting had to end at the deadline
        status, body = ask(server, SIMPLE)
    for t in runaways:
        t.join()
    # answered on a worker freed by a killed runaway; or told plainly that all were busy, or (a freed worker came
    # too late in its deadline, as on a busy machine) that its deadline passed
    assert status == 200 or (status == 503 and body["error"] == "WorkersBusy" and "busy" in body["message"]) or \
        (status == 503 and body["error"] == "QueryTimeout" and "1.5 s deadline" in body["message"]), (status, body)
    assert ask(server, SIMPLE)[0] == 200, "the pool is whole again"


@pytest.mark.slow
def test_a_long_query_fits_in_a_get_request(server):
    """uvicorn's default limit on a request's head (16 KB) would refuse this; the server allows a query as long
    as JJKG_MAX_QUERY_LENGTH, percent-encoded."""
    padding = "# " + "安海" * 10_000 + "\n"  # 60 KB once percent-encoded
    status, body = ask(server, padding + "ASK { ?s ?p ?o }")
    assert status == 200 and body["boolean"] is True


@pytest.mark.slow
def test_with_every_sparql_slot_taken_a_request_gets_503_at_once_and_waits_count_from_arrival(published):
    """Three slots, two workers: two runaways hold the workers, a third waits for one (and is stopped within its
    deadline too); a fourth request finds every slot taken and is told so at once, before any runaway is
    answered. One client sends them all: its share is every slot here (the share: test_fairness.py)."""
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=2, fast_lane_workers=0,
               sparql_threads=3, sparql_per_client=3) as crowded:
        query_workers(crowded)
        held = [in_background(crowded, RUNAWAY) for _ in range(3)]
        time.sleep(0.5)  # let them take their slots
        url = crowded.url + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
        request = urllib.request.Request(url, headers={"accept": "application/sparql-results+json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        answered_first = not any(answered.is_set() for _, answered in held)
        body = json.loads(refused.value.read())
        with stopped_in_time(DEADLINE):  # the one that waited for a worker was stopped too
            for thread, _ in held:
                thread.join()
        assert refused.value.code == 503 and body["error"] == "WorkersBusy", body
        assert refused.value.headers["Retry-After"] == "2"
        assert "slots" in body["message"], body
        assert answered_first, "the 503 came only after a runaway's answer: it waited"
        assert ask(crowded, SIMPLE)[0] == 200, "the slots are free again"
