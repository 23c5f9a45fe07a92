"""How long `jjkg publish` takes into a fresh private Virtuoso, for a built var dir. Prints figures.

    .venv/bin/python bench/publish_time.py var            # the real graph
    .venv/bin/python bench/publish_time.py var/bench/1m   # `jjkg synth --triples 1000000 --out var/bench/1m` first
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.settings import RemoteConfig  # noqa: E402
from kg.store import virtuoso_local  # noqa: E402
from kg.store.embedded import current  # noqa: E402
from kg.store.publish import Publisher, plan  # noqa: E402
from kg.store.remote import RemoteBackend  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("var", type=Path)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    published = current(args.var / "store")
    if published is None:
        sys.exit(f"nothing built in {args.var}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="jjkg-publish-") as tmp:
        store = virtuoso_local.start(Path(tmp) / "virtuoso", memory_mb=4096)
        try:
            config = RemoteConfig(store.query_endpoint, update=store.update_endpoint, user="dba",
                                  password=store.password, query_timeout=600)
            t0 = time.perf_counter()
            work = plan(published)
            t1 = time.perf_counter()
            figures = Publisher(config, Path(tmp), batch=args.batch).publish(work)
            t2 = time.perf_counter()
            n = RemoteBackend(config).store().__len__()
            print(f"{args.var}: {figures['triples']:,} triples in {figures['graphs']} graphs + union of "
                  f"{figures['union']:,}; read and planned in {t1 - t0:.1f} s, sent in {figures['batches']} batches "
                  f"of {args.batch} and switched in {t2 - t1:.1f} s ({figures['triples'] / (t2 - t1):,.0f} triples/s "
                  f"of named graphs); the store then counts {n:,} triples in the union", flush=True)
        finally:
            store.stop()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
