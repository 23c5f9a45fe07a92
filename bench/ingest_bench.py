"""What one `jjkg ingest FILE` costs at N generated reports, stage by stage, for one or more versions of the code
(issue 14, branch ingest14: the duplicate check's fingerprints kept, the reference tables loaded once).

The corpus: data/ (the seeds) + the first N texts of `bench/corpus_gen.py --seed S`, ingested once with the
extraction cache on, into WORK/data-ingested (kept: later runs start from it; data/ and var/ of the repository are
never touched). Each run restores WORK/data from it (the var directory, with the extraction cache and the published
store, stays), then runs bench/ingest_profile.py on one more generated text as a child process in the code's
directory, timed by os.wait4, and prints its stages. Each run adds another text, so every ingest extracts exactly
one report and reads the others back.

For each `--code DIR` (default: this checkout), `--runs` ingests; with `--cold`, the first of them starts without
the fingerprint cache (var/fingerprints removed). `--long`: the corpus of corpus_gen's `--long` (formal reports of
8–9k characters; WORK must be another folder). Asserts nothing about time.

    PYTHONPATH=. .venv/bin/python bench/ingest_bench.py --reports 200 --work /tmp/i14/c200 \\
        --code /tmp/i14/base --code . --runs 3 --cold
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402
from corpus_bench import jjkg, run  # noqa: E402

FINGERPRINTS = "fingerprints"  # kg/pipeline/fingerprint_cache.FOLDER, named here so that the base code runs too
EXTRA = 24  # generated texts kept aside, one per ingest


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def prepare(root: Path, reports: int, seed: int, long: bool) -> None:
    """WORK/data-ingested and WORK/var with a warm extraction cache, made once."""
    if (root / "data-ingested").is_dir():
        return
    shutil.rmtree(root, ignore_errors=True)
    corpus_gen.generate(reports, seed, root / "gen", long=long)
    corpus_gen.generate(EXTRA, seed, root / "extra", first=reports, long=long)
    shutil.copytree(ROOT / "data", root / "data")
    env = {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var"), "PYTHONPATH": str(ROOT),
           "JJKG_EXTRACT_CACHE": "on"}
    done = run(jjkg("ingest", str(root / "gen" / "texts"), "--format", "tsv"), env)
    if done.returncode != 0:
        raise SystemExit(f"ingest of the corpus failed:\n{done.stderr[-3000:]}")
    shutil.copytree(root / "data", root / "data-ingested")


def ingest_once(root: Path, code: Path, text: Path, cold: bool) -> None:
    shutil.rmtree(root / "data")
    shutil.copytree(root / "data-ingested", root / "data")
    if cold:
        shutil.rmtree(root / "var" / FINGERPRINTS, ignore_errors=True)
    env = {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var"), "PYTHONPATH": str(code),
           "JJKG_EXTRACT_CACHE": "on"}
    before = load()
    cwd = os.getcwd()
    os.chdir(code)  # the code measured is the one in PYTHONPATH, whatever directory this was started from
    try:
        done = run([sys.executable, str(HERE / "ingest_profile.py"), str(text)], env)
    finally:
        os.chdir(cwd)
    if done.returncode != 0:
        raise SystemExit(f"ingest of {text.name} failed:\n{done.stderr[-3000:]}")
    label = "cold" if cold else "warm"
    print(f"\n{code} — {text.name} (fingerprints {label}): wall {done.wall:.1f} s, CPU {done.cpu:.1f} s, "
          f"peak {done.peak_rss_mb:.0f} MB, load {before} → {load()}", flush=True)
    for line in done.stdout.splitlines():
        if "\t" in line:
            stage, seconds, calls = line.split("\t")
            print(f"  {stage:52} {float(seconds):7.2f} s  ×{calls}", flush=True)
        else:
            print(f"  {line}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, required=True, help="where the corpus and its var directory go")
    parser.add_argument("--code", type=Path, action="append", help="a checkout to measure (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="ingests per checkout")
    parser.add_argument("--long", action="store_true", help="formal reports of 8–9k characters (corpus_gen --long)")
    parser.add_argument("--cold", action="store_true", help="the first ingest of each checkout without fingerprints")
    args = parser.parse_args()
    codes = [c.resolve() for c in (args.code or [ROOT])]
    print(f"load before: {load()}", flush=True)
    prepare(args.work, args.reports, args.seed, args.long)
    aside = sorted((args.work / "extra" / "texts").glob("*.txt"))
    if len(codes) * args.runs > len(aside):
        raise SystemExit(f"at most {len(aside)} ingests (the texts kept aside)")
    extra = iter(aside)
    for code in codes:
        for i in range(args.runs):
            ingest_once(args.work, code, next(extra), cold=args.cold and i == 0)
    print(f"\nload after: {load()}", flush=True)


if __name__ == "__main__":
    main()
