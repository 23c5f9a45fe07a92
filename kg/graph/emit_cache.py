"""Each report's emitted graph kept on disk between builds (issue 14), with what the later stages read of it and its
SHACL verdict: a build with nothing changed, or an ingest of one report, emits and checks again only the reports whose
graph changed.

An entry is one report's `Emitted` (its N-Quads, figure rows, projects' locations, the quote rule's verdict and what
the batch checks read of it: kg/graph/checks.py's `ReportFacts`), pickled at
`<var>/emissions/<version>/<entry key>.pickle`:
- the version hashes what emission and the checks depend on besides the report: the extraction cache's code version
  (kg/extract, the reference files, Python, the text libraries), kg/graph's sources, the ontology, the shapes, the
  base IRI and the RDF libraries' versions;
- the entry key hashes the report key (its text and metadata: kg/graph/extract_cache.py) and everything its graph
  takes from the linking of the whole corpus (`kg.graph.emit.report_links`: its figures' indicator slugs and
  names, its projects' slugs, places and groups). A report whose project another report now also names (another
  place, a group, a slug taken) is another key, so emitted again; one whose links are unchanged is read back.
A report's SHACL verdict also reads what the shared part says of the shared nodes it names, which other reports
change (a project becoming a group, a place's parents). A clean verdict is kept as an empty file
`<entry key>.<verdict key>.ok` (the verdict key: `Checks.verdict_key`, a hash of that closure); a report without
one for this build's closure is checked again in a batch. The shared part's and the assessments' checks keep theirs
as `shared.<hash>.ok` and `derived.<hash>.ok`, the hash of the triples they checked (but the ontology's). No verdict but "clean" is kept: any violation makes
the build check the whole graph as before (kg/graph/stream.py).

Files written via a temporary name and `os.replace`; an unreadable entry is a miss (emitted again and rewritten);
each build that gets through emission prunes other versions, entries and verdicts it did not use and temporary
files. JJKG_EMIT_CACHE=off or `jjkg build --no-cache` bypasses it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.extract.reports import ReportMeta
from kg.graph.assess import FigureRow
from kg.graph.checks import ReportFacts
from kg.graph.emit import GoalLinks
from kg.graph.extract_cache import PROTOCOL, ExtractionCache, code_version, hash_files, hash_libraries, report_key
from kg.graph.namespaces import BASE
from kg.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

FOLDER = "emissions"  # under the var directory
SUFFIX = ".pickle"
VERDICT = ".ok"
# Emission serialises with rdflib and writes pinyin labels; the checks run pyshacl_turbo.
LIBRARIES = ("rdflib", "pyshacl-turbo", "pypinyin")


@dataclass
class Emitted:
    """One report's graph as the build's later stages read it."""
    slug: str
    nquads: bytes  # its named graph, rdflib's serialisation (the dump's lines)
    rows: list[FigureRow]  # its figures, as an assessment reads them
    locations: list[tuple[URIRef, URIRef]]  # its projects' jjo:location
    quotes_hold: bool  # the quote rule (checked on the report's own graph)
    facts: ReportFacts


def version(reference_dir: Path, extraction_version: str | None = None) -> str:
    """A hash of everything besides the report and the corpus's linking that an emitted graph and its check
    depend on (`extraction_version`: the extraction cache's, when the build has one, so that the reference files
    are not hashed twice)."""
    h = hashlib.sha256(f"extraction {extraction_version or code_version(reference_dir)} base {BASE}".encode())
    hash_libraries(h, LIBRARIES)
    sources = sorted((PROJECT_ROOT / "kg" / "graph").rglob("*.py"))
    sources += sorted((PROJECT_ROOT / "ontology").glob("*.ttl")) + sorted((PROJECT_ROOT / "shapes").glob("*.ttl"))
    hash_files(h, "code", PROJECT_ROOT, sources)
    return h.hexdigest()[:32]


class EmitCache:
    """The entries of one version under `root` (`<var>/emissions`), and how many this build read back."""

    def __init__(self, root: Path, reference_dir: Path, extractions: ExtractionCache | None = None):
        """`extractions`: the build's extraction cache, whose version and report keys this one builds on."""
        self.root = root
        self.folder = root / version(reference_dir, extractions.folder.name if extractions else None)
        self._report_key = extractions.key if extractions else report_key  # each text read once a build
        self.reused = 0  # graphs read back in this build
        self.made = 0  # graphs emitted (and kept) in this build
        self.verdicts_reused = 0  # reports not checked again: found clean by an earlier build under the same closure
        self._used: set[str] = set()  # file names this build read or wrote: what pruning keeps

    def key(self, meta: ReportMeta, links: tuple[GoalLinks, ...]) -> str:
        """The entry key of a report whose linking gave it `links`."""
        h = hashlib.sha256(self._report_key(meta).encode())
        h.update(repr(links).encode())
        return h.hexdigest()[:32]

    def get(self, key: str, slug: str) -> Emitted | None:
        """The report's entry as a build of the same version made it, or None (none kept, or unreadable)."""
        path = self.folder / (key + SUFFIX)
        self._used.add(path.name)
        try:
            with path.open("rb") as f:
                emitted = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as exc:  # truncated, corrupt or of a class that changed: emitted again, and rewritten
            log.debug("emission cache: %s unreadable (%s: %s), emitting %s again", path, type(exc).__name__, exc, slug)
            return None
        if not isinstance(emitted, Emitted) or emitted.slug != slug:
            log.debug("emission cache: %s holds no graph of %s, emitting it again", path, slug)
            return None
        self.reused += 1
        return emitted

    def put(self, key: str, emitted: Emitted) -> None:
        """Keep `emitted` for the next build: written under a temporary name, then renamed."""
        self.made += 1
        self._write(key + SUFFIX, pickle.dumps(emitted, protocol=PROTOCOL))

    def checked(self, key: str, verdict: str) -> bool:
        """Whether an earlier build found the report of `key` clean under the verdict key `verdict`."""
        found = self.known(f"{key}.{verdict}")
        self.verdicts_reused += found
        return found

    def mark_checked(self, key: str, verdict: str) -> None:
        """The report of `key` was found clean under `verdict`."""
        self.keep(f"{key}.{verdict}")

    def known(self, name: str) -> bool:
        """Whether a clean verdict named `name` is kept (a report's, or a part's: kg/graph/checks.py)."""
        self._used.add(name + VERDICT)
        return (self.folder / (name + VERDICT)).is_file()

    def keep(self, name: str) -> None:
        """Keep a clean verdict named `name`."""
        self._write(name + VERDICT, b"")

    def prune(self) -> None:
        """Remove what no later build of this code and corpus reads: other versions, entries and verdicts this
        build did not use, temporary files a killed build left (one writer at a time: the data lock)."""
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if folder != self.folder:
                shutil.rmtree(folder, ignore_errors=True) if folder.is_dir() else folder.unlink(missing_ok=True)
        for entry in self.folder.iterdir() if self.folder.is_dir() else ():
            if entry.name not in self._used:
                entry.unlink(missing_ok=True)

    def _write(self, name: str, data: bytes) -> None:
        self._used.add(name)
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, prefix=".", suffix=".tmp", delete=False) as f:
                temporary = Path(f.name)
                f.write(data)
            os.replace(temporary, self.folder / name)
        except Exception as exc:  # the cache saves time; its failure (a full disk) must not fail the build
            log.debug("emission cache: could not keep %s (%s: %s)", name, type(exc).__name__, exc)
            if temporary is not None:
                temporary.unlink(missing_ok=True)
