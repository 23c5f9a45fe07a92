"""The /industries tree's rows are written into the index of pages' lists at build time (every project's industry
counted: issue 15): the index holds what the store's queries find, the pages read them from there and not from the
store, and an index without them (written before them, or of another format, or no index at all) still gives the
same pages, from the store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import run_cli
from fastapi.testclient import TestClient
from test_home_places_index import edited
from test_list_index import copy_of

from api.app import create_app
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup, node
from kg.views import indexes, list_index
from kg.views.industry_tree import read_industry_rows
from kg.views.labels import read_names

INDUSTRIES = ("/industries", "/industries?lang=en", "/industries.json")
PAGES = INDUSTRIES
# What each table spares: the function that reads it from the store otherwise.
READERS = {"industries": "read_industry_rows"}
NONE_ASKED = dict.fromkeys(READERS, 0)
DROPPED = tuple(f"DROP TABLE {t}" for t in READERS)  # the index as written before them


def test_the_index_holds_the_industries_the_store_gives(directory, lookup):
    index = list_index.open_index(directory)
    industries = index.industry_rows()
    assert industries == read_industry_rows(lookup)
    assert any(r.parent for r in industries) and any(r.parent is None for r in industries)
    assert any(r.projects for r in industries)
    ids = [r.industry for r in industries]
    assert index.names(ids) == {i: read_names(lookup, node(i)) for i in ids}


def answers_of(published, tmp_path, name, content, monkeypatch, pages=PAGES) -> tuple[list, dict]:
    """Every page of `pages` from a fresh app over a copy of the store with this index; how often each query ran."""
    asked = dict(NONE_ASKED)

    def counting(key, real):
        def run(*args):
            asked[key] += 1
            return real(*args)
        return run

    for key, reader in READERS.items():
        monkeypatch.setattr(indexes, reader, counting(key, getattr(indexes, reader)))
    client = TestClient(create_app(copy_of(published, tmp_path / name, content)))
    answers = [client.get(path) for path in pages]
    assert [a.status_code for a in answers] == [200] * len(pages), name
    monkeypatch.undo()
    return answers, asked


def test_the_pages_read_the_index_and_an_index_without_them_the_store(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    variants = {
        "older": edited(index, tmp_path, "older", *DROPPED),
        "other format": edited(index, tmp_path, "format", "UPDATE meta SET value = '6' WHERE name = 'format'"),
        "none": None,
    }
    with_index, asked = answers_of(published, tmp_path, "with", index, monkeypatch)
    assert asked == NONE_ASKED
    assert with_index[PAGES.index("/industries.json")].json()
    for name, content in variants.items():
        answers, asked = answers_of(published, tmp_path, name, content, monkeypatch)
        assert asked == {"industries": len(INDUSTRIES)}, name
        assert [a.content for a in answers] == [a.content for a in with_index], name


def test_cli_index_writes_them_into_an_index_without_them(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    settings = copy_of(published, tmp_path, edited(index, tmp_path, "older", *DROPPED))
    build = settings.store_link.resolve()
    before = TestClient(create_app(settings))
    older = [before.get(path).content for path in PAGES]
    older_index = list_index.open_index(build)
    assert older_index.industry_rows() is None
    done = run_cli("index", env={"JJKG_VAR_DIR": str(settings.var_dir)})
    assert done.returncode == 0, done.stderr
    written, built = list_index.open_index(build), list_index.open_index(directory)
    assert written.industry_rows() == built.industry_rows()
    ids = [r.industry for r in written.industry_rows()]
    assert written.names(ids) == built.names(ids)
    # A fresh app (a server is restarted to read a new index) over the index `jjkg index` wrote: read from it alone.
    after, asked = answers_of(published, tmp_path, "reindexed", (build / list_index.INDEX_FILE).read_bytes(), monkeypatch)
    assert asked == NONE_ASKED
    assert [a.content for a in after] == older
    store = Lookup(ox.Store.read_only(str(build / store_mod.DATABASE)))
    assert written.industry_rows() == read_industry_rows(store)


@pytest.mark.parametrize("path", ["/industries.json?x=%00", "/industries?lang=%ff", "/industries.json?lang=xx"])
def test_odd_requests_are_answered_without_an_error(published, path):
    answer = TestClient(create_app(published)).get(path)
    assert answer.status_code < 500, (path, answer.status_code)
