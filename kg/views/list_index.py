"""The index of entity pages' lists, written beside the store when it is built (as the search index is).

For every place and indicator it holds the row keys of each list in the order the page shows them and their
count, as kg/views/page_lists.py scans them: so a cold page reads the 25 keys it shows instead of scanning and sorting
every key of its lists (~1,300 for a county of the 10M-triple graph). It is a SQLite file (the standard
library's), opened read-only and immutable: nothing is loaded into Python objects but the rows a page asks for,
and a read costs tens of microseconds. A store without the file (built before it existed, or a remote store
with no build directory) is read by the scans instead; both give the same pages.

It also holds, ready-made, the quoted passages and the names of the rows each list shows first, made by the
functions pages call without it (kg/views/provenance.py's `read_passages`, kg/views/labels.py's `read_names`): cold, each
passage is 3–4 index scans of the store and each name 3, most of what a county page of the 10M graph still cost
once its keys came from here. And the fields those rows show (kg/views/row_fields.py: a project mention's places and
sentences, a goal's report, places and sentences, a figure's indicator, year, kind, statistic and number), made by
the same reads a page makes: a first page then reads none of its rows from the store. Then each entity's incoming
links as its page's description shows them (kg/views/describe.py's `read_incoming`) and their subjects' names.
Last, what /indicators lists (kg/views/indicator_counts.py): an aggregate over every figure, made once here; and
likewise the home page's counts (kg/views/dataset_counts.py), the rows of the /places tree (kg/views/place_tree.py)
and of the /industries tree (kg/views/industry_tree.py), the reports in the order pages list them
(kg/views/report_keys.py) with their sources (kg/views/report_source.py), and the projects by report, section and
theme (kg/views/project_groups.py); and the dataset's sizes that /dumps and /void state (kg/store/catalog.py's
`read_totals`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.graph.namespaces import ID
from kg.store.catalog import Totals
from kg.store.lookup import Lookup, StoreCache
from kg.views import page_lists, paging
from kg.views.dataset_counts import DatasetCounts
from kg.views.indicator_counts import IndicatorCounts
from kg.views.industry_tree import IndustryRow
from kg.views.labels import Labeller, Names
from kg.views.place_tree import PlaceRow
from kg.views.project_groups import ProjectRow
from kg.views.provenance import Passage
from kg.views.report_keys import ReportKey
from kg.views.report_source import Source
from kg.views.row_fields import FigureFields, GoalFields, MentionFields

INDEX_FILE = "page-lists.sqlite"
# Bumped whenever what is written changes (a list, or the order of kg/views/reading_order.py): an index of another
# version is not used, and pages fall back to the scans until the index is written again (`jjkg index`).
FORMAT = "7"  # 6: a place's figures, its own first, then place by place (issue 29); 7: whether a figure is an estimate
SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE lists (entity TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, id INTEGER NOT NULL,
                    total INTEGER NOT NULL, PRIMARY KEY (entity, kind, name)) WITHOUT ROWID;
CREATE TABLE rows (list INTEGER NOT NULL, pos INTEGER NOT NULL, key TEXT NOT NULL, report TEXT,
                   PRIMARY KEY (list, pos)) WITHOUT ROWID;
CREATE TABLE passages (iri TEXT PRIMARY KEY, report TEXT NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL,
                       line INTEGER, exact TEXT NOT NULL, before TEXT NOT NULL, after TEXT NOT NULL,
                       anchor TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names (iri TEXT PRIMARY KEY, zh TEXT, en TEXT, pinyin TEXT, aliases TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE mentions (project TEXT NOT NULL, report TEXT NOT NULL, locations TEXT NOT NULL, passages TEXT NOT NULL,
                       PRIMARY KEY (project, report)) WITHOUT ROWID;
CREATE TABLE goals (iri TEXT PRIMARY KEY, report TEXT NOT NULL, places TEXT NOT NULL, passages TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE figures (iri TEXT PRIMARY KEY, indicator TEXT NOT NULL, year TEXT NOT NULL, kind TEXT NOT NULL,
                      statistic TEXT, text TEXT NOT NULL, passages TEXT NOT NULL, place TEXT NOT NULL,
                      estimated INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE incoming (entity TEXT NOT NULL, pos INTEGER NOT NULL, property TEXT NOT NULL, total INTEGER NOT NULL,
                       subjects TEXT NOT NULL, PRIMARY KEY (entity, pos)) WITHOUT ROWID;
CREATE TABLE indicators (pos INTEGER PRIMARY KEY, indicator TEXT NOT NULL, broader TEXT, targets INTEGER NOT NULL,
                         results INTEGER NOT NULL, years TEXT NOT NULL);
CREATE TABLE counts (what TEXT PRIMARY KEY, total INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE places (pos INTEGER PRIMARY KEY, place TEXT NOT NULL, parent TEXT, projects INTEGER NOT NULL);
CREATE TABLE reports (pos INTEGER PRIMARY KEY, report TEXT NOT NULL, plan TEXT NOT NULL, review TEXT NOT NULL);
CREATE TABLE project_reports (pos INTEGER PRIMARY KEY, report TEXT NOT NULL);
CREATE TABLE project_rows (pos INTEGER PRIMARY KEY, report TEXT NOT NULL, year TEXT NOT NULL, section TEXT,
                           theme TEXT, project TEXT NOT NULL);
CREATE INDEX project_rows_of_report ON project_rows (report);
CREATE TABLE totals (pos INTEGER PRIMARY KEY, kind TEXT NOT NULL, what TEXT NOT NULL, total INTEGER NOT NULL);
CREATE TABLE industries (pos INTEGER PRIMARY KEY, industry TEXT NOT NULL, parent TEXT, projects INTEGER NOT NULL);
CREATE TABLE sources (report TEXT PRIMARY KEY, place TEXT, level TEXT, publisher TEXT NOT NULL, url TEXT NOT NULL,
                      date TEXT NOT NULL, text_kind TEXT) WITHOUT ROWID;
"""
# Tables added since format 7 without a bump, because an index lacking one is still right, only slower: `indicators`
# (the counts /indicators lists; without it the page runs the aggregate), `counts` (the home page's: 'triples' and
# one row per class IRI), `places` (the /places tree's rows; their names are in `names`), `reports` (the reports in
# the order / and /reports list them), `project_reports` (those naming projects, as /projects lists them),
# `sources` (each report's source as those pages show it; the reports' and their places' names are in `names`),
# `project_rows` (the projects by report, section and theme as /projects and /projects.json list them; the names of
# the projects, reports, sections and themes are in `names`) and `industries` (the /industries tree's rows; their
# names are in `names`) and `totals` (the dataset's sizes /dumps, /void and the endpoint's description state: kind
# 'dataset' with what 'triples', 'properties', 'subjects', 'objects', 'entities'; kind 'graph' and 'class' with the
# graph's or class's IRI, in their queries' order). Their reader answers None when absent.
# Lists of IRIs in a column are their compact forms joined by spaces (an IRI has none).
# Only the first page of each list gets its passages, names and fields here: the page most visited, and a county's later
# pages are the same rows as its towns' first pages. Other rows' are read from the store as before.
TOTALS = ("triples", "properties", "subjects", "objects", "entities")  # the rows of kind 'dataset', as Totals orders them
PASSAGES_OF_ROWS = paging.PAGE_SIZE
PAGED = {page_lists.PLACE: ("projects", "goals", "figures"), page_lists.INDICATOR: ("figures",)}


