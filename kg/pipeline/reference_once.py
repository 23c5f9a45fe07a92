"""The reference tables loaded once per ingest (issue 14): `jjkg ingest` reads them to settle a report's place and
years, and the build it then runs loaded them a second time (a second or more, of an ingest that should take
seconds). The build takes the ingest's tables when the reference files are byte for byte those they were loaded
from: an ingest may wait for the write lock while someone edits data/reference, and the build must read what the
extraction cache's code version and the manifest's input hash say it read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.extract.reference import Reference


def content_hash(directory: Path) -> str:
    """Of every file under `directory`, names and bytes (a few MB: milliseconds)."""
    h = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        h.update(f"{path.relative_to(directory)}\0".encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@dataclass(frozen=True)
class LoadedReference:
    ref: Reference
    content: str  # content_hash of the directory, taken before the tables were read

    @classmethod
    def load(cls, directory: Path) -> LoadedReference:
        before = content_hash(directory)  # hashed first: a file changed while loading is a mismatch later
        return cls(Reference.load(directory), before)

    def if_current(self, directory: Path) -> Reference | None:
        """The tables, when `directory` still holds what they were loaded from; None when they must be loaded again."""
        if self.ref.directory != directory or content_hash(directory) != self.content:
            return None
        return self.ref
