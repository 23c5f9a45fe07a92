"""Writing the index of entity pages' lists (kg/views/list_index.py says what it holds), at build time.

The writer runs the very scans and reads a page makes without the index (page_lists, row_fields, provenance,
labels, describe), so the two cannot disagree on order or content.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from kg.store.catalog import read_totals
from kg.store.lookup import Lookup, node
from kg.views import page_lists, report_source, row_fields, shared_work
from kg.views.dataset_counts import read_dataset_counts
from kg.views.describe import read_incoming
from kg.views.indicator_counts import read_indicator_counts
from kg.views.industry_tree import read_industry_rows
from kg.views.labels import Labeller, read_names
from kg.views.list_index import FORMAT, INDEX_FILE, PAGED, PASSAGES_OF_ROWS, SCHEMA, TOTALS, compact, joined
from kg.views.place_tree import read_place_rows
from kg.views.project_groups import read_project_rows
from kg.views.provenance import DERIVED, read_passages
from kg.views.report_keys import read_project_reports, read_report_keys


def write_index(lookup: Lookup, directory: Path, progress: Callable[[str], None] = lambda _m: None,
                database: Path | None = None) -> Path:
    """Scan every place's and indicator's lists and write them to `directory`; the file appears under its
    name only once complete. With `database` (the store `lookup` reads, on disk), a helper process shares the
    reads of a large store."""
    target = directory / INDEX_FILE
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        _write(lookup, partial, progress, database)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


# From this many places and indicators on, a helper process shares the reads (kg/views/shared_work.py): below it,
# starting the helper costs more than it saves.
SHARED_FROM = 300
CHUNKS = {"entities": 50, "passages": 500, "names": 1000, "fields": 100}  # items a chunk (read by one process)


def _write(lookup: Lookup, path: Path, progress: Callable[[str], None], database: Path | None = None) -> None:
    entities = {kind: page_lists.entities(lookup, kind) for kind in page_lists.SCANS}
    helper = None
    if database is not None and shared_work.cores() > 1 and sum(map(len, entities.values())) >= SHARED_FROM:
        helper = shared_work.Helper(database)
    run = helper.in_order if helper is not None else shared_work.alone
    db = sqlite3.connect(path)
    try:
        # A partial file is thrown away on any failure, so no journal is needed while writing it.
        db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        db.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
        next_id, shown, linking, windows = 0, {}, {}, []
        for kind, of_kind in entities.items():
            scanned = run(lookup, [(kind, e) for e in of_kind], _scanned, CHUNKS["entities"])
            for done, (entity, (lists, links)) in enumerate(zip(of_kind, scanned), 1):
                db.executemany("INSERT INTO incoming VALUES (?, ?, ?, ?, ?)",
                               ((compact(entity), pos, p, n, joined(subjects)) for pos, (p, n, subjects) in enumerate(links)))
                linking.update((s, None) for _p, _n, subjects in links for s in subjects)
                for name in page_lists.NAMES[kind]:
                    keys = lists[name]
                    db.execute("INSERT INTO lists VALUES (?, ?, ?, ?, ?)", (compact(entity), kind, name, next_id, len(keys)))
                    if (kind, name) in page_lists.PAIRED:
                        rows = ((next_id, pos, compact(k), compact(r)) for pos, (k, r) in enumerate(keys))
                    else:
                        rows = ((next_id, pos, compact(k), None) for pos, k in enumerate(keys))
                    db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?)", rows)
                    next_id += 1
                    if name in PAGED[kind]:
                        shown.update((k[0] if isinstance(k, tuple) else k, None) for k in keys[:PASSAGES_OF_ROWS])
                        windows.append((name, keys[:PASSAGES_OF_ROWS]))
                if done % 500 == 0 or done == len(of_kind):
                    progress(f"page lists: {done:,} of {len(of_kind):,} {kind}s")
        _write_passages(db, run(lookup, list(shown), _passage_rows, CHUNKS["passages"]), len(shown), progress)
        places = _write_places(db, lookup)
        reports = _write_reports(db, lookup)
        industries = _write_industries(db, lookup)
        projects = _write_project_rows(db, lookup)
        names = list({**shown, **linking, **places, **reports, **industries, **projects})
        db.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", run(lookup, names, _name_rows, CHUNKS["names"]))
        _write_fields(db, run(lookup, _new_in_windows(windows), _field_rows, CHUNKS["fields"]), len(windows), progress)
        _write_indicator_counts(db, lookup)
        _write_dataset_counts(db, lookup)
        _write_totals(db, lookup)
        db.commit()
    finally:
        db.close()
        if helper is not None:
            helper.close()
    with path.open("rb") as f:
        os.fsync(f.fileno())  # on disk before it is renamed into place


def _scanned(lookup: Lookup, entities: list[tuple[str, str]]) -> list[tuple[dict[str, list], list]]:
    """Each entity's lists (every row key, by list name) and its incoming links, read as its page reads them."""
    out = []
    for kind, entity in entities:
        lists = page_lists.SCANS[kind](lookup, entity)
        out.append(({name: list(lists.rows(name)) for name in page_lists.NAMES[kind]}, read_incoming(lookup, entity)))
    return out


