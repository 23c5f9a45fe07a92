"""What the guard's nesting scan (kg/sparql/guard.py: nesting_depth) costs on texts that trap a backtracking scan
of strings and IRIs (tests/test_sparql_guard.py's SCAN_TRAPS), at one, two and four times their size (the
server takes queries up to JJKG_MAX_QUERY_LENGTH, 100,000 characters by default): a scan that reads each
character once costs about the same per character at every size, where a backtracking one took 18 s on the
first. Prints the best of seven runs (the least disturbed by other work on the machine), asserts nothing.

    .venv/bin/python bench/guard_scan.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_sparql_guard import SCAN_TRAPS  # noqa: E402

from kg.sparql.guard import nesting_depth  # noqa: E402

SCALES = (1, 2, 4)


def best_ms(text: str, n: int = 7) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        nesting_depth(text)
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main() -> None:
    print(f"{'text':28} {'chars':>9} " + " ".join(f"{f'×{s} ms':>9} {f'×{s} ns/char':>12}" for s in SCALES))
    for name, text in SCAN_TRAPS.items():
        cells = []
        for scale in SCALES:
            ms = best_ms(text * scale)
            cells.append(f"{ms:9.2f} {ms * 1e6 / (len(text) * scale):12.1f}")
        print(f"{name:28} {len(text):9,} " + " ".join(cells))


if __name__ == "__main__":
    main()
