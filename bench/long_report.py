"""How long `jjkg ingest` takes on one long report: 128 KB, 256 KB, 512 KB and 1 MB of report-like text.

The text is made from the paragraphs of data/reports/*.txt, repeated in a shuffled order with every number
changed, so that each copy reads as new statements with new figures. Each size is ingested into a fresh copy
of data/ and a fresh var directory (the two real reports are rebuilt with it, as a user's ingest does), and the
seconds of each stage are printed (from the pipeline's own progress messages). No step may grow faster than
the text: the seconds per 100 KB should stay about the same from one size to the next. CPU seconds of this
process (store writing's helper threads aside) are printed too: on a shared machine they vary less than the wall
clock.

    .venv/bin/python bench/long_report.py               # 128 KB, 256 KB, 512 KB, 1 MB
    .venv/bin/python bench/long_report.py --sizes 64 --profile out.prof   # one size under cProfile
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.pipeline.ingest import ingest  # noqa: E402
from kg.settings import PROJECT_ROOT, Settings  # noqa: E402

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def paragraphs() -> list[str]:
    """The real reports' text cut at blank lines (their wrapped lines kept, so unwrapping is exercised)."""
    out = []
    for path in sorted((PROJECT_ROOT / "data" / "reports").glob("*.txt")):
        out += [p.strip("\n") for p in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")) if p.strip()]
    return out


def long_report(kilobytes: int, seed: int = 0) -> str:
    """About `kilobytes` KB (UTF-8) of report-like text: the paragraphs again and again, numbers changed."""
    rng = random.Random(seed)
    source = paragraphs()
    parts = ["晋江市政府工作报告(长篇测试)", ""]
    size = 0
    while size < kilobytes * 1024:
        order = source[:]
        rng.shuffle(order)
        for p in order:
            changed = _NUMBER.sub(lambda m: _vary(m.group(0), rng), p)
            parts += [changed, ""]
            size += len(changed.encode("utf-8")) + 2
            if size >= kilobytes * 1024:
                break
    return "\n".join(parts)


def _vary(number: str, rng: random.Random) -> str:
    if "." in number:
        whole, frac = number.split(".")
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
    if len(number) == 4 and number.startswith("20"):
        return number  # a year stays a year
    return str(rng.randint(1, 10 ** len(number) - 1))


def run(kilobytes: int, profile: Path | None = None) -> tuple[float, float, dict[str, float], dict]:
    work = Path(tempfile.mkdtemp(prefix="jjkg-long-"))
    try:
        shutil.copytree(PROJECT_ROOT / "data", work / "data")
        settings = dataclasses.replace(Settings.from_env(), data_dir=work / "data", var_dir=work / "var")
        src = work / "long.txt"
        src.write_text(long_report(kilobytes), encoding="utf-8")
        stages: dict[str, float] = {}
        last = [time.perf_counter(), "reading"]

        def progress(message: str) -> None:
            now = time.perf_counter()
            stage = re.sub(r" \S+$", "", last[1]) if last[1].startswith(("extracting", "emitting")) else last[1]
            stages[stage] = stages.get(stage, 0.0) + now - last[0]
            last[:] = [now, message]

        t0, cpu0 = time.perf_counter(), time.process_time()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        manifest = ingest(settings, src, 2030, progress=progress)
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(profile))
        progress("done")
        return time.perf_counter() - t0, time.process_time() - cpu0, stages, manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 256, 512, 1024], help="sizes in KB")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the (last) size to this file")
    args = parser.parse_args()
    print(f"{'size':>8} {'seconds':>8} {'s/100KB':>8} {'cpu s':>7} {'goals':>7} {'quads':>8}  stages (s, wall clock)")
    for kb in args.sizes:
        seconds, cpu, stages, manifest = run(kb, args.profile)
        detail = ", ".join(f"{k} {v:.1f}" for k, v in stages.items() if v >= 0.05 and not k.startswith("read "))
        print(f"{kb:>6}KB {seconds:>8.1f} {seconds / kb * 100:>8.2f} {cpu:>7.1f} {manifest['goals']:>7} "
              f"{manifest['quads']:>8}  {detail}", flush=True)


if __name__ == "__main__":
    main()
