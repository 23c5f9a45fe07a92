"""Each report's extraction kept on disk between builds (issue 14): a build with nothing changed, or an ingest of one
report, extracts no report again but the new or changed ones.

An entry is one report's pickled `ReportExtraction`, at `<var>/extractions/<code version>/<report key>.pickle`:
- the code version hashes what extraction depends on besides the report: the sources of kg/extract (and
  kg/errors.py, whose messages a skipped statement keeps), every file of the reference directory, the Python version,
  the pickle protocol and the versions of the libraries extraction reads text with;
- the report key hashes the report's text and its metadata: every field but the folder the files are in (a report
  staged by `jjkg ingest` is the same report once moved into data/reports/; its paths are set anew when read back).
Anything changed is another key, so a miss. Each build prunes the entries of other code versions and of reports no
longer in its corpus. JJKG_EXTRACT_CACHE=off or `jjkg build --no-cache` bypasses the cache.

Read back, an extraction is a new set of objects, as one from a worker process is: the linker and the emitter take
it as they take a fresh one (they know records by id() within one build only). Pickle runs code when it loads:
the var directory is the build's own output, written by whoever runs the build.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from kg.extract.model import ReportExtraction
from kg.extract.reports import ReportMeta
from kg.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

FOLDER = "extractions"  # under the var directory
SUFFIX = ".pickle"
PROTOCOL = pickle.HIGHEST_PROTOCOL
# The libraries kg/extract decodes, normalises and reads numbers with: another version may read a text otherwise.
LIBRARIES = ("OpenCC", "cn2an", "pypinyin", "trafilatura", "charset-normalizer", "PyYAML", "lxml")


def code_version(reference_dir: Path) -> str:
    """A hash of everything besides the report itself that an extraction depends on."""
    h = hashlib.sha256(f"python {sys.version} pickle {PROTOCOL}".encode())
    hash_libraries(h, LIBRARIES)
    sources = sorted((PROJECT_ROOT / "kg" / "extract").rglob("*.py")) + [PROJECT_ROOT / "kg" / "errors.py"]
    hash_files(h, "code", PROJECT_ROOT, sources)
    hash_files(h, "reference", reference_dir, sorted(p for p in reference_dir.rglob("*") if p.is_file()))
    return h.hexdigest()[:32]


def hash_libraries(h, names: tuple[str, ...]) -> None:
    """Add the installed version of each library (or its absence) to a hash: another version may read otherwise."""
    for name in names:
        try:
            h.update(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} absent".encode())


def hash_files(h, label: str, root: Path, files) -> None:
    """Add each file's path under `root` and its content to a hash."""
    for path in files:
        h.update(f"{label} {path.relative_to(root)}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())


def report_key(meta: ReportMeta) -> str:
    """A hash of the report's text and of its metadata, without the folder its files are in."""
    fields = dataclasses.asdict(meta) | {"path": meta.path.name, "meta_path": meta.meta_path.name}
    h = hashlib.sha256(repr(sorted(fields.items())).encode())
    h.update(meta.path.read_bytes())
    return h.hexdigest()[:32]


class ExtractionCache:
    """The entries of one code version under `root` (`<var>/extractions`), and how many this build read back."""

    def __init__(self, root: Path, reference_dir: Path):
        self.root = root
        self.folder = root / code_version(reference_dir)
        self.reused = 0  # extractions read back in this build
        self._keys: dict[ReportMeta, str] = {}  # each text read once for its key

    def key(self, meta: ReportMeta) -> str:
        """The report's key, its text read once a build (the emission cache keys on it too)."""
        if meta not in self._keys:
            self._keys[meta] = report_key(meta)
        return self._keys[meta]

    def entry(self, meta: ReportMeta) -> Path:
        return self.folder / (self.key(meta) + SUFFIX)

    def get(self, meta: ReportMeta) -> ReportExtraction | None:
        """The report's extraction as a build of the same code made it, or None (none kept, or unreadable)."""
        path = self.entry(meta)
        started = time.perf_counter()
        try:
            with path.open("rb") as f:
                ex = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, corrupt or of a class that changed: extracted again, and rewritten
            log.debug("extraction cache: %s unreadable (%s: %s), extracting %s again",
                      path, type(exc).__name__, exc, meta.slug)
            return None
        if not isinstance(ex, ReportExtraction) or ex.meta.slug != meta.slug:
            log.debug("extraction cache: %s holds no extraction of %s, extracting it again", path, meta.slug)
            return None
        self.reused += 1
        return _found_at(ex, meta, time.perf_counter() - started)

    def put(self, meta: ReportMeta, ex: ReportExtraction) -> None:
        """Keep `ex` for the next build: written under a temporary name, then renamed (a reader never sees half)."""
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, prefix=".", suffix=".tmp", delete=False) as f:
                temporary = Path(f.name)
                pickle.dump(ex, f, protocol=PROTOCOL)
            os.replace(temporary, self.entry(meta))
        except Exception as exc:  # the cache saves time; its failure (a full disk) must not fail the build
            log.debug("extraction cache: could not keep %s (%s: %s)", meta.slug, type(exc).__name__, exc)
            if temporary is not None:
                temporary.unlink(missing_ok=True)

    def prune(self, metas: list[ReportMeta]) -> None:
        """Remove what no later build of this code and corpus reads: other code versions' entries, entries of reports
        no longer in `metas`, and temporary files a killed build left (one writer at a time: the data lock)."""
        keep = {self.entry(m).name for m in metas}
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink(missing_ok=True)
        for entry in self.folder.iterdir() if self.folder.is_dir() else ():
            if entry.name not in keep:
                entry.unlink(missing_ok=True)


def _found_at(ex: ReportExtraction, meta: ReportMeta, seconds: float) -> ReportExtraction:
    """`ex` with the paths of where the report is now (the key leaves the folder out), as an extraction of it there
    would have them; `seconds`: how long reading it back took."""
    old = str(ex.meta.path)
    skipped = [dataclasses.replace(s, file=str(meta.path)) if s.file == old else s for s in ex.skipped]
    return dataclasses.replace(ex, meta=meta, source=dataclasses.replace(ex.source, path=meta.path), skipped=skipped,
                               seconds=seconds)
