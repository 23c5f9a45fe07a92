"""What the incremental store fill (issue 14, kg/store/embedded.py `write_changes`) saves on `jjkg ingest FILE`:
data/ (the seeds) + N generated reports (bench/corpus_gen.py, seed 1), ingested once into WORK/data by this code
(both caches on; its var directory the start of each code's);
then, for each code to compare, a warm build of that data with that code (its caches filled, its store published: a
snapshot of data and var kept), and ROUNDS times each variant, from its snapshot: one `jjkg ingest` of the same extra
generated text, timed as a child process (bench/timed_build.py of that code: wall, CPU from os.wait4; stages from its
progress lines). Variants:

  base   `--base DIR`: another checkout's code (e.g. `git archive main`), its own snapshot
  off    this code with JJKG_INCREMENTAL_STORE=off (the whole store written, as before)
  on     this code (the store filled from the published one)

Prints a line per run and the machine's load before each; asserts nothing about time. The stages: `store` is from
`writing the store` to the end of the indexes (what cache_bench calls store+indexes); `fill` (this code only) from
`filling the store` to `indexing` (the store's fill and optimize); `index` the views' indexes.

    PYTHONPATH=. .venv/bin/python bench/incr_bench.py --reports 200 --work /tmp/incr200 --base /tmp/incr-main
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402
from corpus_bench import run  # noqa: E402


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def timed(code: Path, env: dict[str, str], *args: str):
    done = run([sys.executable, str(code / "bench" / "timed_build.py"), *args], {**env, "PYTHONPATH": str(code)})
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}):\n{done.stderr[-3000:]}")
    lines = [(float(t), m) for t, m in (ln.split("\t")[:2] for ln in done.stdout.splitlines() if "\t" in ln)]
    at = {}
    for t, m in lines:
        at.setdefault(m.split()[0].rstrip(":"), t)
    end = at.get("done", 0.0)
    store = end - at.get("writing", end)
    fill = at.get("indexing", end) - at["filling"] if "filling" in at else None
    index = end - at["indexing"] if "indexing" in at else None
    said = next((m for _t, m in lines if m.startswith("filling the store")), "")
    return done, store, fill, index, said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--base", type=Path, help="another checkout's code to time too (its own caches and store)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    root: Path = args.work
    data = root / "data"
    if not data.is_dir():
        corpus_gen.generate(args.reports, 1, root / "gen")
        corpus_gen.generate(1, 1, root / "extra", first=args.reports)
        shutil.copytree(ROOT / "data", root / "fresh-data")
        env = {"JJKG_DATA_DIR": str(root / "fresh-data"), "JJKG_VAR_DIR": str(root / "setup-var")}
        done = run([sys.executable, "-m", "kg.cli", "ingest", str(root / "gen" / "texts"), "--format", "tsv"],
                   {**env, "PYTHONPATH": str(ROOT)})
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        print(f"setup: ingest of {args.reports} texts, wall {done.wall:.1f} s", flush=True)
        (root / "fresh-data").rename(data)
        if args.base:  # its extraction cache is of the same extraction code, its emission cache made again once
            shutil.copytree(root / "setup-var", root / "var-base", symlinks=True)
        (root / "setup-var").rename(root / "var-on")
    extra = sorted((root / "extra" / "texts").glob("*.txt"))[0]
    codes = {"on": ROOT, "off": ROOT} | ({"base": args.base} if args.base else {})
    for name in dict.fromkeys(("base" if args.base else "on", "on")):
        snap = root / f"snap-{name}"
        if not snap.is_dir():
            var = root / f"var-{name}"
            env = {"JJKG_DATA_DIR": str(data), "JJKG_VAR_DIR": str(var)}
            for _ in range(2):  # fills the caches, then a warm build whose store the ingests start from
                done, *_ = timed(codes[name], env)
            print(f"snapshot {name}: warm build wall {done.wall:.1f} s", flush=True)
            snap.mkdir()
            shutil.copytree(data, snap / "data", symlinks=True)
            var.rename(snap / "var")
    variants = (["base"] if args.base else []) + ["off", "on"]
    for round_ in range(args.rounds):
        for name in variants:
            snap = root / ("snap-base" if name == "base" else "snap-on")
            work_data, work_var = root / "run-data", root / "run-var"
            shutil.rmtree(work_data, ignore_errors=True)
            shutil.rmtree(work_var, ignore_errors=True)
            shutil.copytree(snap / "data", work_data, symlinks=True)
            shutil.copytree(snap / "var", work_var, symlinks=True)
            env = {"JJKG_DATA_DIR": str(work_data), "JJKG_VAR_DIR": str(work_var),
                   "JJKG_INCREMENTAL_STORE": "off" if name == "off" else "on"}
            before = load()
            done, store, fill, index, said = timed(codes[name], env, "--ingest", str(extra))
            parts = f"store+indexes {store:5.2f} s" + (f" (fill {fill:5.2f}, indexes {index:5.2f})" if fill else "")
            print(f"round {round_ + 1} {name:4} ingest wall {done.wall:6.2f} s CPU {done.cpu:6.2f} s  {parts}  "
                  f"load {before}  {said}", flush=True)
    shutil.rmtree(root / "run-data", ignore_errors=True)
    shutil.rmtree(root / "run-var", ignore_errors=True)


if __name__ == "__main__":
    main()