_opened = StoreCache()
BASE = str(ID)


def compact(iri: str) -> str:
    """Our IRIs without their common start (a third of the file); any other IRI as it is."""
    rest = iri.removeprefix(BASE)
    return rest if rest != iri and ":" not in rest else iri


def expand(key: str) -> str:
    return key if ":" in key else BASE + key


def joined(iris: Sequence[str]) -> str:
    return " ".join(compact(i) for i in iris)


def split(column: str) -> tuple[str, ...]:
    return tuple(expand(k) for k in column.split())


class ListIndex:
    """An index file opened read-only; shared by the threads of a web worker."""

    def __init__(self, path: Path):
        # immutable: the file of a published store never changes, so SQLite takes no locks to read it.
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        version = self._fetch("SELECT value FROM meta WHERE name = 'format'")
        if version != [(FORMAT,)]:
            self._db.close()
            raise ValueError(f"{path}: index format {version[0][0] if version else '?'}, this code reads {FORMAT}")
        self._tables = {name for (name,) in self._fetch("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def _fetch(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def lists(self, kind: str, iri: str) -> Indexed | None:
        """The entity's lists, or None when the index was not written for it (then scan)."""
        found = self._fetch("SELECT name, id, total FROM lists WHERE entity = ? AND kind = ?", (compact(iri), kind))
        if not found:
            return None
        return Indexed(self, kind, {name: (list_id, total) for name, list_id, total in found})

    KEYS = {"passages": "iri", "names": "iri", "mentions": "project", "goals": "iri", "figures": "iri",
            "sources": "report"}

    def _held(self, table: str, iris: Sequence[str]) -> list[tuple]:
        """The rows of `table` whose first column is one of `iris`."""
        found = []
        for start in range(0, len(iris), 500):
            chunk = tuple(compact(i) for i in iris[start: start + 500])
            found += self._fetch(f"SELECT * FROM {table} WHERE {self.KEYS[table]} IN ({','.join('?' * len(chunk))})", chunk)
        return found

    def incoming(self, iri: str) -> list[tuple[str, int, tuple[str, ...]]] | None:
        """The links to a place or indicator as `read_incoming` found them; None for other entities."""
        if not self._fetch("SELECT 1 FROM lists WHERE entity = ? LIMIT 1", (compact(iri),)):
            return None
        return [(p, n, split(subjects)) for p, n, subjects in
                self._fetch("SELECT property, total, subjects FROM incoming WHERE entity = ? ORDER BY pos", (compact(iri),))]

    def passages(self, iris: list[str], labeller: Labeller) -> dict[str, Passage]:
        """The passages among `iris` that the index holds, as `read_passages` made them when it was written."""
        return {expand(iri): Passage(expand(iri), labeller.ref(expand(report)), begin, end, line, exact, before, after,
                                     anchor)
                for iri, report, begin, end, line, exact, before, after, anchor in self._held("passages", iris)}

    def names(self, iris: list[str]) -> dict[str, Names]:
        """The names among `iris` that the index holds, as `read_names` read them when it was written."""
        return {expand(iri): Names(zh, en, pinyin, tuple(json.loads(aliases)))
                for iri, zh, en, pinyin, aliases in self._held("names", iris)}

    # The fields of rows shown first (kg/views/row_fields.py), as its `read_…` functions gave them when it was written.
    def mentions(self, rows: list[tuple[str, str]]) -> dict[tuple[str, str], MentionFields]:
        wanted = set(rows)
        found = {(expand(p), expand(r)): MentionFields(split(locations), split(passages))
                 for p, r, locations, passages in self._held("mentions", list(dict.fromkeys(p for p, _r in rows)))}
        return {row: f for row, f in found.items() if row in wanted}

    def goals(self, iris: list[str]) -> dict[str, GoalFields]:
        return {expand(iri): GoalFields(expand(report) if report else "", split(places), split(passages))
                for iri, report, places, passages in self._held("goals", iris)}

    def figures(self, iris: list[str]) -> dict[str, FigureFields]:
        return {expand(iri): FigureFields(expand(indicator), year, expand(kind), expand(statistic) if statistic else None,
                                          text, split(passages), expand(place), bool(estimated))
                for iri, indicator, year, kind, statistic, text, passages, place, estimated in self._held("figures", iris)}

    def indicator_counts(self) -> list[IndicatorCounts] | None:
        """What /indicators lists, as `read_indicator_counts` found it; None for an index written before it held that."""
        if "indicators" not in self._tables:
            return None
        return [IndicatorCounts(expand(i), expand(broader) if broader else None, targets, results, tuple(years.split()))
                for i, broader, targets, results, years in
                self._fetch("SELECT indicator, broader, targets, results, years FROM indicators ORDER BY pos")]

    def dataset_counts(self) -> DatasetCounts | None:
        """The home page's counts, as `read_dataset_counts` found them; None for an index written before it held them."""
        if "counts" not in self._tables:
            return None
        found = dict(self._fetch("SELECT what, total FROM counts"))
        if "triples" not in found:
            return None  # not written whole: count in the store
        triples = found.pop("triples")
        return DatasetCounts(triples, found)

    def place_rows(self) -> list[PlaceRow] | None:
        """The /places tree's rows, as `read_place_rows` found them; None for an index written before it held them."""
        if "places" not in self._tables:
            return None
        return [PlaceRow(expand(place), expand(parent) if parent else None, projects) for place, parent, projects in
                self._fetch("SELECT place, parent, projects FROM places ORDER BY pos")]

    def project_rows(self, reports: list[str] | None = None) -> list[ProjectRow] | None:
        """The rows `read_project_rows` found for every report (of `reports` only, when given: theirs, in the same
        order); None for an index written before it held them."""
        if "project_rows" not in self._tables:
            return None
        sql = "SELECT pos, report, year, section, theme, project FROM project_rows"
        if reports is None:
            found = self._fetch(f"{sql} ORDER BY pos")
        else:
            found = []
            for start in range(0, len(reports), 500):
                chunk = tuple(compact(r) for r in reports[start: start + 500])
                found += self._fetch(f"{sql} WHERE report IN ({','.join('?' * len(chunk))})", chunk)
            found.sort()  # by pos
        return [ProjectRow(expand(report), year, expand(section) if section else None, expand(theme) if theme else None,
                           expand(project)) for _pos, report, year, section, theme, project in found]

    def dataset_totals(self) -> Totals | None:
        """The dataset's sizes as `catalog.read_totals` counted them; None for an index written before it held them."""
        if "totals" not in self._tables:
            return None
        found = self._fetch("SELECT kind, what, total FROM totals ORDER BY pos")
        sizes = {what: total for kind, what, total in found if kind == "dataset"}
        if set(sizes) != set(TOTALS):
            return None  # not written whole: count in the store
        return Totals(*(sizes[what] for what in TOTALS),
                      tuple((what, total) for kind, what, total in found if kind == "graph"),
                      tuple((what, total) for kind, what, total in found if kind == "class"))

    def industry_rows(self) -> list[IndustryRow] | None:
        """The /industries tree's rows, as `read_industry_rows` found them; None for an index written before it held
        them."""
        if "industries" not in self._tables:
            return None
        return [IndustryRow(expand(i), expand(parent) if parent else None, projects) for i, parent, projects in
                self._fetch("SELECT industry, parent, projects FROM industries ORDER BY pos")]

    def report_keys(self) -> list[ReportKey] | None:
        """The reports as `read_report_keys` found them; None for an index written before it held them."""
        if "reports" not in self._tables:
            return None
        return [ReportKey(expand(report), plan, review) for report, plan, review in
                self._fetch("SELECT report, plan, review FROM reports ORDER BY pos")]

    def project_reports(self) -> list[str] | None:
        """The reports as `read_project_reports` found them; None for an index written before it held them."""
        if "project_reports" not in self._tables:
            return None
        return [expand(report) for (report,) in self._fetch("SELECT report FROM project_reports ORDER BY pos")]

    def sources(self, reports: list[str], labeller: Labeller) -> dict[str, Source] | None:
        """The sources of these reports as `report_source.read_some` found them for every report, the reports' and
        their places' names given to `labeller`; None for an index written before it held them."""
        if "sources" not in self._tables:
            return None
        found = self._held("sources", reports)
        labeller.know(self.names([*reports, *(expand(row[1]) for row in found if row[1])]))

        def ref(iri: str | None):
            return labeller.ref(expand(iri)) if iri else None

        return {expand(report): Source(ref(place), ref(level), publisher, url, date, ref(kind))
                for report, place, level, publisher, url, date, kind in found}

    def rows(self, list_id: int, offset: int, size: int | None) -> list[tuple[str, str | None]]:
        end = offset + size if size is not None else 2**62
        return self._fetch("SELECT key, report FROM rows WHERE list = ? AND pos >= ? AND pos < ? ORDER BY pos",
                           (list_id, offset, end))


@dataclass(frozen=True)
class Indexed:
    """One entity's lists in the index: counts known, rows read when asked for."""

    index: ListIndex
    kind: str
    lists: dict[str, tuple[int, int]]  # name → (list id, total)

    def total(self, name: str) -> int:
        return self.lists[name][1]

    def rows(self, name: str, offset: int = 0, size: int | None = None) -> Sequence:
        found = self.index.rows(self.lists[name][0], offset, size)
        if (self.kind, name) in page_lists.PAIRED:
            return [(expand(k), expand(r)) for k, r in found]
        return [expand(k) for k, _r in found]


def open_index(directory: Path) -> ListIndex | None:
    """The index beside a store, or None when there is none that this code can read."""
    path = directory / INDEX_FILE
    if not path.is_file():
        return None
    try:
        return ListIndex(path)
    except (sqlite3.Error, ValueError, OSError):
        return None  # damaged or of another version: the scans give the same pages


def prepare(lookup: Lookup, directory: Callable[[], Path | None]) -> ListIndex | None:
    """The index of the store `lookup` reads, opened once per store. `directory()` says where it is kept (None for
    a store with no build directory, such as a remote one), asked only when the store is new here: finding the
    build's directory resolves a symlink, a tenth of a millisecond on every page. None: pages scan their lists."""

    def open_it() -> ListIndex | None:
        where = directory()
        return open_index(where) if where is not None else None

    return _opened.get(lookup.store, "index", open_it)
