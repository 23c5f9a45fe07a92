"""Ingest as a transaction: reports being added stay outside the catalogue until the store that holds them is
published.

An ingest writes each new report (its text and `.meta.yaml`) into a folder of its own under
`<data>/.jjkg-staging/`, builds from the catalogue plus those reports, and only once the store is published moves
each file into data/reports/ with os.replace (atomic: the same file system). Nothing in data/reports/ changes
before then, so a run killed earlier leaves the catalogue exactly as it was; a report replaced stays until its
replacement is published.

The publish is the commit point. The store's manifest names the staging folder, so the next writer that finds a
folder left by a killed run (`recover`, under the write lock) knows what to do with it: finish its moves when its
store was published, else delete it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from kg.extract.reports import ReportMeta, catalogue, load_meta, meta_path_for
from kg.settings import Settings
from kg.store import embedded as store

STAGING = ".jjkg-staging"  # under the data directory: a dot folder, which builds and their input hash skip
PLAN = "plan.json"  # what the commit does, written before the build so that a later writer can redo it


def staging_root(settings: Settings) -> Path:
    return settings.data_dir / STAGING


class Change:
    """Reports to add to data/reports/ (staged) and the files of those they replace (removed), applied only
    after the store built with them is published."""

    def __init__(self, settings: Settings):
        self.reports_dir = settings.reports_dir
        root = staging_root(settings)
        root.mkdir(exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
        self.name = self.dir.name  # recorded in the manifest of the store that holds these reports
        self.staged: list[ReportMeta] = []
        self.removed: list[Path] = []  # files in data/reports/
        self.published = False

    def path_for(self, file_name: str) -> Path:
        """Where to write a report's text (and beside it, its metadata) before it is added."""
        return self.dir / file_name

    def add(self, text_path: Path) -> ReportMeta:
        """A report written at `path_for(...)`, to be moved into data/reports/ under the same name."""
        meta = load_meta(meta_path_for(text_path))
        self.staged.append(meta)
        return meta

    def remove(self, report: ReportMeta) -> None:
        """A report of data/reports/ that goes when this change is published (one replaced under another name)."""
        self.removed += [report.path, report.meta_path]  # text first: metadata without a text is never read

    def metas(self) -> list[ReportMeta]:
        """The catalogue as it will be once this change is applied, in the catalogue's order."""
        gone = set(self.removed) | {final for _staged, final in self._moves()}
        kept = [m for m in catalogue(self.reports_dir) if m.path not in gone and m.meta_path not in gone]
        return sorted(kept + self.staged, key=lambda m: (m.plan_year, m.slug))

    def final_path(self, path: Path) -> Path:
        """Where a staged file goes in data/reports/ (any other path as it is)."""
        return self.reports_dir / path.name if path.parent == self.dir else path

    def layout(self, files: list[Path]) -> list[tuple[Path, Path]]:
        """(name, where its bytes are now) for the input files as they will be: a build's input hash is that of
        data/ after the change, so `jjkg build --if-stale` finds the published store current."""
        moves = self._moves()
        gone = set(self.removed) | {final for _staged, final in moves}
        return [(f, f) for f in files if f not in gone] + [(final, staged) for staged, final in moves]

    def seal(self) -> None:
        """Write the plan of the commit. Call before the build: from then on the change can be redone."""
        plan = {"remove": [p.name for p in self.removed],
                "moves": [[staged.name, final.name] for staged, final in self._moves()]}
        (self.dir / PLAN).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")

    def commit(self) -> None:
        """The store holding these reports is published: apply the change to data/reports/."""
        self.published = True  # from here on the staged files are the truth; abort() must keep them
        _apply(self.dir, self.reports_dir)

    def abort(self) -> None:
        """Forget the change (nothing in data/reports/ was touched), unless its store was published: then a
        later writer finishes it."""
        if not self.published:
            shutil.rmtree(self.dir, ignore_errors=True)
            _tidy(self.dir.parent)

    def _moves(self) -> list[tuple[Path, Path]]:
        # Metadata first, then the text: a text without metadata would break the catalogue.
        return [(src, self.reports_dir / src.name) for m in self.staged for src in (m.meta_path, m.path)]


def recover(settings: Settings, notice: Callable[[str], None]) -> None:
    """Undo or finish what killed runs left in the staging folder (under the write lock: no live run's)."""
    root = staging_root(settings)
    if not root.is_dir():
        return
    published = store.current(settings.store_link)
    committed = published.manifest.get("staged") if published else None
    for leftover in sorted(root.iterdir()):
        if leftover.name == committed and (leftover / PLAN).is_file():
            names = _apply(leftover, settings.reports_dir)
            notice(f"finished adding {', '.join(names)} to {settings.reports_dir}: a killed run had published "
                   f"them ({leftover})")
        else:
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
            notice(f"removed {leftover}: reports staged by a run that ended before publishing them")
    _tidy(root)


def _apply(staged_dir: Path, reports_dir: Path) -> list[str]:
    """Replay a plan: each step is safe to repeat, so a run killed half-way through is finished by the next."""
    plan = json.loads((staged_dir / PLAN).read_text(encoding="utf-8"))
    for name in plan["remove"]:
        (reports_dir / name).unlink(missing_ok=True)
    for staged, final in plan["moves"]:
        if (staged_dir / staged).exists():
            os.replace(staged_dir / staged, reports_dir / final)
    shutil.rmtree(staged_dir, ignore_errors=True)
    _tidy(staged_dir.parent)
    return [final for _staged, final in plan["moves"] if final.endswith(".txt")]


def _tidy(root: Path) -> None:
    try:
        root.rmdir()  # only when empty: another run's folder stays
    except OSError:
        pass
