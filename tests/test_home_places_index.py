"""The home page's counts, the /places tree's rows, the reports' order and sources and the order of those naming
projects are written into the index of pages' lists at build time (a count over every triple, every place with its
count and name, every report sorted with its source: issue 15): the index holds what the store's queries find, the
pages read them from there and not from the store, and an index without them (written before them, or by another
format, or no index at all) still gives the same pages, from the store."""

from __future__ import annotations

import sqlite3

import pyoxigraph as ox
from conftest import run_cli
from fastapi.testclient import TestClient
from test_list_index import copy_of

from api.app import create_app
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup, node
from kg.views import indexes, list_index, report_source
from kg.views.dataset_counts import read_dataset_counts
from kg.views.labels import Labeller, read_names
from kg.views.place_tree import read_place_rows
from kg.views.report_keys import read_project_reports, read_report_keys

HOME = ("/", "/?lang=en")
PLACES = ("/places", "/places?lang=en", "/places.json")
REPORTS = ("/reports", "/reports?lang=en", "/reports.json")
PROJECTS = ("/projects", "/projects?lang=en")
PAGES = HOME + PLACES + REPORTS + PROJECTS
# What each table spares: the function that reads it from the store otherwise (module, name).
READERS = {"counts": (indexes, "read_dataset_counts"), "places": (indexes, "read_place_rows"),
           "reports": (indexes, "read_report_keys"), "sources": (report_source, "read_some"),
           "project_reports": (indexes, "read_project_reports")}
NONE_ASKED = dict.fromkeys(READERS, 0)
DROPPED = tuple(f"DROP TABLE {t}" for t in ("counts", "places", "reports", "sources", "project_reports"))  # the index as written before them




def test_the_index_holds_the_counts_places_and_reports_the_store_gives(directory, lookup):
    index = list_index.open_index(directory)
    counts = index.dataset_counts()
    assert counts == read_dataset_counts(lookup)
    assert counts.triples > 10_000 and counts.classes["https://w3id.org/jinjiang-kg/ontology#Place"] > 10
    rows = index.place_rows()
    assert rows == read_place_rows(lookup)
    assert any(r.parent is None for r in rows) and any(r.parent for r in rows) and any(r.projects for r in rows)
    places = list(dict.fromkeys(r.place for r in rows))
    assert index.names(places) == {p: read_names(lookup, node(p)) for p in places}
    keys = index.report_keys()
    assert keys == read_report_keys(lookup) and len(keys) > 1
    assert [k.plan for k in keys] == sorted((k.plan for k in keys), reverse=True)
    reports = [k.report for k in keys]
    sources = index.sources(reports, Labeller(lookup))
    assert sources == report_source.read_some(lookup, Labeller(lookup), reports)
    assert all(s.place and s.level for s in sources.values())
    naming = index.project_reports()
    assert naming == read_project_reports(lookup) and naming and set(naming) <= set(reports)


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
    asked = dict(NONE_ASKED)

    def counting(key, real):
        def run(*args):
            asked[key] += 1
            return real(*args)
        return run

    for key, (module, reader) in READERS.items():
        monkeypatch.setattr(module, reader, counting(key, getattr(module, reader)))
    client = TestClient(create_app(copy_of(published, tmp_path / name, content)))
    answers = [client.get(path) for path in PAGES]
    assert [a.status_code for a in answers] == [200] * len(PAGES), name
    monkeypatch.undo()
    return answers, asked


def test_the_pages_read_the_index_and_an_index_without_them_the_store(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    variants = {
        "older": edited(index, tmp_path, "older", *DROPPED),
        "cut short": edited(index, tmp_path, "short", "DELETE FROM counts WHERE what = 'triples'"),  # the rest held
        "other format": edited(index, tmp_path, "format", "UPDATE meta SET value = '6' WHERE name = 'format'"),
        "none": None,
    }
    with_index, asked = answers_of(published, tmp_path, "with", index, monkeypatch)
    assert asked == NONE_ASKED
    assert b"triples" in with_index[0].content and with_index[len(HOME) + 2].json()  # a page with counts, a tree
    for name, content in variants.items():
        answers, asked = answers_of(published, tmp_path, name, content, monkeypatch)
        # Counted once per store; the tree and the reports read for each page that shows them.
        if name == "cut short":
            assert asked == {**NONE_ASKED, "counts": 1}, name
        else:
            assert asked == {"counts": 1, "places": len(PLACES), "reports": len(HOME) + len(REPORTS),
                             "sources": len(HOME) + len(REPORTS), "project_reports": len(PROJECTS)}, name
        assert [a.content for a in answers] == [a.content for a in with_index], name


def test_cli_index_writes_them_into_an_index_without_them(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    settings = copy_of(published, tmp_path, edited(index, tmp_path, "older", *DROPPED))
    build = settings.store_link.resolve()
    before = TestClient(create_app(settings))
    older = [before.get(path).content for path in PAGES]
    older_index = list_index.open_index(build)
    assert (older_index.dataset_counts(), older_index.place_rows(), older_index.report_keys(),
            older_index.sources([], None), older_index.project_reports()) == (None,) * 5
    done = run_cli("index", env={"JJKG_VAR_DIR": str(settings.var_dir)})
    assert done.returncode == 0, done.stderr
    written = list_index.open_index(build)
    assert written.dataset_counts() == list_index.open_index(directory).dataset_counts()
    assert written.place_rows() == list_index.open_index(directory).place_rows()
    assert written.report_keys() == list_index.open_index(directory).report_keys()
    assert written.project_reports() == list_index.open_index(directory).project_reports()
    reports, labeller = [k.report for k in written.report_keys()], Labeller(Lookup(
        ox.Store.read_only(str(directory / store_mod.DATABASE))))
    assert written.sources(reports, labeller) == list_index.open_index(directory).sources(reports, labeller)
    # A fresh app (a server is restarted to read a new index) over the index `jjkg index` wrote: read from it alone.
    after, asked = answers_of(published, tmp_path, "reindexed", (build / list_index.INDEX_FILE).read_bytes(), monkeypatch)
    assert asked == NONE_ASKED
    assert [a.content for a in after] == older
