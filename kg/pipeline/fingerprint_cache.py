"""Each stored report's fingerprint kept on disk between ingests (issue 14): `jjkg ingest` compares a new text with
every report already in (kg.extract.fingerprint), and reading, decoding and normalising all of them again on every
ingest grew with the corpus. A report unchanged since the last ingest is not read as text again.

An entry is one report's fingerprint as JSON, at `<var>/fingerprints/<code version>/<text key>.json`:
- the code version hashes the sources of what turns a stored file into a fingerprint (kg.extract.read, decode,
  article, fingerprint and what they import), the Python version and the versions of the libraries those read text with;
- the text key hashes the file's bytes and its suffix (the suffix decides whether the file reads as an HTML page).
The same bytes give the same fingerprint, so a hit is what computing it again would give. An entry that cannot be read
or is not a fingerprint is a miss (computed again and rewritten). Entries are written under a temporary name and
renamed; each check prunes other code versions and the entries of files no longer stored. Writers hold the data
directory's lock (kg/pipeline/writer.py), so one check at a time writes and prunes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from kg.extract.fingerprint import Fingerprint, fingerprint
from kg.extract.read import read_report
from kg.graph.extract_cache import hash_files, hash_libraries
from kg.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

FOLDER = "fingerprints"  # under the var directory
SUFFIX = ".json"
# What read_report and fingerprint run (tests/test_fingerprint_cache.py checks that importing them loads no other
# project module), and the libraries they decode and normalise with.
SOURCES = ("kg/__init__.py", "kg/errors.py", "kg/extract/__init__.py", "kg/extract/fingerprint.py", "kg/extract/read.py",
           "kg/extract/decode.py", "kg/extract/article.py", "kg/extract/blocks.py", "kg/extract/layout.py")
LIBRARIES = ("OpenCC", "charset-normalizer", "trafilatura", "lxml")


def code_version() -> str:
    """A hash of everything besides a file's bytes that its fingerprint depends on."""
    h = hashlib.sha256(f"python {sys.version}".encode())
    hash_libraries(h, LIBRARIES)
    hash_files(h, "code", PROJECT_ROOT, [PROJECT_ROOT / source for source in SOURCES])
    return h.hexdigest()[:32]


def text_key(path: Path, data: bytes) -> str:
    return hashlib.sha256(f"{path.suffix.lower()}\0".encode() + data).hexdigest()[:32]


class FingerprintCache:
    """The entries of one code version under `root` (`<var>/fingerprints`), and how many this check read back."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / code_version()
        self.reused = 0
        self.used: set[str] = set()  # entry names this check read or wrote: what prune keeps

    def of(self, path: Path) -> Fingerprint:
        """The fingerprint of the stored report at `path`: read back, or computed (and kept) as before."""
        try:
            data = path.read_bytes()
        except OSError:
            return fingerprint(read_report(path).text)  # says why it cannot be read, as the check always did
        entry = self.folder / (text_key(path, data) + SUFFIX)
        self.used.add(entry.name)
        found = _read(entry)
        if found is not None:
            self.reused += 1
            return found
        made = fingerprint(read_report(path).text)
        _write(entry, made)
        return made

    def prune(self) -> None:
        """Remove other code versions' entries, entries of files this check did not see and temporary files a killed
        ingest left: call after a check that went through every stored report."""
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink(missing_ok=True)
        for entry in self.folder.iterdir() if self.folder.is_dir() else ():
            if entry.name not in self.used:
                entry.unlink(missing_ok=True)


def _read(entry: Path) -> Fingerprint | None:
    try:
        kept = json.loads(entry.read_bytes())
        digest, lines, statements = kept["digest"], kept["lines"], kept["statements"]
        if not (isinstance(digest, str) and all(isinstance(s, str) for s in (*lines, *statements))):
            raise TypeError("not a fingerprint")
        return Fingerprint(digest, frozenset(lines), frozenset(statements))
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated, edited or of another layout: computed again, and rewritten
        log.debug("fingerprint cache: %s unreadable (%s: %s)", entry, type(exc).__name__, exc)
        return None


def _write(entry: Path, found: Fingerprint) -> None:
    """Written under a temporary name, then renamed: a reader never sees half an entry."""
    temporary = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=entry.parent, prefix=".", suffix=".tmp",
                                         delete=False) as f:
            temporary = Path(f.name)
            json.dump({"digest": found.digest, "lines": sorted(found.lines), "statements": sorted(found.statements)},
                      f, ensure_ascii=False)
        os.replace(temporary, entry)
    except Exception as exc:  # the cache saves time; its failure (a full disk) must not fail the ingest
        log.debug("fingerprint cache: could not keep %s (%s: %s)", entry, type(exc).__name__, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
