"""Fairness under runaway queries, through the running server: while runaway queries hold every normal query
worker, `ASK {}`, a point lookup and a page are still answered (the fast lane, kg/sparql/lanes.py; pages use
threads of their own, api/routers/sparql.py), long before the runaways' deadline.

The deadline is set far above anything these answers need (30 s), and the only bound asserted is a third of it:
without the fast lane each of them would wait for the whole deadline, so the bound tells the two apart with a
wide margin on a loaded machine, and is no measurement of speed (bench/fairness.py measures that).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from live_server import serve

DEADLINE = 30.0
BOUND = DEADLINE / 3  # see the module's docstring
STOP_GRACE = 2.0  # the runaways are still running when a test ends: no need to wait for them to stop the server
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
OTHER_RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
POINT_LOOKUP = "SELECT ?p ?o WHERE { place:anhaizhen ?p ?o } LIMIT 200"


def ask(url: str, query: str, client: str | None = None) -> tuple[int, float, dict]:
    """(status, seconds taken, JSON body). `client`: the address a proxy on 127.0.0.1 forwards (uvicorn trusts
    X-Forwarded-For from there unless FORWARDED_ALLOW_IPS says otherwise), to stand for another client."""
    headers = {"accept": "application/sparql-results+json"}
    if client is not None:
        headers["X-Forwarded-For"] = client
    request = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=DEADLINE * 2) as r:
            return r.status, time.monotonic() - started, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, time.monotonic() - started, json.loads(exc.read())


def start_runaway(url: str, query: str, client: str | None = None, answers: list | None = None) -> threading.Thread:
    """Send `query` from a thread of its own; the server may be stopped under it (the test's end). Its status
    goes to `answers`, when given."""
    def send():
        try:
            status = ask(url, query, client)[0]
        except OSError:
            return
        if answers is not None:
            answers.append(status)
    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def page(url: str, path: str) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url + path, timeout=DEADLINE * 2) as r:
        r.read()
        return r.status, time.monotonic() - started


@pytest.fixture
def two_workers(published):
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=2, fast_lane_workers=1, stop_grace=STOP_GRACE,
               access_log="off") as running:
        yield running


@pytest.fixture
def one_worker(published):
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=1, fast_lane_workers=1, stop_grace=STOP_GRACE,
               fast_lane_seconds=0.3, access_log="off") as running:
        yield running


@pytest.mark.slow
def test_ask_a_point_lookup_and_a_page_are_answered_while_two_runaways_hold_both_workers(two_workers):
    url = two_workers.url
    assert ask(url, "ASK {}")[0] == 200  # every worker has started
    runaways = [start_runaway(url, RUNAWAY) for _ in range(2)]
    time.sleep(1.0)  # both runaways have reached their workers (each takes a free normal one first)

    status, seconds, body = ask(url, "ASK {}")
    assert status == 200 and body["boolean"] is True
    assert seconds < BOUND, seconds

    status, seconds, body = ask(url, POINT_LOOKUP)
    assert status == 200 and body["results"]["bindings"], body
    assert seconds < BOUND, seconds

    status, seconds = page(url, "/page/place/anhaizhen")
    assert status == 200 and seconds < BOUND, seconds

    assert all(t.is_alive() for t in runaways), "the runaways were still running: they held the normal workers"


def long_values_lookup(url: str) -> str:
    """A point lookup of 80 or more entities by VALUES, over the fast lane's 4,096 characters (issue 30: one
    waited 9.6 s behind runaways)."""
    status, _, body = ask(url, "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } LIMIT 400")
    assert status == 200
    iris = [row["s"]["value"] for row in body["results"]["bindings"]]
    rows = ""
    for i, iri in enumerate(iris):
        rows += f" <{iri}>"
        if i >= 79 and len(rows) > 4200:
            break
    query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{{rows} }} ?s ?p ?o }} LIMIT 10000"
    assert len(query) > 4096, len(query)
    return query


@pytest.mark.slow
def test_a_long_point_lookup_by_values_is_answered_while_two_runaways_hold_both_workers(two_workers):
    url = two_workers.url
    lookup = long_values_lookup(url)  # also: every worker has started
    runaways = [start_runaway(url, RUNAWAY) for _ in range(2)]
    time.sleep(1.0)
    status, seconds, body = ask(url, lookup)
    assert status == 200 and len(body["results"]["bindings"]) >= 80, status
    assert seconds < BOUND, seconds
    assert all(t.is_alive() for t in runaways), "the runaways were still running: they held the normal workers"


@pytest.mark.slow
def test_a_runaway_that_took_the_fast_lane_is_moved_off_it_and_the_lane_serves_again(one_worker):
    url = one_worker.url
    assert ask(url, "ASK {}")[0] == 200
    first = start_runaway(url, RUNAWAY)  # takes the one normal worker
    time.sleep(1.0)
    second = start_runaway(url, OTHER_RUNAWAY)  # a new shape: the fast lane, until its 0.3 s there are up
    time.sleep(2.0)  # it has been stopped there, and waits for the normal worker; the fast lane's worker restarts

    status, seconds, body = ask(url, POINT_LOOKUP)
    assert status == 200 and body["results"]["bindings"], body
    assert seconds < BOUND, seconds
    assert first.is_alive() and second.is_alive(), "both runaways were still waiting or running"


@pytest.mark.slow
def test_pages_are_answered_while_many_clients_wait_for_a_query_worker(two_workers):
    """More clients wait on the SPARQL endpoint than the default thread pool has threads (40): pages use that
    pool, SPARQL has its own, so pages still come."""
    url = two_workers.url
    assert ask(url, "ASK {}")[0] == 200
    waiting = [start_runaway(url, RUNAWAY, f"198.51.100.{i}") for i in range(45)]  # 45 clients, one query each
    time.sleep(2.0)  # every one of them has reached the server and waits there
    status, seconds = page(url, "/page/place/anhaizhen")
    assert status == 200 and seconds < BOUND, seconds
    status, seconds = page(url, "/id/place/anhaizhen.jsonld")
    assert status == 200 and seconds < BOUND, seconds
    assert sum(t.is_alive() for t in waiting) >= 40, "the queries were still waiting"


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


@pytest.mark.slow
def test_a_killed_server_leaves_no_runaway_query_running(published):
    """A server killed outright cannot stop its workers at the deadline; each worker stops itself once its server
    is gone (it looks every second: 20 s is a wide margin, not a measurement)."""
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=1, access_log="off") as server:
        assert ask(server.url, "ASK {}")[0] == 200
        start_runaway(server.url, RUNAWAY)
        time.sleep(1.0)
        workers = [pid for pid in server.descendants() if parent(pid) != server.pid]  # not the forkserver itself
        assert workers
        os.kill(server.pid, signal.SIGKILL)
        give_up = time.monotonic() + 20
        while any(running(pid) for pid in workers) and time.monotonic() < give_up:
            time.sleep(0.2)
        assert not [pid for pid in workers if running(pid)], "query workers outlived their server"


@pytest.fixture
def shared(published):
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=1, fast_lane_workers=1, stop_grace=STOP_GRACE,
               sparql_threads=6, sparql_per_client=2, access_log="off") as running:
        yield running


@pytest.mark.slow
def test_one_client_holds_at_most_its_share_of_the_slots_and_another_is_still_served(shared):
    """A greedy client (one forwarded address) sends five runaways at once: two take its share of the six slots,
    three are refused at once (503, Retry-After), before any runaway is answered; another client is still
    served. The greedy client's first ASK {} gave its slot back when answered, or only one runaway would have
    been let in: the share counts what is in flight, it is no ban."""
    url = shared.url
    assert ask(url, "ASK {}", "203.0.113.1")[0] == 200
    answers: list[int] = []
    greedy = [start_runaway(url, RUNAWAY, "203.0.113.1", answers) for _ in range(5)]
    wait_for = time.monotonic() + BOUND
    while len(answers) < 3 and time.monotonic() < wait_for:
        time.sleep(0.05)
    assert sorted(answers) == [503, 503, 503], answers  # the three over its share, at once; the two still run

    status, seconds, body = ask(url, "ASK {}", "203.0.113.1")
    assert status == 503 and body["error"] == "ClientBusy" and "one client" in body["message"], body
    request = urllib.request.Request(url + "/sparql?query=ASK%20%7B%7D",
                                     headers={"accept": "application/sparql-results+json",
                                              "X-Forwarded-For": "203.0.113.1"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=DEADLINE * 2)
    assert refused.value.code == 503 and refused.value.headers["Retry-After"] == "2"

    status, seconds, body = ask(url, "ASK {}", "198.51.100.7")  # another client: its own share, the fast lane
    assert status == 200 and body["boolean"] is True
    assert seconds < BOUND, seconds
    assert sum(t.is_alive() for t in greedy) == 2, "the greedy client's two runaways were still running"


@pytest.fixture
def crowded(published):
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=1, fast_lane_workers=1, stop_grace=STOP_GRACE,
               fast_lane_seconds=0.3, sparql_threads=3, sparql_point_slots=0, access_log="off") as running:
        yield running


@pytest.mark.slow
def test_with_every_slot_held_by_runaways_of_many_clients_ask_still_takes_the_fast_lane(crowded):
    """Three clients' runaways hold all three slots (one runs, two wait for the normal worker: their shape
    overran the fast lane's budget once and is known slow). Another client's `ASK {}` takes a reserve slot and the
    fast lane (no point slots here: the reserve's own test); a fourth client's runaway, known slow, is refused at
    once there."""
    url = crowded.url
    assert ask(url, "ASK {}", "198.51.100.9")[0] == 200
    runaways = [start_runaway(url, RUNAWAY, f"203.0.113.{i}") for i in (1, 2, 3)]
    time.sleep(2.0)  # one took the fast lane, overran its 0.3 s and moved off it; the lane's worker restarts

    status, seconds, body = ask(url, "ASK {}", "198.51.100.9")
    assert status == 200 and body["boolean"] is True, body
    assert seconds < BOUND, seconds

    status, seconds, body = ask(url, RUNAWAY, "203.0.113.4")
    assert status == 503 and body["error"] == "WorkersBusy" and "slots" in body["message"], body
    assert seconds < BOUND, seconds
    assert all(t.is_alive() for t in runaways), "the three runaways were still holding their slots"


def cross_product(patterns: int) -> str:
    """A runaway of its own shape for each number of patterns: each is new to the fast lane."""
    body = " . ".join(f"?a{i} ?b{i} ?c{i}" for i in range(patterns))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {body} }}"


@pytest.fixture(params=[4, 0], ids=["point-slots", "no-point-slots"])
def packed(published, request):
    with serve(published.var_dir, query_timeout=DEADLINE, query_workers=1, fast_lane_workers=1, stop_grace=STOP_GRACE,
               fast_lane_seconds=1.0, sparql_threads=3, sparql_point_slots=request.param,
               access_log="off") as running:
        yield running, request.param


@pytest.mark.slow
def test_with_every_slot_and_every_reserve_slot_held_by_runaways_a_point_lookup_is_still_answered(packed):
    """Issue 30: a crowd that arrives at once takes the reserve slots too while its shapes are not yet known slow
    (each waits there for the fast lane), and `ASK {}` found nothing free. Here three clients' runaways hold the
    three slots and four more clients' runaways, each of a shape new to the lane, the four reserve slots (they
    take the lane in turn, a second each, then are refused). A query that is no point lookup is refused at once
    then, however short; one disguised as one (a point lookup with a cross product after it) too. `ASK {}` and a
    point lookup take the point slots (JJKG_SPARQL_POINT_SLOTS) and the lane in their turn; without point slots
    they are refused like the rest."""
    running, point_slots = packed
    url = running.url
    assert ask(url, "ASK {}", "198.51.100.9")[0] == 200
    holders = [start_runaway(url, RUNAWAY, f"203.0.113.{i}") for i in (1, 2, 3)]
    time.sleep(0.5)  # one runs on the normal worker, one on the fast lane (its second), one waits
    refused: list[int] = []
    reserve = [start_runaway(url, cross_product(n), f"203.0.114.{n}", refused) for n in (4, 5, 6, 7)]
    time.sleep(0.3)  # the four wait on the reserve slots for the fast lane: none has had its turn yet

    status, seconds, body = ask(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "198.51.100.10")
    assert status == 503 and body["error"] == "WorkersBusy" and "slots" in body["message"], body  # all held
    assert seconds < BOUND, seconds
    disguised = "SELECT * WHERE { place:anhaizhen ?p ?o . ?a ?b ?c . ?d ?e ?f }"
    status, seconds, body = ask(url, disguised, "198.51.100.11")
    assert status == 503 and body["error"] == "WorkersBusy", body
    assert seconds < BOUND, seconds

    status, seconds, body = ask(url, "ASK {}", "198.51.100.12")
    if not point_slots:
        assert status == 503 and body["error"] == "WorkersBusy" and "slots" in body["message"], body
        assert seconds < BOUND, seconds
        return
    assert status == 200 and body["boolean"] is True, body
    assert seconds < BOUND, seconds
    status, seconds, body = ask(url, POINT_LOOKUP, "198.51.100.13")
    assert status == 200 and body["results"]["bindings"], body
    assert seconds < BOUND, seconds
    assert all(t.is_alive() for t in holders), "the three runaways were still holding their slots"
    for t in reserve:  # each had its turn on the lane, a second, and was refused: they were on reserve slots
        t.join(BOUND)
    assert refused == [503] * 4, refused
