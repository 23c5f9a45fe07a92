"""Add a new report: stage its text and metadata, rebuild with it, and move it into data/reports/ only once the
store holding it is published (kg/pipeline/staging.py). A report that cannot be read or yields a graph that
fails the SHACL gate never reaches data/reports/, and the served graph stays as it was; so does a run killed
at any moment.

The file may be text in any encoding or an HTML page: what is stored is its plain text in UTF-8 (the article
of a page), so that every offset in the graph's provenance points at the text that is kept. The same text as a
report already there (by its fingerprint) is refused, whatever year or name it is given; so is a near-duplicate,
most of whose statements are one report's (JJKG_NEAR_DUPLICATE_SHARE).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.extract.fingerprint import Fingerprint, fingerprint
from kg.extract.metadata import Settled, read_facts, settle
from kg.extract.read import load_report, read_report, read_text
from kg.extract.reports import ReportMeta, catalogue, meta_path_for
from kg.extract.source_line import publisher_in_text
from kg.graph.build import Progress
from kg.pipeline.bounded_input import check_chinese, check_file
from kg.pipeline.build import build
from kg.pipeline.fingerprint_cache import FOLDER as FINGERPRINTS
from kg.pipeline.fingerprint_cache import FingerprintCache
from kg.pipeline.reference_once import LoadedReference
from kg.pipeline.staging import Change
from kg.pipeline.writer import Notice, writing
from kg.settings import Settings


def ingest(settings: Settings, path: Path, year: int | None = None, *, review_year: int | None = None,
           place: str | None = None, title: str | None = None, publisher: str = "", author: str = "",
           source_url: str = "", delivered: dt.date | None = None, slug: str | None = None, replace: bool = False,
           progress: Progress = lambda _m: None, found: Callable[[str], None] = lambda _line: None,
           notice: Notice = lambda _line: None) -> dict:
    """Add the report at `path`. Its place, years and date come from its own words (kg/extract/metadata.py),
    each overridden by the argument of that name (`place`: a Chinese name, an NBS code or a slug); `found` is
    told each fact and where it came from before the build starts."""
    if source_url and not source_url.startswith(("http://", "https://")):
        raise InputError(f"--source-url must be an http:// or https:// address, not {source_url!r}")
    check_file(path, settings.max_report_bytes)  # before reading a byte: a pipe or /dev/zero never ends
    loaded = load_report(path)  # decodes, takes an HTML page's article and checks it before anything is written
    progress(f"read {path.name}: {loaded.describe()}")
    source = read_text(loaded.text, path)
    if not loaded.text.strip():
        raise InputError("the report is empty", file=path)
    check_chinese(loaded.text, path)
    loaded_ref = LoadedReference.load(settings.reference_dir)  # the build takes these tables too
    ref = loaded_ref.ref
    try:
        settled = settle(read_facts(source, ref.gazetteer, ref.congress), ref.gazetteer, place=place, year=year,
                         review_year=review_year, delivered=delivered)
    except InputError as exc:
        raise InputError(exc.message, file=path) from None
    for line in settled.reasons:
        found(line)
    slug = slug or f"{settled.place}-{settled.plan_year}"
    with writing(settings, f"jjkg ingest {path.name}", notice):  # from the catalogue read to the publish
        manifest = _add(settings, path, loaded.text, settled, slug, replace, progress, notice, loaded_ref,
                        ref.gazetteer.places[settled.place].name_zh, title=title, publisher=publisher, author=author, source_url=source_url)
    return {**manifest, "report": slug, "read": loaded.describe()}


def _add(settings: Settings, path: Path, text: str, settled: Settled, slug: str, replace: bool, progress: Progress,
         notice: Notice, reference: LoadedReference, place_zh: str, **given: str | None) -> dict:
    existing = {m.slug: m for m in catalogue(settings.reports_dir)}
    clash = existing.get(slug)  # the one report --replace replaces: never another, whatever the file names
    # The same text as a stored report is refused first, naming it: under another year it would be a second copy.
    fingerprints = FingerprintCache(settings.var_dir / FINGERPRINTS)
    refuse_duplicate(text, [m for m in existing.values() if not (replace and m is clash)], path,
                     settings.near_duplicate_share, fingerprints.of)
    fingerprints.prune()
    if clash is not None and not replace:
        raise InputError(f"a report with slug {slug!r} exists ({clash.path.name}); pass --replace to replace it")
    name = _free_name(path, slug, clash, existing.values(), settings.reports_dir)
    dest = settings.reports_dir / name
    change = Change(settings)  # the report waits outside data/reports/ until the store holding it is published
    try:
        if clash is not None and clash.path != dest:
            change.remove(clash)
        staged = change.path_for(name)
        write_report(staged, text, meta_record(slug, text, settled, path, place_zh=place_zh, **given), settled.reasons,
                     path)
        change.add(staged)
        change.seal()
        manifest = build(settings, progress=progress, notice=notice, change=change, reference=reference)
    except InputError as exc:
        change.abort()
        raise _about_users_file(exc, change, path) from None
    except BaseException:
        change.abort()
        raise
    return {**manifest, "file": name}


def _free_name(path: Path, slug: str, clash: ReportMeta | None, reports: Iterable[ReportMeta],
               reports_dir: Path) -> str:
    """The stored file's name: the user's, or the slug's when another report has that name (replacing that
    report because of its file name would change another report's year)."""
    owners = {m.path.name: m for m in reports}
    for name in dict.fromkeys((stored_name(path, slug), f"{slug}.txt")):
        if owners.get(name) in (None, clash):
            return name
    raise InputError(f"{stored_name(path, slug)} and {slug}.txt are both other reports' files in {reports_dir}: "
                     f"give the file another name", file=path)


