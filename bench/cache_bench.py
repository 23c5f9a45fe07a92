"""What the extraction cache (issue 14, kg/graph/extract_cache.py) saves: data/ (the seeds) + N generated reports
(bench/corpus_gen.py), ingested once into a data and a var directory of their own under WORK (default
var/bench-cache/N; data/ and var/ of the repository are never touched), then, each timed as a child process (wall,
CPU and peak RSS from os.wait4; the build through bench/timed_build.py, whose progress lines give the stages):

1. a build without the cache (JJKG_EXTRACT_CACHE=off: what every build did before);
2. a build with the cache on and empty (cold: every report extracted and kept);
3. the same build again, nothing changed (warm: every extraction read back);
4. `jjkg ingest FILE` of one more generated report, the cache warm;
5. `jjkg ingest FILE` of another one, the cache off (what an ingest cost before).

Steps 1–5 run with the emission cache off (JJKG_EMIT_CACHE=off: the extraction cache alone, as before branch
emit14). With `--emit`, these instead (the extraction cache on throughout):

1. a build with the emission cache off, extractions warm (what a rebuild cost before emit14);
2. a build with the emission cache on and empty (cold: every report's graph made and kept);
3. the same build again, nothing changed (warm: every graph and verdict read back);
4. `jjkg ingest FILE` of one more generated report, both caches warm;
5. `jjkg ingest FILE` of another one, the emission cache off (what an ingest cost before emit14).

Prints a line per step and the machine's load before and after; asserts nothing about time.

    PYTHONPATH=. .venv/bin/python bench/cache_bench.py --reports 200
    PYTHONPATH=. .venv/bin/python bench/cache_bench.py --reports 200 --emit
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402
from corpus_bench import Run, disk_mb, jjkg, run, stages  # noqa: E402

from kg.graph.emit_cache import FOLDER as EMISSIONS  # noqa: E402
from kg.graph.extract_cache import FOLDER  # noqa: E402

_COUNTS = re.compile(r"extractions: (\d+) (?:from the cache|read back from the cache), (\d+) (?:to make|made)")


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def check(what: str, done: Run) -> Run:
    if done.returncode != 0:
        raise SystemExit(f"{what} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done


_GRAPHS = re.compile(r'"graphs_reused": (\d+), "graphs_made": (\d+), "verdicts_reused": (\d+)')


def counts(text: str) -> str:
    found = _COUNTS.search(text)
    said = f"{found[1]} read back, {found[2]} made" if found else "no cache"
    graphs = _GRAPHS.search(text)
    return said + (f"; graphs {graphs[1]} read back, {graphs[2]} made, {graphs[3]} verdicts read back" if graphs else "")


def line(name: str, done: Run, extra: str = "") -> None:
    print(f"{name:44} wall {done.wall:6.1f} s  CPU {done.cpu:6.1f} s  peak {done.peak_rss_mb:5.0f} MB  {extra}",
          flush=True)


def timed(env: dict[str, str], *ingest: str) -> tuple[Run, str]:
    """bench/timed_build.py (a build, or with `--ingest FILE` an ingest): the run, and its stages in words."""
    done = check("build", run([sys.executable, str(HERE / "timed_build.py"), *ingest], env))
    lines = [(float(t), m) for t, m in (ln.split("\t", 1) for ln in done.stdout.splitlines() if "\t" in ln)]
    # Up to the first line of extraction: start-up, the reference tables (and an ingest's reading and checks).
    before = next((t for t, m in lines if m.startswith(("extractions:", "extracting"))), 0.0)
    parts = stages(done.stdout)
    extract = parts.get("extractions:", 0.0) + parts.get("extract", 0.0)
    emit = parts.get("emit", 0.0) + parts.get("emitting:", 0.0)
    return done, f"before extraction {before:4.1f} s, extraction {extract:4.1f} s, emit {emit:.1f}, " \
                 f"SHACL {parts.get('SHACL', 0.0):.1f}, store {parts.get('store+indexes', 0.0):.1f}; {counts(done.stdout)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="where the corpus goes (default var/bench-cache/N)")
    parser.add_argument("--emit", action="store_true", help="measure the emission cache (steps above)")
    args = parser.parse_args()
    root = args.work or ROOT / "var" / "bench-cache" / str(args.reports)
    data, var = root / "data", root / "var"
    env = {"JJKG_DATA_DIR": str(data), "JJKG_VAR_DIR": str(var), "PYTHONPATH": str(ROOT)}
    off, on = {**env, "JJKG_EXTRACT_CACHE": "off"}, {**env, "JJKG_EXTRACT_CACHE": "on"}
    off, on = {**off, "JJKG_EMIT_CACHE": "off"}, {**on, "JJKG_EMIT_CACHE": "off"}

    print(f"load before: {load()}", flush=True)
    ingested = root / "data-ingested"  # data/ + the corpus, kept to start every run from
    if not ingested.is_dir():
        shutil.rmtree(root, ignore_errors=True)
        corpus_gen.generate(args.reports, args.seed, root / "gen")
        corpus_gen.generate(2, args.seed, root / "extra", first=args.reports)  # added later, one at a time
        shutil.copytree(ROOT / "data", data)
        done = check("ingest of the corpus", run(jjkg("ingest", str(root / "gen" / "texts"), "--format", "tsv"), off))
        line(f"setup: ingest of {args.reports} texts (no cache)", done)
        shutil.copytree(data, ingested)
    shutil.rmtree(data)
    shutil.copytree(ingested, data)
    shutil.rmtree(var / FOLDER, ignore_errors=True)
    shutil.rmtree(var / EMISSIONS, ignore_errors=True)
    extra = sorted((root / "extra" / "texts").glob("*.txt"))
    if args.emit:
        emit(on, var, extra)
        print(f"publication on disk: {disk_mb(var / 'store'):.0f} MB; load after: {load()}", flush=True)
        return

    five_steps(off, on, var / FOLDER, extra, "cache", ("1. build, no cache", "2. build, cache on and empty (cold)",
               "3. build again, nothing changed (warm)", "4. jjkg ingest FILE, cache warm", "5. jjkg ingest FILE, no cache"))
    print(f"publication on disk: {disk_mb(var / 'store'):.0f} MB; load after: {load()}", flush=True)


def five_steps(off: dict[str, str], on: dict[str, str], folder: Path, extra: list[Path], cache: str,
               names: tuple[str, ...]) -> None:
    """Build with the cache off, then on and empty, then again warm; ingest one text with it on, one with it off."""
    done, what = timed(off)
    line(names[0], done, what)
    done, what = timed(on)
    line(names[1], done, what)
    cached = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
    print(f"   {cache}: {len(list(folder.rglob('*.pickle')))} entries, {cached:.1f} MB", flush=True)
    done, what = timed(on)
    line(names[2], done, what)
    done, what = timed(on, "--ingest", str(extra[0]))
    line(names[3], done, what)
    done, what = timed(off, "--ingest", str(extra[1]))
    line(names[4], done, what)


def emit(env: dict[str, str], var: Path, extra: list[Path]) -> None:
    """The steps of `--emit`: `env` has the extraction cache on, the emission cache off."""
    on = {**env, "JJKG_EMIT_CACHE": "on"}
    check("filling the extraction cache", run([sys.executable, str(HERE / "timed_build.py")], env))
    five_steps(env, on, var / EMISSIONS, extra, "emission cache", (
        "1. build, emission cache off (extractions warm)", "2. build, emission cache on and empty (cold)",
        "3. build again, nothing changed (warm)", "4. jjkg ingest FILE, both caches warm",
        "5. jjkg ingest FILE, emission cache off"))


if __name__ == "__main__":
    main()
