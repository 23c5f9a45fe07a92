"""The index of pages' lists written beside the store: the build writes it, `jjkg index` writes it for a store
without one, it holds what the scans find, and pages are the same with it, without it, or with a damaged one."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3

import pyoxigraph as ox
import pytest
from conftest import run_cli
from fastapi.testclient import TestClient

from api.app import create_app
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup, node
from kg.views import describe, labels, list_index, list_index_writer, page_lists, provenance, row_fields
from kg.views.labels import Labeller
from kg.views.profiles import Profiles


def copy_of(published, tmp_path, index: bytes | None):
    """Settings for a copy of the published store whose list index is `index` (None: no index file)."""
    var = tmp_path / "var"
    build = var / "stores" / "store-copy"
    shutil.copytree(published.store_link.resolve(), build)
    (build / list_index.INDEX_FILE).unlink()
    if index is not None:
        (build / list_index.INDEX_FILE).write_bytes(index)
    (var / "store").symlink_to("stores/store-copy")
    return dataclasses.replace(published, var_dir=var)


def test_the_build_writes_the_index_beside_the_store(directory, lookup):
    index = list_index.open_index(directory)
    assert index is not None
    for kind in page_lists.SCANS:
        entities = page_lists.entities(lookup, kind)
        assert entities
        assert all(index.lists(kind, e) is not None for e in entities)
    assert index.lists(page_lists.PLACE, "https://w3id.org/jinjiang-kg/id/place/nowhere") is None
    assert not list(directory.glob("*.partial"))


def test_the_index_holds_what_the_scans_find_in_the_same_order(directory, lookup):
    index = list_index.open_index(directory)
    compared = 0
    for kind, scan in page_lists.SCANS.items():
        for entity in page_lists.entities(lookup, kind):
            scanned, indexed = scan(lookup, entity), index.lists(kind, entity)
            for name in page_lists.NAMES[kind]:
                assert indexed.total(name) == scanned.total(name), (entity, name)
                assert list(indexed.rows(name)) == list(scanned.rows(name)), (entity, name)
                assert list(indexed.rows(name, 25, 25)) == list(scanned.rows(name, 25, 25)), (entity, name)
                compared += scanned.total(name)
    assert compared > 500  # every row of every list of the real graph (902 when written)


def first_rows(index, lookup) -> list[str]:
    """The rows every paged list shows on its first page, by the index."""
    rows = []
    for kind in page_lists.SCANS:
        for entity in page_lists.entities(lookup, kind):
            lists = index.lists(kind, entity)
            for name in list_index.PAGED[kind]:
                rows += [k[0] if isinstance(k, tuple) else k for k in lists.rows(name, 0, list_index.PASSAGES_OF_ROWS)]
    return list(dict.fromkeys(rows))


def test_the_index_holds_the_passages_of_first_pages_as_the_store_gives_them(directory, lookup):
    index, labeller = list_index.open_index(directory), Labeller(lookup)
    iris = list(dict.fromkeys(p.value for r in first_rows(index, lookup) for p in lookup.objects(node(r), provenance.DERIVED)))
    held = index.passages(iris, labeller)
    assert len(iris) > 100  # every passage of every first page's rows of the real graph
    assert held == provenance.read_passages(lookup, labeller, iris)
    assert index.passages(["https://w3id.org/jinjiang-kg/id/passage/nowhere"], labeller) == {}


def test_the_index_holds_the_names_of_first_pages_rows_as_the_store_gives_them(directory, lookup):
    index = list_index.open_index(directory)
    rows = first_rows(index, lookup)
    held = index.names(rows)
    assert len(rows) > 100 and set(held) == set(rows)
    assert held == {r: labels.read_names(lookup, node(r)) for r in rows}


FIELDS = {"projects": "mentions", "goals": "goals", "figures": "figures"}  # list → its rows' fields (kg/views/row_fields.py)


def first_windows(index, lookup) -> list[tuple[str, list]]:
    """(list name, the rows its first page shows) of every paged list, by the index."""
    return [(name, list(index.lists(kind, entity).rows(name, 0, list_index.PASSAGES_OF_ROWS)))
            for kind in page_lists.SCANS for entity in page_lists.entities(lookup, kind) for name in list_index.PAGED[kind]]


def test_the_index_holds_the_fields_of_first_pages_rows_as_the_store_gives_them(directory, lookup):
    index, compared, quoted = list_index.open_index(directory), {name: 0 for name in FIELDS}, 0
    for name, rows in first_windows(index, lookup):
        read = getattr(row_fields, f"read_{FIELDS[name]}")(lookup, rows)
        assert set(read) == set(rows), name  # every shown row has its fields
        assert getattr(index, FIELDS[name])(rows) == read, (name, rows)
        compared[name] += len(rows)
        quoted += sum(bool(f.passages) for f in read.values())
    assert min(compared.values()) > 25 and quoted > 100, (compared, quoted)  # every kind of row, most with sentences
    assert index.goals(["https://w3id.org/jinjiang-kg/id/goal/nowhere"]) == {}
    assert index.mentions([("https://w3id.org/jinjiang-kg/id/project/nowhere", "https://w3id.org/jinjiang-kg/id/report/x")]) == {}


def test_a_first_page_reads_no_fields_of_its_rows_from_the_store(published, directory, tmp_path, monkeypatch):
    read: list = []
    for name in FIELDS.values():
        real = getattr(row_fields, f"read_{name}")
        monkeypatch.setattr(row_fields, f"read_{name}", lambda lookup, keys, real=real: read.extend(keys) or real(lookup, keys))
    index = list_index.open_index(directory)
    for settings, expected in ((copy_of(published, tmp_path / "with", (directory / list_index.INDEX_FILE).read_bytes()), False),
                               (copy_of(published, tmp_path / "without", None), True)):
        client, read[:] = TestClient(create_app(settings)), []
        place = client.get("/page/place/jinjiangshi")
        indicator = client.get("/page/indicator/diqushengchanzongzhi")
        assert place.status_code == indicator.status_code == 200
        shown = first_rows_of(index, "https://w3id.org/jinjiang-kg/id/place/jinjiangshi")
        shown += index.lists(page_lists.INDICATOR, "https://w3id.org/jinjiang-kg/id/indicator/diqushengchanzongzhi").rows("figures", 0, 25)
        keys = {k[0] if isinstance(k, tuple) else k for k in read}
        assert bool(keys & set(shown)) is expected, sorted(keys & set(shown))[:5]


def test_the_index_holds_each_entitys_incoming_links_and_their_names_as_the_store_gives_them(directory, lookup):
    index, subjects = list_index.open_index(directory), []
    for kind in page_lists.SCANS:
        for entity in page_lists.entities(lookup, kind):
            links = describe.read_incoming(lookup, entity)
            assert index.incoming(entity) == links, entity
            subjects += [s for _p, _n, shown in links for s in shown]
    assert len(subjects) > 200 and any(n > describe.INCOMING_SHOWN for _p, n, _s in describe.read_incoming(
        lookup, "https://w3id.org/jinjiang-kg/id/place/jinjiangshi"))  # counted whole, shown 50
    subjects = list(dict.fromkeys(subjects))
    assert index.names(subjects) == {s: labels.read_names(lookup, node(s)) for s in subjects}
    assert index.incoming("https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2025") is None  # not indexed: read


def test_a_place_description_reads_neither_its_incoming_links_nor_their_names_from_the_store(directory, monkeypatch):
    read, named = [], []
    real_links, real_names = describe.read_incoming, labels.read_names
    monkeypatch.setattr(describe, "read_incoming", lambda lookup, iri: read.append(iri) or real_links(lookup, iri))
    monkeypatch.setattr(labels, "read_names", lambda lookup, subject: named.append(subject.value) or real_names(lookup, subject))
    place, index = "https://w3id.org/jinjiang-kg/id/place/jinjiangshi", list_index.open_index(directory)
    for held in (index, None):
        fresh = Lookup(ox.Store.read_only(str(directory / store_mod.DATABASE)))  # no names kept for it yet
        read[:], named[:] = [], []
        description = describe.Describer(fresh, labels.Labeller(fresh), held).describe(place)
        linking = {r.iri for g in description.incoming for r in g.subjects}
        assert len(linking) > 50
        assert (read, sorted(linking & set(named))[:1]) == (([], []) if held else ([place], sorted(linking)[:1]))


def test_a_first_page_reads_no_passage_from_the_store_when_the_index_has_them(published, tmp_path, monkeypatch):
    index_bytes = (published.store_link.resolve() / list_index.INDEX_FILE).read_bytes()
    client = TestClient(create_app(copy_of(published, tmp_path, index_bytes)))  # a store no page has read yet
    read: list[str] = []
    real = provenance.read_passages

    def counted(lookup, labeller, wanted):
        read.extend(wanted)
        return real(lookup, labeller, wanted)

    monkeypatch.setattr(provenance, "read_passages", counted)
    page = client.get("/page/place/jinjiangshi")
    assert page.status_code == 200
    assert page.text.count("/read/") > 25  # its rows' sentences are quoted, linked into the reader
    assert read == []


def test_a_first_page_profile_reads_no_name_of_its_rows_from_the_store(directory, monkeypatch):
    """(The page's description may still read some of them: it names the entity's incoming links.)"""
    fresh = Lookup(ox.Store.read_only(str(directory / store_mod.DATABASE)))  # no names kept for it yet
    index, place = list_index.open_index(directory), "https://w3id.org/jinjiang-kg/id/place/jinjiangshi"
    named: list[str] = []
    real = labels.read_names

    def counted(lookup, subject):
        named.append(subject.value)
        return real(lookup, subject)

    monkeypatch.setattr(labels, "read_names", counted)
    profile = Profiles(fresh, labels.Labeller(fresh), index).place(place, {})
    rows = first_rows_of(index, place)
    assert len(rows) > 25 and len(profile.figures) == 25
    assert sorted(set(rows) & set(named)) == []


def first_rows_of(index, place: str) -> list[str]:
    lists = index.lists(page_lists.PLACE, place)
    return [k[0] if isinstance(k, tuple) else k for name in list_index.PAGED[page_lists.PLACE]
            for k in lists.rows(name, 0, list_index.PASSAGES_OF_ROWS)]


def test_iris_are_kept_short_and_read_back_whole():
    ours = "https://w3id.org/jinjiang-kg/id/figure/jinjiangshi-2025-i1-f1"
    assert list_index.compact(ours) == "figure/jinjiangshi-2025-i1-f1"
    for iri in (ours, "http://example.org/x", "https://w3id.org/jinjiang-kg/id/place/a:b"):
        assert list_index.expand(list_index.compact(iri)) == iri


def page_paths(lookup) -> list[str]:
    """Every place and indicator page, and the second and last page of each list that has more than one."""
    paths = []
    for kind, scan in page_lists.SCANS.items():
        for entity in page_lists.entities(lookup, kind):
            path = "/page/" + entity.removeprefix(list_index.BASE)
            paths.append(path)
            lists = scan(lookup, entity)
            for name in ("projects", "goals", "figures"):
                pages = -(-lists.total(name) // 25) if name in page_lists.NAMES[kind] else 0
                paths += [f"{path}?{name}_page={n}" for n in sorted({2, pages}) if 2 <= n <= pages]
    return paths


def test_pages_are_the_same_with_the_index_and_without_it(published, lookup, tmp_path):
    with_index = TestClient(create_app(published))
    without = TestClient(create_app(copy_of(published, tmp_path, None)))
    paths = page_paths(lookup)
    assert len(paths) > 50 and sum("_page=" in p for p in paths) >= 4
    for path in paths:
        a, b = with_index.get(path), without.get(path)
        assert a.status_code == b.status_code == 200, (path, a.status_code, b.status_code)
        assert a.text == b.text, path
    for path in ("/page/place/jinjiangshi?figures_page=99", "/page/indicator/diqushengchanzongzhi?figures_page=99"):
        a, b = with_index.get(path), without.get(path)
        assert a.status_code == b.status_code == 404
        assert a.text == b.text


@pytest.mark.parametrize("damage", ["not sqlite", "another format"])
def test_a_damaged_or_foreign_index_is_not_used(published, tmp_path, damage):
    if damage == "not sqlite":
        content = b"this is not a database" * 100
    else:
        other = tmp_path / "other.sqlite"
        db = sqlite3.connect(other)
        db.executescript(list_index.SCHEMA)
        db.execute("INSERT INTO meta VALUES ('format', 'an older one')")
        db.commit()
        db.close()
        content = other.read_bytes()
    settings = copy_of(published, tmp_path, content)
    assert list_index.open_index(settings.store_link.resolve()) is None
    damaged, good = TestClient(create_app(settings)), TestClient(create_app(published))
    for path in ("/page/place/jinjiangshi?figures_page=2", "/page/indicator/diqushengchanzongzhi"):
        answer = damaged.get(path)
        assert answer.status_code == 200
        assert answer.text == good.get(path).text


def test_a_failed_write_leaves_no_index_and_keeps_the_old_one(directory, lookup, tmp_path, monkeypatch):
    target = tmp_path / "build"
    target.mkdir()

    def broken(lookup, iri):
        raise RuntimeError("disk gone")

    monkeypatch.setitem(page_lists.SCANS, page_lists.INDICATOR, broken)
    with pytest.raises(RuntimeError):
        list_index_writer.write_index(lookup, target)
    assert list(target.iterdir()) == []
    (target / list_index.INDEX_FILE).write_bytes(b"the old index")
    with pytest.raises(RuntimeError):
        list_index_writer.write_index(lookup, target)
    assert [p.name for p in target.iterdir()] == [list_index.INDEX_FILE]
    assert (target / list_index.INDEX_FILE).read_bytes() == b"the old index"


def test_cli_index_writes_the_indexes_of_a_store_built_without_them(published, tmp_path):
    settings = copy_of(published, tmp_path, None)
    build = settings.store_link.resolve()
    (build / "search-index.pickle").unlink()
    done = run_cli("index", env={"JJKG_VAR_DIR": str(settings.var_dir)})
    assert done.returncode == 0, done.stderr
    assert "indexes written" in done.stderr and str(build) in done.stderr
    assert (build / "search-index.pickle").is_file()
    index = list_index.open_index(build)
    assert index is not None and index.lists(page_lists.PLACE, "https://w3id.org/jinjiang-kg/id/place/jinjiangshi")


def test_cli_index_without_a_store_says_so(tmp_path):
    done = run_cli("index", env={"JJKG_VAR_DIR": str(tmp_path / "empty")})
    assert done.returncode == 1
    assert "no graph has been built yet" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_remote_store_never_reads_the_list_index_of_a_local_build(published):
    """A replica over a remote store may run where a local build is published too: that build's index describes
    other data (whatever was built last here), so pages must scan the remote store instead."""
    from kg.settings import RemoteConfig, parse_store_setting
    from kg.sparql.query import QueryService

    assert (published.store_link.resolve() / list_index.INDEX_FILE).exists()
    local = QueryService(published.store_link)
    assert local.build_directory() == published.store_link.resolve()
    remote = QueryService(published.store_link,
                          remote=RemoteConfig(parse_store_setting("sparql+http://127.0.0.1:9/sparql")))
    assert remote.build_directory() is None
