"""Answers are bounded in bytes, not only in rows (JJKG_MAX_RESULT_MB): a short query that builds large strings
(whole reports over a cross product) is cut at the last row that fits, with the truncation header, in every
format; the web process never reads a worker's message longer than that. A normal answer is untouched."""

from __future__ import annotations

import csv
import dataclasses
import io
import multiprocessing
import threading

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.sparql import workers

LIMIT_MB = 1
LIMIT = LIMIT_MB * 2**20
LARGE = "SELECT (CONCAT(?t, ?t) AS ?x) ?s WHERE { ?r jjo:fullText ?t . ?s ?p ?o } LIMIT 10000"
LARGE_GRAPH = "CONSTRUCT { ?s rdfs:comment ?t } WHERE { ?r jjo:fullText ?t . ?s ?p ?o } LIMIT 10000"
SMALL = "SELECT ?s WHERE { ?s a jjo:Town } ORDER BY ?s LIMIT 3"


@pytest.fixture(scope="module")
def client(published):
    settings = dataclasses.replace(published, max_result_mb=LIMIT_MB, query_timeout=30)
    with TestClient(create_app(settings)) as client:
        yield client


def get(client, query, accept):
    return client.get("/sparql", params={"query": query}, headers={"accept": accept})


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_a_select_building_large_strings_is_cut_at_a_row_within_the_byte_limit(client, accept):
    r = get(client, LARGE, accept)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["x-jjkg-truncated"] == "true"
    assert r.headers["x-jjkg-byte-limit"] == str(LIMIT)
    assert LIMIT // 2 < len(r.content) <= LIMIT, len(r.content)
    media_type = r.headers["content-type"].split(";")[0]
    if media_type == "text/csv":
        values = [row["x"] for row in csv.DictReader(io.StringIO(r.text))]
    else:
        parsed = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.from_media_type(media_type))
        values = [row["x"].value for row in parsed]
    assert values and all(len(x) > 1000 for x in values), "whole rows, each with its large string"


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/rdf+xml"])
def test_a_construct_building_large_triples_is_cut_within_the_byte_limit(client, accept):
    r = get(client, LARGE_GRAPH, accept)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["x-jjkg-truncated"] == "true"
    assert LIMIT // 2 < len(r.content) <= LIMIT, len(r.content)
    triples = list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(accept)))
    assert triples
    if accept != "application/rdf+xml":
        assert f"the most that fit in {LIMIT} bytes" in r.text.splitlines()[0]


def test_a_normal_answer_is_untouched(client):
    r = get(client, SMALL, "application/sparql-results+json")
    assert r.status_code == 200
    assert r.headers["x-jjkg-truncated"] == "false"
    assert len(r.json()["results"]["bindings"]) == 3
    assert "link" not in r.json()["head"]


def sent(message):
    """The reading end of a pipe a thread writes `message` into (a pipe holds less than a message this large)."""
    ours, theirs = multiprocessing.Pipe()

    def send():
        try:
            theirs.send(message)
        except OSError:
            pass  # the reader gave up on it: what is tested
        theirs.close()

    threading.Thread(target=send, daemon=True).start()
    return ours


def test_the_web_process_never_reads_a_message_longer_than_an_answer_may_be():
    with pytest.raises(workers._TooLarge):
        workers._receive(sent(("ok", b"x" * (LIMIT + 2 * workers.MESSAGE_SLACK_BYTES))), LIMIT)
    assert workers._receive(sent(("ok", b"x" * LIMIT)), LIMIT) == ("ok", b"x" * LIMIT)
