"""What `jjkg ingest` does with inputs no report is (issue 30): /dev/zero, a named pipe nobody writes, a 10 MB text
and an English text. Each is given to the CLI as a user would, in a private copy of data/; the script prints the
exit status, the wall seconds, the peak memory of the ingest process and the first line of its error.

    .venv/bin/python bench/hostile_inputs.py

The issue's bar: one clear error each, in under 5 s, with under 500 MB. Figures, not assertions: SECURITY.md
section 6 records them with this command.
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
    return [("/dev/zero", "/dev/zero"), ("a named pipe nobody writes", str(pipe)), ("a 10 MB text", str(ten)),
            ("an English text (with --place and --year)", str(english))]


def main() -> int:
    print("input\texit\twall s\tpeak MB\tlast line of the error")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "data", folder / "data")
        env = {**os.environ, "JJKG_DATA_DIR": str(folder / "data"), "JJKG_VAR_DIR": str(folder / "var")}
        for name, path in inputs(folder):
            extra = ["--place", "jinjiangshi", "--year", "2031"] if name.startswith("an English") else []
            command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "kg.cli", "ingest", path, *extra]
            try:
                out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
                print(f"{name}\t{out.stdout.strip()}")
            except subprocess.TimeoutExpired:  # a hang: the very thing measured
                print(f"{name}\t-\t>120\t-\tno answer in 120 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