def _passage_rows(lookup: Lookup, rows: list[str]) -> list[list[tuple]]:
    """The passages of these rows (every prov:wasDerivedFrom of each: a project's passages of every report), made
    by the function pages use when there is no index: one list of table rows for the chunk."""
    iris = list(dict.fromkeys(p.value for r in rows for p in lookup.objects(node(r), DERIVED)))
    made = read_passages(lookup, Labeller(lookup), iris)
    return [[(compact(p.iri), compact(p.report.iri), p.start, p.end, p.line, p.exact, p.before, p.after, p.anchor)
             for p in made.values()]]


def _write_passages(db: sqlite3.Connection, chunks, total: int, progress: Callable[[str], None]) -> None:
    done = 0
    for rows in chunks:  # a passage named by rows of two chunks is the same passage: the second is ignored
        db.executemany("INSERT OR IGNORE INTO passages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        done = min(done + CHUNKS["passages"], total)
        if done % 2000 == 0 or done == total:
            progress(f"passages of shown rows: {done:,} of {total:,} rows")


def _name_rows(lookup: Lookup, rows: list[str]) -> list[tuple]:
    """The names of these rows, read as a page's Labeller reads them."""
    made = ((r, read_names(lookup, node(r))) for r in rows)
    return [(compact(r), n.zh, n.en, n.pinyin, json.dumps(n.aliases, ensure_ascii=False)) for r, n in made]


def _new_in_windows(windows: list[tuple[str, list]]) -> list[tuple[str, list, list]]:
    """Each first page's rows with those not in an earlier window: a row's fields are written once."""
    seen: set = set()
    out = []
    for name, keys in windows:
        new = [k for k in keys if k not in seen]
        seen.update(new)
        out.append((name, new, keys))
    return out


_GOALS = "INSERT INTO goals VALUES (?, ?, ?, ?)"
_MENTIONS = "INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?)"
_FIGURES = "INSERT OR IGNORE INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _field_rows(lookup: Lookup, windows: list[tuple[str, list, list]]) -> list[tuple[str | None, list]]:
    """The fields of each first page's rows, read by the call a page makes for that window (so in the same order):
    per window, the statement and its table rows."""
    out: list[tuple[str | None, list]] = []
    for name, new, keys in windows:
        if name == "goals" and new:
            out.append((_GOALS, [(compact(g), compact(f.report) if f.report else "", joined(f.places),
                                  joined(f.passages)) for g, f in row_fields.read_goals(lookup, new).items()]))
        elif name == "projects" and new:
            out.append((_MENTIONS, [(compact(p), compact(r), joined(f.locations), joined(f.passages))
                                    for (p, r), f in row_fields.read_mentions(lookup, keys).items()]))
        elif name == "figures" and new:
            out.append((_FIGURES, [(compact(i), compact(f.indicator), f.year, compact(f.kind),
                                    compact(f.statistic) if f.statistic else None, f.text, joined(f.passages),
                                    compact(f.place), int(f.estimated))
                                   for i, f in row_fields.read_figures(lookup, keys).items()]))
        else:
            out.append((None, []))
    return out


def _write_fields(db: sqlite3.Connection, made, total: int, progress: Callable[[str], None]) -> None:
    for done, (statement, rows) in enumerate(made, 1):
        if statement is not None:
            db.executemany(statement, rows)
        if done % 1000 == 0 or done == total:
            progress(f"fields of shown rows: {done:,} of {total:,} lists")


def _write_indicator_counts(db: sqlite3.Connection, lookup: Lookup) -> None:
    """What /indicators lists, in the order the store gave it (the page's sort is stable)."""
    db.executemany("INSERT INTO indicators VALUES (?, ?, ?, ?, ?, ?)",
                   ((pos, compact(c.indicator), compact(c.broader) if c.broader else None, c.targets, c.results,
                     " ".join(c.years)) for pos, c in enumerate(read_indicator_counts(lookup))))


def _write_dataset_counts(db: sqlite3.Connection, lookup: Lookup) -> None:
    """The home page's counts: 'triples', then each class IRI (in full: `compact` of a class IRI is itself)."""
    counts = read_dataset_counts(lookup)
    db.executemany("INSERT INTO counts VALUES (?, ?)", [("triples", counts.triples), *counts.classes.items()])


def _write_totals(db: sqlite3.Connection, lookup: Lookup) -> None:
    """The dataset's sizes for /dumps and /void: each total of kind 'dataset', then the graphs' and the classes' in
    their queries' order."""
    totals = read_totals(lookup.select)
    rows = [*(("dataset", what, getattr(totals, what)) for what in TOTALS),
            *(("graph", g, n) for g, n in totals.graphs), *(("class", c, n) for c, n in totals.classes)]
    db.executemany("INSERT INTO totals VALUES (?, ?, ?, ?)", ((pos, *row) for pos, row in enumerate(rows)))


def _write_places(db: sqlite3.Connection, lookup: Lookup) -> dict[str, None]:
    """The /places tree's rows in the store's order; the places, whose names the page shows, in return."""
    return _write_tree(db, "places", read_place_rows(lookup), lambda r: r.place)


def _write_tree(db: sqlite3.Connection, table: str, rows, node_of) -> dict[str, None]:
    """A tree's rows (node, parent, projects' count) into `table` in their order; the nodes in return."""
    db.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
                   ((pos, compact(node_of(r)), compact(r.parent) if r.parent else None, r.projects)
                    for pos, r in enumerate(rows)))
    return dict.fromkeys(node_of(r) for r in rows)


