"""The projects by report, section and theme (/projects, /projects.json) and the /industries tree's rows are written
into the index of pages' lists at build time (every goal naming a project grouped and every project named; every
project's industry counted: issue 15): the index holds what the store's queries find, the pages read them from there
and not from the store, and an index without them (written before them, or of another format, or no index at all)
still gives the same pages, from the store."""

from __future__ import annotations

import itertools

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
from kg.views.labels import Labeller, read_names
from kg.views.project_groups import read_project_rows

PROJECTS = ("/projects", "/projects?lang=en", "/projects.json")
INDUSTRIES = ("/industries", "/industries?lang=en", "/industries.json")
PAGES = PROJECTS + INDUSTRIES
# What each table spares: the function that reads it from the store otherwise.
READERS = {"project_rows": "read_project_rows", "industries": "read_industry_rows"}
NONE_ASKED = dict.fromkeys(READERS, 0)
DROPPED = tuple(f"DROP TABLE {t}" for t in READERS)  # the index as written before them


def test_the_index_holds_the_projects_and_industries_the_store_gives(directory, lookup):
    index = list_index.open_index(directory)
    rows = index.project_rows()
    assert rows == read_project_rows(lookup, Labeller(lookup)) and len(rows) > 10
    assert any(r.section for r in rows) and any(r.theme for r in rows)
    reports = list(dict.fromkeys(r.report for r in rows))
    assert len(reports) > 1
    for some in ([reports[0]], reports[1:], reports[::-1], [], ["https://w3id.org/jinjiang-kg/id/report/nowhere"]):
        # A window of reports (the HTML page's 25): their rows in the same order as the store's query of them.
        assert index.project_rows(some) == read_project_rows(lookup, Labeller(lookup), some)
    # A report's rows are consecutive, and a section's within it, and a theme's within that.
    for group in (lambda r: r.report, lambda r: (r.report, r.section), lambda r: (r.report, r.section, r.theme)):
        keys = [k for k, _ in itertools.groupby(rows, key=group)]
        assert len(keys) == len(set(keys))
    named = list(dict.fromkeys(i for r in rows for i in (r.report, r.section, r.theme, r.project) if i))
    assert index.names(named) == {i: read_names(lookup, node(i)) for i in named}
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
    assert with_index[PAGES.index("/projects.json")].json() and with_index[PAGES.index("/industries.json")].json()
    for name, content in variants.items():
        answers, asked = answers_of(published, tmp_path, name, content, monkeypatch)
        assert asked == {"project_rows": len(PROJECTS), "industries": len(INDUSTRIES)}, name
        assert [a.content for a in answers] == [a.content for a in with_index], name


def test_cli_index_writes_them_into_an_index_without_them(published, directory, tmp_path, monkeypatch):
    index = (directory / list_index.INDEX_FILE).read_bytes()
    settings = copy_of(published, tmp_path, edited(index, tmp_path, "older", *DROPPED))
    build = settings.store_link.resolve()
    before = TestClient(create_app(settings))
    older = [before.get(path).content for path in PAGES]
    older_index = list_index.open_index(build)
    assert (older_index.project_rows(), older_index.project_rows([]), older_index.industry_rows()) == (None,) * 3
    done = run_cli("index", env={"JJKG_VAR_DIR": str(settings.var_dir)})
    assert done.returncode == 0, done.stderr
    written, built = list_index.open_index(build), list_index.open_index(directory)
    assert written.project_rows() == built.project_rows()
    assert written.industry_rows() == built.industry_rows()
    rows = written.project_rows()
    named = list(dict.fromkeys(i for r in rows for i in (r.report, r.section, r.theme, r.project) if i))
    assert written.names(named) == built.names(named)
    # A fresh app (a server is restarted to read a new index) over the index `jjkg index` wrote: read from it alone.
    after, asked = answers_of(published, tmp_path, "reindexed", (build / list_index.INDEX_FILE).read_bytes(), monkeypatch)
    assert asked == NONE_ASKED
    assert [a.content for a in after] == older
    store = Lookup(ox.Store.read_only(str(build / store_mod.DATABASE)))
    assert rows == read_project_rows(store, Labeller(store))


@pytest.mark.parametrize("path", ["/projects.json?reports_page=2", "/projects.json?lang=xx", "/industries.json?x=%00",
                                  "/industries?lang=%ff", "/projects?reports_page=0", "/projects?reports_page=99",
                                  "/projects?reports_page=²", "/projects?reports_page=-1"])
def test_odd_requests_are_answered_without_an_error(published, path):
    answer = TestClient(create_app(published)).get(path)
    assert answer.status_code < 500, (path, answer.status_code)
