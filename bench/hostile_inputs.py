"""What `jjkg ingest` does with inputs no report is (issue 30): /dev/zero, a named pipe nobody writes, a 10 MB text
and an English text; and, for the cost of a long real report, a 1 MB text made of the corpus's provincial reports
(../shared/corpus/provinces-2026/, their lines run together without blank lines, the layout whose unwrapping was
quadratic). Each is given to the CLI as a user would, in a private copy of data/; the script prints the exit
status, the wall seconds, the peak memory of the ingest process and the last line of its output.

    .venv/bin/python bench/hostile_inputs.py

The issue's bar: one clear error each, in under 5 s, with under 500 MB; the 1 MB report in under 60 s wall.
Figures, not assertions: SECURITY.md section 6 records them with this command.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURE = """import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
took = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(done.returncode, round(took, 2), peak // 1024, (done.stderr.strip().splitlines() or [""])[-1][:160], sep="\\t")
"""


def inputs(folder: Path) -> list[tuple[str, str]]:
    pipe = folder / "pipe.txt"
    os.mkfifo(pipe)
    ten = folder / "ten-megabytes.txt"
    line = "　　全市地区生产总值增长6%左右，规模以上工业增加值增长7%，城乡居民人均可支配收入增长6.5%。\n"
    ten.write_text(line * (10 * 1024 * 1024 // len(line.encode()) + 1), encoding="utf-8")
    english = folder / "english.txt"
    english.write_text("Report on the work of the government\n\n" + "GDP grew by 5.2 percent and 12 million urban "
                       "jobs were created. " * 400, encoding="utf-8")
    inputs = [("/dev/zero", "/dev/zero"), ("a named pipe nobody writes", str(pipe)), ("a 10 MB text", str(ten)),
              ("an English text (with --place and --year)", str(english))]
    provinces = sorted((ROOT.parent / "shared" / "corpus" / "provinces-2026").glob("*.txt"))
    if provinces:
        long = folder / "one-megabyte-report.txt"
        lines = [ln for p in provinces for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
        text, size = [], 0
        for ln in lines:
            if size >= 1024 * 1024:
                break
            text.append(ln)
            size += len(ln.encode()) + 1
        long.write_text("\n".join(text) + "\n", encoding="utf-8")
        inputs.append(("a 1 MB report, no blank lines (with --place and --year)", str(long)))
    return inputs


def main() -> int:
    print("input\texit\twall s\tpeak MB\tlast line of the error")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "data", folder / "data")
        env = {**os.environ, "JJKG_DATA_DIR": str(folder / "data"), "JJKG_VAR_DIR": str(folder / "var")}
        for name, path in inputs(folder):
            extra = ["--place", "jinjiangshi", "--year", "2031"] if "--place" in name else []
            command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "kg.cli", "ingest", path, *extra]
            try:
                out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
                print(f"{name}\t{out.stdout.strip()}")
            except subprocess.TimeoutExpired:  # a hang: the very thing measured
                print(f"{name}\t-\t>300\t-\tno answer in 300 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