def stored_name(path: Path, slug: str) -> str:
    """The user's file name, kept for the reader's sake; the slug's when the name is hidden or holds control
    characters (an ESC in a name must not reach data/reports/ or the metadata)."""
    return f"{path.stem}.txt" if path.stem.isprintable() and not path.stem.startswith(".") else f"{slug}.txt"


def _about_users_file(exc: InputError, change: Change, path: Path) -> InputError:
    """An error in the staged copy is an error in the user's file: name that one (the staged copy is gone)."""
    if exc.file and Path(exc.file).parent == change.dir:
        return InputError(exc.message, file=path, line=exc.line)
    return exc


def refuse_duplicate(text: str, reports: list[ReportMeta], path: Path, near: float = 1.0,
                     fingerprint_of: Callable[[Path], Fingerprint] | None = None) -> None:
    """The same text (after normalisation, kg.extract.fingerprint) as a stored report is not added again under
    another year or name; nor is a near-duplicate, a `near` share or more of whose statements are one stored
    report's (the first 85 % of it, saved as a new file). `fingerprint_of`: a stored report's fingerprint (by
    default read and computed; kg/pipeline/fingerprint_cache.py keeps them between ingests)."""
    fingerprint_of = fingerprint_of or stored_fingerprint
    mine = fingerprint(text)
    theirs = [(meta, fingerprint_of(meta.path)) for meta in reports]
    for meta, other in theirs:
        if mine.matches(other):
            raise InputError(f"the same text as report {meta.slug} ({meta.path.name}, plan year {meta.plan_year}) "
                             f"is already in {meta.path.parent}: not added again (to replace that report, pass "
                             f"--replace --slug {meta.slug})", file=path)
    share, meta = max(((mine.share_in(other), meta) for meta, other in theirs), default=(0.0, None),
                      key=lambda pair: pair[0])
    if meta is not None and share >= near:
        raise InputError(near_duplicate(share, meta.slug, f" ({meta.path.name}, plan year {meta.plan_year})", near),
                         file=path)


def stored_fingerprint(path: Path) -> Fingerprint:
    return fingerprint(read_report(path).text)


def near_duplicate(share: float, slug: str, about: str, near: float, how: str = "pass") -> str:
    return (f"a near-duplicate of report {slug}{about}: {share:.0%} of its statements are that report's "
            f"(JJKG_NEAR_DUPLICATE_SHARE: {near:.0%}); not added as another report (to replace that report, {how} "
            f"--replace --slug {slug})")


def meta_record(slug: str, text: str, settled: Settled, path: Path, *, title: str | None = None,
                publisher: str = "", author: str = "", source_url: str = "", place_zh: str = "") -> dict:
    """The `.meta.yaml` of a report added from `path`: what the text said of itself, or what the user gave. A title
    that is only the kind of document (政府工作报告, as a formal report's first line often is) is given its place
    and year (`place_zh`: the settled place's name), so that lists and pages say whose report it is (issue 29)."""
    # A title the text gives (2026年福建省政府工作报告) before its first line (a portal's "下载" button).
    found = title or whose_title(settled.report_title or _first_line(text) or path.stem, settled.plan_year, place_zh)
    return {
        "slug": slug, "title": found,
        "report_title": title or whose_title(settled.report_title, settled.plan_year, place_zh),
        "publisher": publisher or publisher_in_text(text),
        **({"source_url": source_url} if source_url else {}), "author": author,
        "delivered": settled.delivered, "plan_year": settled.plan_year, "review_year": settled.review_year,
        "place": settled.place, "language": "zh",
    }


def _store_text(dest: Path, text: str) -> None:
    dest.write_text(text, encoding="utf-8", newline="")


def write_report(dest: Path, text: str, meta: dict, reasons: tuple[str, ...], source: Path) -> None:
    """The decoded text exactly, as UTF-8, and its metadata with the reasons for each fact as comments (a failed
    write is undone by the caller)."""
    _store_text(dest, text)
    why = "".join(f"# {_printable(line)}\n" for line in reasons)
    meta_path_for(dest).write_text(
        f"# Added by `jjkg ingest {_printable(source.name)}` on {dt.date.today().isoformat()}; what it found:\n" + why
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _printable(name: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in name)  # YAML refuses control characters anywhere


BARE_TITLE = re.compile(r"(?:人民)?政府工作报告")


def whose_title(found: str, year: int, place_zh: str) -> str:
    """`found`, or, when it names neither place nor year (only 政府工作报告), 2023年福建省政府工作报告."""
    if place_zh and BARE_TITLE.fullmatch(found.strip()):
        return f"{year}年{place_zh}{found.strip()}"
    return found


def _first_line(text: str) -> str:
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")[:80]