def _write_project_rows(db: sqlite3.Connection, lookup: Lookup) -> dict[str, None]:
    """The projects by report, section and theme in the pages' order; the reports, sections, themes and projects,
    whose names the pages show, in return."""
    rows = read_project_rows(lookup, Labeller(lookup))
    db.executemany("INSERT INTO project_rows VALUES (?, ?, ?, ?, ?, ?)",
                   ((pos, compact(r.report), r.year, compact(r.section) if r.section else None,
                     compact(r.theme) if r.theme else None, compact(r.project)) for pos, r in enumerate(rows)))
    return dict.fromkeys(i for r in rows for i in (r.report, r.section, r.theme, r.project) if i is not None)


def _write_industries(db: sqlite3.Connection, lookup: Lookup) -> dict[str, None]:
    """The /industries tree's rows in the store's order; the industries, whose names the page shows, in return."""
    return _write_tree(db, "industries", read_industry_rows(lookup), lambda r: r.industry)


def _write_reports(db: sqlite3.Connection, lookup: Lookup) -> dict[str, None]:
    """The reports in the order / and /reports list them, those naming projects as /projects lists them, and their
    sources as /reports.json reads them (every report at once); the reports and their places, whose names those
    pages show, in return."""
    keys = read_report_keys(lookup)
    db.executemany("INSERT INTO reports VALUES (?, ?, ?, ?)",
                   ((pos, compact(k.report), k.plan, k.review) for pos, k in enumerate(keys)))
    db.executemany("INSERT INTO project_reports VALUES (?, ?)",
                   enumerate(compact(r) for r in read_project_reports(lookup)))
    sources = report_source.read_some(lookup, Labeller(lookup), [k.report for k in keys])

    def iri(ref) -> str | None:
        return compact(ref.iri) if ref is not None else None

    db.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ((compact(r), iri(s.place), iri(s.level), s.publisher, s.url, s.date, iri(s.text_kind))
                    for r, s in sources.items()))
    return dict.fromkeys([*(k.report for k in keys), *(s.place.iri for s in sources.values() if s.place)])
