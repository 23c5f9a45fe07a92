"""What /indicators lists is written into the index of pages' lists at build time (an aggregate over every figure,
issue 15): the index holds what the store's aggregate finds, a page reads it from there and not from the store, and
an index written before it held them (the same format otherwise) still gives the same pages, from the aggregate."""

from __future__ import annotations

import sqlite3

import pyoxigraph as ox
from fastapi.testclient import TestClient
from test_list_index import copy_of

from api.app import create_app
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup
from kg.views import indexes, list_index
from kg.views.indicator_counts import read_indicator_counts

PAGES = ("/indicators", "/indicators?lang=en", "/indicators.json")



def test_the_index_holds_the_counts_the_store_gives(directory):
    lookup = Lookup(ox.Store.read_only(str(directory / store_mod.DATABASE)))
    held = list_index.open_index(directory).indicator_counts()
    assert held == read_indicator_counts(lookup)
    assert len(held) > 50 and sum(c.targets + c.results for c in held) > 100  # the seeds' indicators, most with figures
    assert any(c.broader for c in held) and any(not c.years for c in held)  # nested ones, and ones with no figure


def without_counts(index: bytes, tmp_path) -> bytes:
    """The index as the code before the counts wrote it: the same format, no `indicators` table."""
    older = tmp_path / "older.sqlite"
    older.write_bytes(index)
    db = sqlite3.connect(older)
    db.execute("DROP TABLE indicators")
    db.commit()
    db.close()
    return older.read_bytes()


def test_the_page_reads_the_counts_from_the_index_and_an_older_index_from_the_store(published, directory, tmp_path,
                                                                                     monkeypatch):
    asked: list[int] = []
    real = indexes.read_indicator_counts
    monkeypatch.setattr(indexes, "read_indicator_counts", lambda lookup: asked.append(1) or real(lookup))
    index = (directory / list_index.INDEX_FILE).read_bytes()
    answers = {}
    for name, content, expected in (("with", index, 0), ("older", without_counts(index, tmp_path), len(PAGES)),
                                    ("none", None, len(PAGES))):
        client, asked[:] = TestClient(create_app(copy_of(published, tmp_path / name, content))), []
        answers[name] = [client.get(path) for path in PAGES]
        assert [a.status_code for a in answers[name]] == [200] * len(PAGES), name
        assert len(asked) == expected, name
    for name in ("older", "none"):
        assert [a.content for a in answers[name]] == [a.content for a in answers["with"]], name
    older = tmp_path / "older" / "var" / "store"
    assert list_index.open_index(older).indicator_counts() is None  # opened (the same format), holding no counts
