"""Where the wall time of one `jjkg ingest FILE` goes (issue 14): the ingest runs in this process
(kg.pipeline.ingest.ingest, every option read from the text, under the settings of the environment) with a timer
around each step that comes before the build and the build's progress lines timed, and prints one line per stage:
`STAGE<TAB>SECONDS<TAB>CALLS`, then a JSON line with the totals.

    JJKG_DATA_DIR=… JJKG_VAR_DIR=… PYTHONPATH=CODE python bench/ingest_profile.py FILE

Run with PYTHONPATH (and the working directory) at the code to measure: the timers wrap functions by name and skip
those the code does not have, so the same script measures a branch and its base.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the project's imports: start-up is a stage

import argparse  # noqa: E402
import functools  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

# (module, attribute, stage): a step of the ingest, timed wherever it is called from. Nested steps are counted in
# both (a stored report's read inside the duplicate check): the stages are where the time goes, not a partition.
STEPS = (
    ("kg.extract.read", "load_report", "read the new file"),
    ("kg.extract.reference.Reference", "load", "reference tables (Reference.load)"),
    ("kg.extract.metadata", "read_facts", "settle place and years"),
    ("kg.pipeline.ingest", "refuse_duplicate", "duplicate check (all of it)"),
    ("kg.pipeline.ingest", "read_report", "  stored reports read (read_report)"),
    ("kg.pipeline.ingest", "fingerprint", "  fingerprints computed"),
    ("kg.pipeline.fingerprint_cache", "read_report", "  stored reports read (read_report)"),
    ("kg.pipeline.fingerprint_cache", "fingerprint", "  fingerprints computed"),
    ("kg.pipeline.fingerprint_cache.FingerprintCache", "of", "  stored fingerprints (cache: read back or made)"),
    ("kg.pipeline.fingerprint_cache.FingerprintCache", "prune", "  fingerprint cache pruned"),
    ("kg.pipeline.reference_once", "content_hash", "reference files hashed (reuse check)"),
    ("kg.graph.extract_cache", "code_version", "extraction cache: code version"),
    ("kg.graph.stream", "extract", "extraction (cache read back + made)"),
    ("kg.store.embedded", "write_pieces", "store: load + indexes"),
    ("kg.store.embedded", "publish", "publish"),
    ("kg.pipeline.staging.Change", "commit", "commit into data/reports"),
)
# The build's own stages, from its progress lines: each line's time runs until the next one.
PROGRESS = (("emitting", "emit + batch SHACL"), ("assessing", "assess"), ("validating", "SHACL shared + derived"),
            ("writing", "store + indexes + publish"))


class Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def wrap(self, owner, name: str, stage: str) -> None:
        inner = owner.__dict__[name]
        is_class_method = isinstance(inner, classmethod)
        func = inner.__func__ if is_class_method else inner

        @functools.wraps(func)
        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - began
                self.calls[stage] = self.calls.get(stage, 0) + 1

        setattr(owner, name, classmethod(timed) if is_class_method else timed)


def owner_of(dotted: str):
    """A module, or a class in one (`pkg.mod.Class`); None when the code measured has neither."""
    try:
        return importlib.import_module(dotted)
    except ImportError:
        module, _, cls = dotted.rpartition(".")
        try:
            return getattr(importlib.import_module(module), cls, None)
        except ImportError:
            return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    args = parser.parse_args()

    from kg.pipeline.ingest import ingest
    from kg.settings import Settings

    imported = time.perf_counter()
    timers = Timers()
    for dotted, name, stage in STEPS:
        owner = owner_of(dotted)
        if owner is not None and name in getattr(owner, "__dict__", {}):
            timers.wrap(owner, name, stage)
    lines: list[tuple[float, str]] = []
    manifest = ingest(Settings.from_env(), args.file,
                      progress=lambda message: lines.append((time.perf_counter(), message)))
    ended = time.perf_counter()
    lines.append((ended, "done"))

    build_started = next((t for t, m in lines if m.startswith(("extracting", "extractions:"))), ended)
    out = {"start-up (imports)": (imported - STARTED, 1),
           "before the build (read, settle, duplicate check)": (build_started - imported, 1)}
    out.update({stage: (s, timers.calls[stage]) for stage, s in timers.seconds.items()})
    for (t, message), (t_next, _m) in zip(lines, lines[1:]):
        stage = next((label for word, label in PROGRESS if message.startswith(word)), None)
        if stage:
            seconds, calls = out.get(stage, (0.0, 0))
            out[stage] = (seconds + t_next - t, calls + 1)
    out["total (in process)"] = (ended - STARTED, 1)
    for stage, (seconds, calls) in out.items():
        print(f"{stage}\t{seconds:.3f}\t{calls}")
    print(json.dumps({"reports": len(manifest["reports"]), "quads": manifest["quads"],
                      "extractions_reused": manifest.get("extractions_reused", 0)}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
