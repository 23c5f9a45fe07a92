"""The home page's counts and the /places tree's rows are written into the index of pages' lists at build time (a
count over every triple, and every place with its count and name, issue 15): the index holds what the store's
queries find, the pages read them from there and not from the store, and an index without them (written before
them, or by another format, or no index at all) still gives the same pages, from the store."""

from __future__ import annotations

import sqlite3

import pyoxigraph as ox
import pytest
from conftest import run_cli
from fastapi.testclient import TestClient
from test_list_index import copy_of

from api.app import create_app
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup, node
from kg.views import indexes, list_index
from kg.views.dataset_counts import read_dataset_counts
from kg.views.labels import read_names
from kg.views.place_tree import read_place_rows

HOME = ("/", "/?lang=en")
PLACES = ("/places", "/places?lang=en", "/places.json")
PAGES = HOME + PLACES


@pytest.fixture(scope="module")
def directory(published):
    return published.store_link.resolve()


@pytest.fixture(scope="module")
def lookup(directory):
    return Lookup(ox.Store.read_only(str(directory / store_mod.DATABASE)))


def test_the_index_holds_the_counts_and_places_the_store_gives(directory, lookup):
    index = list_index.open_index(directory)
    counts = index.dataset_counts()
    assert counts == read_dataset_counts(lookup)
    assert counts.triples > 10_000 and counts.classes["https://w3id.org/jinjiang-kg/ontology#Place"] > 10
    rows = index.place_rows()
    assert rows == read_place_rows(lookup)
    assert any(r.parent is None for r in rows) and any(r.parent for r in rows) and any(r.projects for r in rows)
    places = list(dict.fromkeys(r.place for r in rows))
    assert index.names(places) == {p: read_names(lookup, node(p)) for p in places}


def edited(index: bytes, tmp_path, name: str, *statements: str) -> bytes:
    """A copy of the index with these statements run on it."""
    path = tmp_path / f"{name}.sqlite"
    path.write_bytes(index)
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path.read_bytes()


def answers_of(published, tmp_path, name, content, monkeypatch) -> tuple[list, dict]:
    """Every page of PAGES from a fresh app over a copy of the store with this index; how often each query ran."""
    asked = {"counts": 0, "places": 0}
    real_counts, real_places = indexes.read_dataset_counts, indexes.read_place_rows

    def counting(key, real):
        def run(lookup):
            asked[key] += 1
            return real(lookup)
        return run

    monkeypatch.setattr(indexes, "read_dataset_counts", counting("counts", real_counts))
    monkeypatch.setattr(indexes, "read_place_rows", counting("places", real_places))
    client = TestClient(create_app(copy_of(published, tmp_path / name, content)))
    answers = [client.get(path) for path in PAGES]
    assert [a.status_code for a in answers] == [200] * len(PAGES), name
    monkeypatch.undo()
    return answers, asked


def test_the_pages_read_the_index_and_an_index_without_them_the_store(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    variants = {
        "older": edited(index, tmp_path, "older", "DROP TABLE counts", "DROP TABLE places"),
        "cut short": edited(index, tmp_path, "short", "DELETE FROM counts WHERE what = 'triples'"),
        "other format": edited(index, tmp_path, "format", "UPDATE meta SET value = '6' WHERE name = 'format'"),
        "none": None,
    }
    with_index, asked = answers_of(published, tmp_path, "with", index, monkeypatch)
    assert asked == {"counts": 0, "places": 0}
    assert b"triples" in with_index[0].content and with_index[-1].json()  # a page with counts, a tree of places
    for name, content in variants.items():
        answers, asked = answers_of(published, tmp_path, name, content, monkeypatch)
        # Counted once per store; the tree read for each page (a "cut short" index still holds the places).
        assert asked == {"counts": 1, "places": 0 if name == "cut short" else len(PLACES)}, name
        assert [a.content for a in answers] == [a.content for a in with_index], name


def test_cli_index_writes_the_counts_and_places_into_an_index_without_them(published, directory, tmp_path,
                                                                            monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    settings = copy_of(published, tmp_path, edited(index, tmp_path, "older", "DROP TABLE counts", "DROP TABLE places"))
    build = settings.store_link.resolve()
    before = TestClient(create_app(settings))
    older = [before.get(path).content for path in PAGES]
    assert list_index.open_index(build).dataset_counts() is None and list_index.open_index(build).place_rows() is None
    done = run_cli("index", env={"JJKG_VAR_DIR": str(settings.var_dir)})
    assert done.returncode == 0, done.stderr
    written = list_index.open_index(build)
    assert written.dataset_counts() == list_index.open_index(directory).dataset_counts()
    assert written.place_rows() == list_index.open_index(directory).place_rows()
    # A fresh app (a server is restarted to read a new index) over the index `jjkg index` wrote: read from it alone.
    after, asked = answers_of(published, tmp_path, "reindexed", (build / list_index.INDEX_FILE).read_bytes(), monkeypatch)
    assert asked == {"counts": 0, "places": 0}
    assert [a.content for a in after] == older
