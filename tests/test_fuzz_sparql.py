"""A slice of the hostile SPARQL corpus (tests/hostile_sparql.py) through HTTP to `jjkg serve`: no 5xx but for
queries that really run past the deadline, every answer within a generous bound of the deadline (a hang is a
failure, slowness is not: see tests/sparql_fuzzing.py), no connection to the
listener that every SERVICE / FROM / LOAD variant names, and the server healthy afterwards. `make fuzz` runs the
full 10,000 (scripts/fuzz_sparql.py)."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from deadlines import generous_bound
from hostile_sparql import Hostile, corpus
from live_server import serve
from sparql_fuzzing import Outcome, judge, run, send, timer

DEADLINE = 3.0
SLICE = 400


@pytest.fixture(scope="module")
def server(published):
    with serve(published.var_dir, query_timeout=DEADLINE) as running:
        yield running


@pytest.mark.slow
def test_a_slice_of_the_hostile_corpus(server, listener, published):
    requests = corpus(SLICE, seed=11, outbound=listener.url + "/sparql")
    report = run(server.url, requests, DEADLINE, timer(published.store_link, DEADLINE))
    assert len(report.outcomes) == SLICE
    assert not report.failures, report.summary()
    assert listener.connections == 0
    categories = report.by_category()
    assert len(categories) == 12 and sum(categories["heavy"].values()) >= 3, report.summary()
    assert report.statuses()[400] > SLICE / 2  # most of it is refused as malformed, as it should be
    with urllib.request.urlopen(server.url + "/sparql?query=" + urllib.parse.quote("ASK {}"), timeout=60) as r:
        assert r.status == 200 and r.read() == b'{"head":{},"boolean":true}'  # healthy afterwards


@pytest.mark.slow
def test_deep_nesting_is_a_quick_400_not_a_timeout_or_a_dead_worker(server):
    """Found by the corpus: 3,000 nested groups held a worker until the deadline (503); 30,000 would crash
    pyoxigraph's parser and the worker with it."""
    query = "SELECT * WHERE " + "{" * 30000 + "?s ?p ?o" + "}" * 30000
    outcome = send(server.url, Hostile("nesting", "POST", "/sparql", query.encode(),
                                       {"Content-Type": "application/sparql-query", "Accept": "application/json"}),
                   timeout=30)
    # A 400 is the guard's answer; a timeout would be a 503, a dead worker a 503 or no answer at all.
    assert outcome.status == 400 and outcome.error == "QueryRefused"
    assert judge(outcome, DEADLINE, lambda q: 0.0) is None


def test_the_judge_fails_a_hang_and_excuses_a_slow_machine():
    """Its bound is generous (tests/deadlines.py): a heavy query's 503 at three deadlines passes, later is a hang."""
    heavy = Hostile("heavy", "GET", "/sparql?query=x", heavy=True, query="x")
    bound = generous_bound(DEADLINE)
    assert bound >= 3 * DEADLINE
    assert judge(Outcome(heavy, 503, bound - 0.1, "QueryTimeout"), DEADLINE, lambda q: 0.0) is None
    assert judge(Outcome(heavy, 503, bound + 0.1, "QueryTimeout"), DEADLINE, lambda q: 0.0).startswith("answered after")
    cheap = Hostile("mutation", "GET", "/sparql?query=y", query="y")
    assert judge(Outcome(cheap, 503, DEADLINE, "QueryTimeout"), DEADLINE, lambda q: 0.01).startswith("503 QueryTimeout")
    assert judge(Outcome(cheap, 503, DEADLINE, "QueryTimeout"), DEADLINE, lambda q: DEADLINE / 2) is None
