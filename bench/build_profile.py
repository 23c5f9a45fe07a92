"""Where `jjkg build` spends its time and memory on a corpus of N reports (issue 14).

The corpus is made as the issue made it: copies of the two seed reports (data/reports/), every number changed
(years kept), each registered with its own place (a county of Fujian, then of other provinces) and the seed's
years, so that N copies are N reports of N/2 places. It is written into a fresh data directory (a copy of data/
with its reference tables) in a temporary folder with its own var directory; the repository's data/ and var/ are
never touched.

Each size is built by `kg.pipeline.build.build` in this process: the wall seconds and peak RSS of each stage are
printed (stages from the build's own progress messages; the peak is reset at each stage through
/proc/self/clear_refs, so it is that stage's peak), then, with --profile, the cumulative seconds of the
functions that matter under cProfile (a second, profiled build of the same corpus; cProfile slows Python code
about 1.5-2x, so read its shares, not its seconds).

    .venv/bin/python bench/build_profile.py --reports 16 64
    .venv/bin/python bench/build_profile.py --reports 64 --profile /tmp/b64.prof   # + the profiled build
    .venv/bin/python bench/build_profile.py --reports 16 --keep /tmp/corpus16       # keep the data dir

Figures: BENCHMARKS.md, "Build profile (issue 14)".
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pstats
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.extract.reference import Reference  # noqa: E402
from kg.extract.reports import load_meta, meta_path_for  # noqa: E402
from kg.pipeline.build import build  # noqa: E402
from kg.settings import PROJECT_ROOT, Settings  # noqa: E402

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SLUG_LINE = re.compile(r"^(slug|place):.*$", re.M)

# Functions whose cumulative time is printed with --profile: (label, file suffix, function name)
WATCHED = [
    ("extract (all reports)", "kg/extract/extractor.py", "extract"),
    ("link", "kg/extract/link.py", "link"),
    ("emit reports", "kg/graph/emit.py", "report"),
    ("emit reference", "kg/graph/emit.py", "reference"),
    ("emit ontology", "kg/graph/emit.py", "ontology"),
    ("union copy", "kg/graph/validate.py", "union"),
    ("assess (derive + closure)", "kg/graph/build.py", "assess"),
    ("SHACL gate (all rounds)", "kg/graph/quarantine.py", "gate"),
    ("  SHACL validate", "kg/graph/validate.py", "validate"),
    ("  quote check in Python", "kg/graph/validate.py", "quote_violations"),
    ("serialize (rdflib, both)", "rdflib/graph.py", "serialize"),
    ("store.write (load+optimize+indexes)", "kg/store/embedded.py", "_write"),
    ("  bulk_load", "~", "<method 'bulk_load' of 'pyoxigraph.Store' objects>"),
    ("  optimize", "~", "<method 'optimize' of 'pyoxigraph.Store' objects>"),
    ("  write_indexes", "kg/pipeline/indexes.py", "write_indexes"),
    ("input_hash", "kg/pipeline/build.py", "input_hash"),
    ("summarise", "kg/extract/summary.py", "summarise"),
]


def _vary(number: str, rng: random.Random) -> str:
    if "." in number:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
    if len(number) == 4 and number.startswith(("19", "20")):
        return number  # a year stays a year
    return str(rng.randint(1, 10 ** len(number) - 1))


def counties(ref: Reference) -> list[str]:
    """Counties of Fujian first (the seeds' province), then of every other province, in slug order; the seeds'
    own place is left out (the seeds themselves are in the corpus)."""
    def province(slug: str) -> str:
        up = ref.place_ancestors(slug)
        return up[-2] if len(up) >= 2 else ""

    all_counties = sorted(p.slug for p in ref.place_by_slug.values() if p.type == "county" and p.slug != "jinjiangshi")
    return sorted(all_counties, key=lambda s: (province(s) != "fujiansheng", s))


def make_corpus(root: Path, n: int) -> Path:
    """A data directory under `root` holding the seeds and n - 2 changed copies of them; returns it."""
    data = root / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    seeds = sorted((data / "reports").glob("*.txt"))
    ref = Reference.load(data / "reference")
    places = counties(ref)
    for i in range(max(0, n - len(seeds))):
        seed = seeds[i % len(seeds)]
        place = places[i // len(seeds)]
        meta = load_meta(meta_path_for(seed))
        rng = random.Random(i)
        text = _NUMBER.sub(lambda m, rng=rng: _vary(m.group(0), rng), seed.read_text(encoding="utf-8"))
        stem = f"copy{i:04d}"
        (data / "reports" / f"{stem}.txt").write_text(text, encoding="utf-8")
        lines = {"slug": f"slug: {place}-{meta.plan_year}", "place": f"place: {place}"}
        meta_text = _SLUG_LINE.sub(lambda m, lines=lines: lines[m.group(1)], meta.meta_path.read_text(encoding="utf-8"))
        (data / "reports" / f"{stem}.meta.yaml").write_text(meta_text, encoding="utf-8")
    return data


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux >= 4.0)
    except OSError:
        pass


def run(data: Path, var: Path, profile: Path | None = None) -> tuple[float, float, list[tuple[str, float, int]], dict]:
    settings = dataclasses.replace(Settings.from_env(), data_dir=data, var_dir=var)
    stages: list[tuple[str, float, int]] = []  # (stage, seconds, peak RSS MB during it)
    last = [time.perf_counter(), "reading"]

    def progress(message: str) -> None:
        now = time.perf_counter()
        stage = re.sub(r" \S+$", "", last[1]) if last[1].startswith(("extracting", "emitting")) else last[1]
        peak = _rss_kb("VmHWM") // 1024
        if stages and stages[-1][0] == stage:
            stages[-1] = (stage, stages[-1][1] + now - last[0], max(stages[-1][2], peak))
        else:
            stages.append((stage, now - last[0], peak))
        _reset_peak()
        last[:] = [now, message]

    _reset_peak()
    t0, cpu0 = time.perf_counter(), time.process_time()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    manifest = build(settings, progress=progress)
    if profiler:
        profiler.disable()
        profiler.dump_stats(str(profile))
    progress("done")
    return time.perf_counter() - t0, time.process_time() - cpu0, stages, manifest


def watched(profile: Path, total: float) -> list[str]:
    stats = pstats.Stats(str(profile)).stats  # {(file, line, name): (cc, nc, tt, ct, callers)}
    lines = []
    for label, suffix, name in WATCHED:
        ct = sum(v[3] for (file, _line, fn), v in stats.items() if fn == name and file.endswith(suffix))
        lines.append(f"    {label:<38} {ct:8.2f} s  {100 * ct / total:5.1f} %")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[16, 64], help="corpus sizes (reports)")
    parser.add_argument("--profile", type=Path, help="also build the (last) size under cProfile, stats to this file")
    parser.add_argument("--keep", type=Path, help="make the corpus of the (last) size here and keep it")
    args = parser.parse_args()
    for n in args.reports:
        work = args.keep if args.keep and n == args.reports[-1] else Path(tempfile.mkdtemp(prefix="jjkg-bp-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            data = make_corpus(work, n)
            seconds, cpu, stages, manifest = run(data, work / "var")
            print(f"{n} reports: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak RSS {max(p for _s, _t, p in stages)} MB, "
                  f"{manifest['quads']} quads, {manifest['goals']} goals", flush=True)
            for stage, secs, peak in stages:
                if secs >= 0.05:
                    print(f"    {stage:<38} {secs:8.2f} s  {100 * secs / seconds:5.1f} %  peak {peak} MB")
            if args.profile and n == args.reports[-1]:
                shutil.rmtree(work / "var", ignore_errors=True)
                pseconds, _cpu, _stages, _m = run(data, work / "var", args.profile)
                print(f"  under cProfile: {pseconds:.1f} s; cumulative seconds of:")
                print("\n".join(watched(args.profile, pseconds)), flush=True)
        finally:
            if work != args.keep:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
