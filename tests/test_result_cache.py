"""Answers of public queries are kept per published store: asked again, a query costs no worker; a new build
or an error is never answered from what was kept."""

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.sparql.dataset import Dataset
from kg.sparql.formats import RESULTS, by_name
from kg.sparql.query import PublicLimits, QueryService
from kg.sparql.result_cache import ResultCache
from kg.sparql.results import Serialized
from kg.sparql.workers import QueryJob
from kg.store.embedded import publish, write


def job(query: str) -> QueryJob:
    return QueryJob(query, Dataset(), "json", "turtle", 100)


class CountingPool:
    """Stands in for the worker pool: answers from the real one, counting the queries that reach it."""

    def __init__(self, real):
        self.real, self.runs = real, 0

    def run(self, job, timeout):
        self.runs += 1
        return self.real.run(job, timeout)


@pytest.fixture
def service(tmp_path):
    link = tmp_path / "store"
    publish(store_with(tmp_path, "first"), link)
    service = QueryService(link, PublicLimits(workers=1, result_cache_mb=1))
    counting = CountingPool(service.workers())
    service.workers = lambda wait=True: counting
    yield service, counting, link
    service.close()


def store_with(tmp_path: Path, value: str) -> Path:
    quad = f'<http://example.org/s> <http://example.org/p> "{value}" <http://example.org/g> .\n'.encode()
    return write(quad, tmp_path, {"built": value}, default_graph=quad.replace(b" <http://example.org/g>", b""))


SELECT = "SELECT ?o WHERE { <http://example.org/s> <http://example.org/p> ?o }"


def test_a_query_asked_again_is_answered_without_a_worker(service):
    svc, pool, _ = service
    first = svc.execute(job(SELECT))
    again = svc.execute(job(SELECT))
    assert pool.runs == 1 and again.body == first.body and b'"first"' in again.body
    assert again.seconds == 0.0, "Server-Timing must not claim query time that was not spent"
    svc.execute(job(SELECT + " LIMIT 1"))
    assert pool.runs == 2, "another text is another query"


def test_a_new_build_is_never_answered_from_the_old_one(service, tmp_path):
    import time

    svc, pool, link = service
    assert b'"first"' in svc.execute(job(SELECT)).body
    time.sleep(1.1)  # store directories are named by the second
    publish(store_with(tmp_path, "second"), link)
    assert b'"second"' in svc.execute(job(SELECT)).body and pool.runs == 2


def test_errors_are_not_kept(service):
    svc, pool, _ = service
    for _ in range(2):
        with pytest.raises(QueryError):
            svc.execute(job("SELECT ?x WHERE {"))
    assert pool.runs == 2


def test_the_cache_holds_no_more_than_its_budget():
    cache = ResultCache(max_bytes=1600)
    fmt = by_name("json", RESULTS)
    answer = lambda n: Serialized("SELECT", fmt, b"x" * n, 1, False)  # noqa: E731
    cache.put("s", ("big",), answer(101))
    assert cache.get("s", ("big",)) is None, "an answer over a sixteenth of the budget is not kept"
    for i in range(20):
        cache.put("s", (i,), answer(80))
    assert cache.bytes <= 1600 and cache.get("s", (0,)) is None and cache.get("s", (19,)) is not None
    assert cache.get("other store", (19,)) is None


def test_long_query_texts_count_against_the_budget():
    cache = ResultCache(max_bytes=16 * 1000)
    fmt = by_name("json", RESULTS)
    for i in range(100):  # tiny answers under 900-character keys: the keys are what fills memory
        cache.put("s", (f"SELECT * WHERE {{ ?s ?p {i} }} #" + "x" * 900,), Serialized("SELECT", fmt, b"{}", 1, False))
    assert cache.bytes <= 16 * 1000 and len(cache) < 20
