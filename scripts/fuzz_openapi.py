"""The long schemathesis run (`make fuzz`): every operation of /openapi.json, through HTTP to `jjkg serve`, in
all of schemathesis's phases (examples, coverage, fuzzing, stateful), with the checks of
tests/test_fuzz_openapi.py: no server error, statuses and media types as described, security headers on every
answer, and no answer slower than the deadline plus a margin.

    .venv/bin/python scripts/fuzz_openapi.py [--examples 300] [--deadline 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from live_server import graph_in, rss_bytes, serve  # noqa: E402

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,security_headers"


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--examples", type=int, default=300, help="examples per operation and phase")
    args.add_argument("--deadline", type=float, default=3.0, help="JJKG_QUERY_TIMEOUT of the server under test")
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--var-dir", type=Path, help="use the store published there instead of building one")
    args.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "fuzz-openapi.txt")
    opts = args.parse_args()

    with graph_in(opts.var_dir) as var_dir:
        with serve(var_dir, query_timeout=opts.deadline) as server:
            memory_before = rss_bytes([server.pid, *server.descendants()])
            started = time.monotonic()
            # One worker: with two threads, hypothesis's ast.parse raced in CPython 3.11 (SystemError inside
            # schemathesis, reported as "errors"; no request was involved).
            env = {**os.environ, "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
                   "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), str(ROOT)])}
            run = subprocess.run([str(Path(sys.executable).with_name("schemathesis")), "run",
                                  f"{server.url}/openapi.json", "--checks", CHECKS, "--max-examples",
                                  str(opts.examples), "--seed", str(opts.seed), "--workers", "1",
                                  "--max-response-time", str(opts.deadline + 2), "--no-color"],
                                 env=env, cwd=ROOT, capture_output=True, text=True)
            seconds = time.monotonic() - started
            memory_after = rss_bytes([server.pid, *server.descendants()])
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(run.stdout + run.stderr, encoding="utf-8")
    summary = run.stdout[run.stdout.find("SUMMARY"):] if "SUMMARY" in run.stdout else run.stdout[-3000:]
    print(summary)
    print(f"seconds {seconds:.0f}; server memory before {memory_before / 2**20:.0f} MB, after "
          f"{memory_after / 2**20:.0f} MB; full log: {opts.out}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
