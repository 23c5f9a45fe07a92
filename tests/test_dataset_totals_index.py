"""The dataset's sizes that /dumps, /void and the endpoint's description state (triples, distinct predicates, subjects
and objects, entities, triples per graph, entities per class: counts over every triple, issue 15) are written into
the index of pages' lists at build time: the index holds what the store's queries count, the pages take them from
there and count nothing in the store, and an index without them (written before them, or of another format, or no
index at all) still gives the same pages, counted in the store."""

from __future__ import annotations

import pyoxigraph as ox
from conftest import run_cli
from fastapi.testclient import TestClient
from test_home_places_index import edited
from test_list_index import copy_of

from api.app import create_app
from kg.sparql import description
from kg.sparql.query import QueryService
from kg.store import catalog
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup
from kg.views import list_index

PAGES = (("/void", None), ("/void?format=jsonld", None), ("/dumps", None), ("/dumps?lang=en", None),
         ("/dumps.ttl", None), ("/dumps.jsonld", None), ("/sparql", "text/html"))
COUNTING = (catalog.TOTALS, catalog.GRAPH_TRIPLES, catalog.ENTITIES, catalog.CLASS_ENTITIES)


def test_the_index_holds_the_sizes_the_store_gives(directory, lookup, service):
    held = list_index.open_index(directory).dataset_totals()
    assert held == catalog.read_totals(lookup.select)
    assert held == catalog.read_totals(lambda query: service.run(query)[1])  # as /void counted them
    assert held.triples > 10_000 and held.subjects > 1_000 and held.entities > 1_000
    assert len(held.graphs) > 2 and sum(n for _g, n in held.graphs) >= held.triples
    assert dict(held.classes)["https://w3id.org/jinjiang-kg/ontology#Place"] > 10


def answers_of(published, tmp_path, name, content, monkeypatch) -> tuple[list, list]:
    """Every page of PAGES from a fresh app over a copy of the store with this index; the counting queries run."""
    ran: list[str] = []
    real_select, real_run = Lookup.select, QueryService.run
    monkeypatch.setattr(Lookup, "select", lambda self, query, *a, **k: ran.append(query) or real_select(self, query, *a, **k))
    monkeypatch.setattr(QueryService, "run", lambda self, query, *a, **k: ran.append(query) or real_run(self, query, *a, **k))
    description._cache.clear()  # kept by the publication's name, which every copy here shares
    client = TestClient(create_app(copy_of(published, tmp_path / name, content)))
    answers = [client.get(path, headers={"accept": accept} if accept else {}) for path, accept in PAGES]
    assert [a.status_code for a in answers] == [200] * len(PAGES), name
    monkeypatch.undo()
    return answers, [q for q in ran if q in COUNTING]


def test_the_pages_read_the_index_and_an_index_without_them_the_store(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    variants = {
        "older": edited(index, tmp_path, "older", "DROP TABLE totals"),
        "cut short": edited(index, tmp_path, "short", "DELETE FROM totals WHERE what = 'objects'"),
        "other format": edited(index, tmp_path, "format", "UPDATE meta SET value = '6' WHERE name = 'format'"),
        "none": None,
    }
    with_index, counted = answers_of(published, tmp_path, "with", index, monkeypatch)
    assert counted == []
    assert b"void:triples" in with_index[PAGES.index(("/dumps.ttl", None))].content
    for name, content in variants.items():
        answers, counted = answers_of(published, tmp_path, name, content, monkeypatch)
        # Counted once for /void and the endpoint (through the query service), once for /dumps (in the store).
        assert sorted(counted) == sorted([*COUNTING, *COUNTING[1:]]), name
        assert [a.content for a in answers] == [a.content for a in with_index], name


def test_cli_index_writes_them_into_an_index_without_them(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    settings = copy_of(published, tmp_path, edited(index, tmp_path, "older", "DROP TABLE totals"))
    build = settings.store_link.resolve()
    assert list_index.open_index(build).dataset_totals() is None
    description._cache.clear()
    older = [TestClient(create_app(settings)).get(path, headers={"accept": accept} if accept else {}).content
             for path, accept in PAGES]
    done = run_cli("index", env={"JJKG_VAR_DIR": str(settings.var_dir)})
    assert done.returncode == 0, done.stderr
    written = list_index.open_index(build).dataset_totals()
    assert written == list_index.open_index(directory).dataset_totals()
    assert written == catalog.read_totals(Lookup(ox.Store.read_only(str(build / store_mod.DATABASE))).select)
    after, counted = answers_of(published, tmp_path, "reindexed", (build / list_index.INDEX_FILE).read_bytes(),
                                monkeypatch)
    assert counted == []
    assert [a.content for a in after] == older
