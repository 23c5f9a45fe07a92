"""`jjkg ingest FOLDER`: every report in a folder (and its sub-folders), each read with no option, added in one
build.

Each file is read, its government and years settled from its own words, and its text and metadata staged
(kg/pipeline/staging.py); a file that cannot be read or says nothing of itself is refused with the reason and the
others go on. Then one build publishes them all and only then are they moved into data/reports/; if the build
fails (or the run is killed) data/reports/ and the served graph stay as they were. A report already in (the
same text) is left as it is, a near-duplicate of one (most of its statements: JJKG_NEAR_DUPLICATE_SHARE) is
refused; a second report of the same place and year (a news article beside the full text) gets the next free
slug (`zhongguo-2026-2`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.extract.article import HTML_SUFFIXES
from kg.extract.fingerprint import Fingerprint, fingerprint
from kg.extract.metadata import read_facts, settle
from kg.extract.read import load_report, read_text
from kg.extract.reference import Reference
from kg.extract.reports import catalogue
from kg.graph.build import Progress
from kg.pipeline.bounded_input import check_chinese, check_file
from kg.pipeline.build import build
from kg.pipeline.fingerprint_cache import FOLDER as FINGERPRINTS
from kg.pipeline.fingerprint_cache import FingerprintCache
from kg.pipeline.ingest import meta_record, near_duplicate, write_report
from kg.pipeline.reference_once import LoadedReference
from kg.pipeline.staging import Change
from kg.pipeline.writer import Notice, writing
from kg.settings import Settings

REPORT_SUFFIXES = {".txt", *HTML_SUFFIXES}


@dataclass
class Row:
    """One file of the folder: what it was added as, and why, or why not."""

    file: str  # relative to the folder
    slug: str = ""
    place: str = ""  # the government's place, as the gazetteer describes it
    plan_year: int | None = None
    review_year: int | None = None
    reasons: tuple[str, ...] = ()  # each fact and the words it came from
    refused: str = ""  # why the file did not go in ('' when it did)
    already: bool = False  # the same text is a report already in (`slug`): left as it is
    seconds: float = 0.0  # reading and settling it, and its extraction in the build
    found: dict = field(default_factory=dict)  # what extraction found (kg.extract.summary)


def report_files(folder: Path) -> list[Path]:
    """Texts and web pages under `folder`, in name order; notes beside them (README.md, SOURCES.tsv) are not
    reports."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def ingest_folder(settings: Settings, folder: Path, progress: Progress = lambda _m: None,
                  told: Callable[[Row], None] = lambda _r: None,
                  notice: Notice = lambda _line: None) -> tuple[list[Row], dict | None]:
    """Add every report under `folder` in one build. Returns a row per file and the build's manifest (None when
    no file could be added: nothing was built)."""
    files = report_files(folder)
    if not files:
        raise InputError(f"no report in {folder} (files ending in {', '.join(sorted(REPORT_SUFFIXES))})")
    with writing(settings, f"jjkg ingest {folder.name}/", notice):
        return _add_all(settings, folder, files, progress, told, notice)


def _add_all(settings: Settings, folder: Path, files: list[Path], progress: Progress, told: Callable[[Row], None],
             notice: Notice) -> tuple[list[Row], dict | None]:
    loaded_ref = LoadedReference.load(settings.reference_dir)  # the build takes these tables too
    ref = loaded_ref.ref
    existing = catalogue(settings.reports_dir)
    fingerprints = FingerprintCache(settings.var_dir / FINGERPRINTS)  # the stored reports', kept between ingests
    known: dict[str, Fingerprint] = {m.slug: fingerprints.of(m.path) for m in existing}
    fingerprints.prune()
    change = Change(settings)  # the reports wait outside data/reports/ until the store holding them is published
    sources: dict[Path, Path] = {}  # staged text → the user's file
    rows: list[Row] = []
    try:
        for path in files:
            started = time.perf_counter()
            row = Row(str(path.relative_to(folder)))
            progress(f"reading {row.file}")
            try:
                _read_one(settings, ref, path, row, known, change, sources)
            except InputError as exc:
                row.refused = exc.message
            row.seconds = time.perf_counter() - started
            rows.append(row)
            told(row)
        if not sources:
            change.abort()
            return rows, None  # nothing new: nothing to build
        change.seal()
        manifest = build(settings, progress=progress, notice=notice, change=change, reference=loaded_ref)
    except InputError as exc:
        change.abort()
        source = sources.get(Path(exc.file)) if exc.file else None
        raise exc if source is None else InputError(exc.message, file=source, line=exc.line) from None
    except BaseException:
        change.abort()
        raise
    for row in rows:
        if row.slug and not row.refused:
            row.found = manifest["found"].get(row.slug, {})
            row.seconds += 0.0 if row.already else row.found.get("seconds", 0.0)
    return rows, manifest


def _read_one(settings: Settings, ref: Reference, path: Path, row: Row, known: dict[str, Fingerprint],
              change: Change, sources: dict[Path, Path]) -> None:
    check_file(path, settings.max_report_bytes)
    loaded = load_report(path)
    if not loaded.text.strip():
        raise InputError("the report is empty")
    check_chinese(loaded.text, path)
    settled = settle(read_facts(read_text(loaded.text, path), ref.gazetteer, ref.congress), ref.gazetteer)
    row.place, row.plan_year, row.review_year = (ref.gazetteer.describe(settled.place), settled.plan_year,
                                                 settled.review_year)
    row.reasons = settled.reasons
    mine = fingerprint(loaded.text)
    same = next((slug for slug, other in known.items() if mine.matches(other)), None)
    if same is not None:
        row.slug, row.already = same, True
        return
    share, near = max(((mine.share_in(other), slug) for slug, other in known.items()), default=(0.0, ""))
    if near and share >= settings.near_duplicate_share:
        raise InputError(near_duplicate(share, near, "", settings.near_duplicate_share,
                                        how="add this file alone with"))
    slug = _free_slug(f"{settled.place}-{settled.plan_year}", known, settings.reports_dir)
    staged = change.path_for(f"{slug}.txt")
    write_report(staged, loaded.text, meta_record(slug, loaded.text, settled, path,
                                                  place_zh=ref.gazetteer.places[settled.place].name_zh),
                 settled.reasons, path)
    change.add(staged)
    sources[staged] = path
    known[slug] = mine
    row.slug = slug


def _free_slug(slug: str, taken: dict, reports_dir: Path) -> str:
    """`slug`, or `slug-2`, `slug-3` …: the first that neither a report nor a file in data/reports/ has."""
    candidate, n = slug, 1
    while candidate in taken or (reports_dir / f"{candidate}.txt").exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate
