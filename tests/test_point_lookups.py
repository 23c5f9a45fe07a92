"""Bounded point lookups (prescan.point_lookup) are answered in the web process itself, without a query worker's
round trip (workers.answer_point_lookup), with the bytes a worker writes; every other query still goes to a worker."""

import json

import pytest

from kg.sparql.query import Dataset, QueryJob, QueryService
from kg.sparql.workers import answer_point_lookup, run_job
from kg.store.embedded import open_read_only

PLACE = "<https://w3id.org/jinjiang-kg/id/place/anhaizhen>"
POINT_LOOKUPS = [
    "ASK {}",
    f"SELECT ?p ?o WHERE {{ {PLACE} ?p ?o }} LIMIT 50",
    f"SELECT * WHERE {{ ?s ?p {PLACE} }}",
    f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ASK {{ {PLACE} rdfs:label ?l }}",
]
NOT_POINT_LOOKUPS = [
    f"SELECT ?p ?o WHERE {{ {PLACE} ?p ?o }} ORDER BY ?p",  # may read every match before the first answer
    "SELECT ?s WHERE { ?s ?p ?o . ?o ?q ?r } LIMIT 1",  # a join
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",  # an aggregate
]


def job(query: str, results: str = "json") -> QueryJob:
    return QueryJob(query, Dataset(), results, "turtle", 100)


@pytest.mark.parametrize("query", POINT_LOOKUPS)
@pytest.mark.parametrize("results", ["json", "xml", "csv", "tsv"])
def test_a_point_lookup_here_writes_what_a_worker_writes(published, query, results):
    store = open_read_only(published.store_link)
    here = answer_point_lookup(store, job(query, results))
    assert here is not None
    assert here.body == run_job(store, job(query, results), engine_parses=True).body


@pytest.mark.parametrize("query", NOT_POINT_LOOKUPS)
def test_any_other_query_is_left_to_a_worker(published, query):
    assert answer_point_lookup(open_read_only(published.store_link), job(query)) is None


def test_the_service_answers_point_lookups_without_starting_a_worker(published):
    service = QueryService.from_settings(published)
    try:
        answer = service.execute(job(f"SELECT ?p ?o WHERE {{ {PLACE} ?p ?o }}"))
        rows = json.loads(answer.body)["results"]["bindings"]
        assert any(row["p"]["value"].endswith("#label") for row in rows)  # the place's own triples
        assert service._pool is None  # no worker was started for it
        service.execute(job(NOT_POINT_LOOKUPS[2]))
        assert service._pool is not None  # a count over the whole store went to a worker
    finally:
        service.close()
