"""The lists' index written with a helper process sharing the reads (kg/views/shared_work.py) is the very file
written by one process: the same bytes, whatever the chunks; a failure in either process leaves no index behind."""

from __future__ import annotations

import multiprocessing
from concurrent.futures.process import BrokenProcessPool

import pyoxigraph as ox
import pytest

from kg.store import embedded as store_mod
from kg.store.lookup import Lookup
from kg.views import list_index, list_index_writer, page_lists, shared_work


@pytest.fixture(scope="module")
def database(published):
    return published.store_link.resolve() / store_mod.DATABASE


@pytest.fixture(scope="module")
def lookup(database):
    return Lookup(ox.Store.read_only(str(database)))


@pytest.fixture(scope="module")
def alone(lookup, tmp_path_factory) -> bytes:
    target = tmp_path_factory.mktemp("alone")
    return list_index_writer.write_index(lookup, target).read_bytes()


@pytest.mark.parametrize("chunks", [{"entities": 1, "passages": 1, "names": 1, "fields": 1},
                                    {"entities": 7, "passages": 13, "names": 5, "fields": 3}])
def test_with_a_helper_the_index_is_the_same_bytes(lookup, database, alone, tmp_path, monkeypatch, chunks):
    monkeypatch.setattr(list_index_writer, "SHARED_FROM", 0)
    monkeypatch.setattr(list_index_writer, "CHUNKS", chunks)
    started = []
    real = shared_work.Helper
    monkeypatch.setattr(shared_work, "Helper", lambda db: started.append(db) or real(db))
    before = set(multiprocessing.active_children())  # other tests' query workers may be running in this process
    written = list_index_writer.write_index(lookup, tmp_path, database=database)
    assert started == [database]
    assert written.read_bytes() == alone
    assert set(multiprocessing.active_children()) <= before  # the helper is gone


def test_a_small_store_is_written_alone(lookup, database, tmp_path, monkeypatch):
    entities = sum(len(page_lists.entities(lookup, kind)) for kind in page_lists.SCANS)
    assert entities < list_index_writer.SHARED_FROM  # the real reports: no helper worth starting
    monkeypatch.setattr(shared_work, "Helper", lambda db: pytest.fail("no helper for a small store"))
    list_index_writer.write_index(lookup, tmp_path, database=database)


def test_a_failure_beside_the_helper_leaves_no_index(lookup, database, tmp_path, monkeypatch):
    monkeypatch.setattr(list_index_writer, "SHARED_FROM", 0)
    monkeypatch.setattr(list_index_writer, "CHUNKS", {"entities": 1, "passages": 1, "names": 1, "fields": 1})

    def broken(lookup, iri):
        raise RuntimeError("disk gone")

    monkeypatch.setitem(page_lists.SCANS, page_lists.INDICATOR, broken)  # in this process only
    before = set(multiprocessing.active_children())
    with pytest.raises(RuntimeError, match="disk gone"):
        list_index_writer.write_index(lookup, tmp_path, database=database)
    assert not (tmp_path / list_index.INDEX_FILE).exists() and not list(tmp_path.glob("*.partial"))
    assert set(multiprocessing.active_children()) <= before


def test_a_helper_that_cannot_read_fails_the_write(lookup, tmp_path, monkeypatch):
    monkeypatch.setattr(list_index_writer, "SHARED_FROM", 0)
    monkeypatch.setattr(list_index_writer, "CHUNKS", {"entities": 1, "passages": 1, "names": 1, "fields": 1})
    with pytest.raises(BrokenProcessPool):  # the helper's start failed: said, not hidden
        list_index_writer.write_index(lookup, tmp_path, database=tmp_path / "no-store-here")
    assert not (tmp_path / list_index.INDEX_FILE).exists() and not list(tmp_path.glob("*.partial"))
