"""Start-up to first answer, measured alone: start `jjkg serve` on a store N times and time the first answer
of each kind (an entity's JSON-LD, a SPARQL ASK, an entity page). Prints the median and the range.

    .venv/bin/python bench/startup.py var/bench/10m [--times 5] [--web-workers 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import mix  # noqa: E402
import pyoxigraph as ox  # noqa: E402
import servers  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("var_dir", type=Path)
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    store = ox.Store.read_only(str((args.var_dir / "store").resolve() / "oxigraph"))
    entity = mix.sample(store, n=3).entities[0].removeprefix(mix.ID)
    del store
    figures: dict[str, list[float]] = {"JSON-LD document": [], "SPARQL ASK": [], "entity page": []}
    for _ in range(args.times):
        server = servers.ours(args.var_dir, servers.ROOT / "var/bench/work/startup.log", args.web_workers, 2)
        try:
            figures["JSON-LD document"].append(server.wait(f"/id/{entity}.jsonld", 120, mix.JSONLD))
            figures["SPARQL ASK"].append(server.wait("/sparql?query=ASK%7B%7D", 120, "application/sparql-results+json"))
            figures["entity page"].append(server.wait(f"/page/{entity}", 120, "text/html"))
        finally:
            server.stop()
        time.sleep(1)
    print(f"start-up to first answer at {args.var_dir}, {args.times} starts, {args.web_workers} web workers "
          f"(seconds from exec of jjkg serve; median [min–max]):")
    for what, values in figures.items():
        print(f"  {what:18s} {statistics.median(values):.3f} [{min(values):.3f}–{max(values):.3f}]")


if __name__ == "__main__":
    main()
