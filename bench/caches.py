"""What each in-process memo that stays buys, cold and warm (BENCHMARKS.md, "Caches"). Prints figures, asserts
nothing.

In one process, through the app (FastAPI's TestClient, no network): for each memo, the same list of distinct
requests is sent three times —
- cold, memo on: every request distinct, the memo starting empty (what it keeps from one request helps the next,
  other, request: the search index on every search, the ontology's document on every request for it);
- cold, memo off: the same requests, the memo bypassed (its `make` called every time);
- warm, memo on: the same requests again.
The memo pays on the cold path when the first figure is well below the second.

    .venv/bin/python bench/caches.py [--var var] [--limit 300]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cold import entities  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.sparql.guard import inspect  # noqa: E402
from kg.store.lookup import StoreCache  # noqa: E402
from kg.views import indexes, reading_order, search, vocabulary  # noqa: E402


@contextlib.contextmanager
def store_cache_off(cache: StoreCache):
    cache.get = lambda store, key, make: make()
    try:
        yield
    finally:
        del cache.get


def store_cache_clear(cache: StoreCache):
    cache._store = None  # the next get starts afresh


def timed(client: TestClient, paths: list[tuple[str, dict]]) -> float:
    """Mean milliseconds per request."""
    started = time.perf_counter()
    for path, headers in paths:
        answer = client.get(path, headers=headers)
        if answer.status_code != 200:
            raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
    return 1000 * (time.perf_counter() - started) / len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--var", type=Path, default=HERE.parent / "var")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = dataclasses.replace(Settings.from_env(), var_dir=args.var)
    client = TestClient(create_app(settings))
    iris = entities(args.var, args.limit, seed=3)
    pages = [("/page/" + i.split("/id/", 1)[1], {"accept": "text/html"}) for i in iris]
    words = sorted({i.rsplit("/", 1)[1][:4] for i in iris})
    searches = [("/search.json?" + urllib.parse.urlencode({"q": w}), {}) for w in words]
    client.get("/")  # start-up done: templates compiled, indexes opened
    memos = [
        ("search index (kg/views/search.py, per store)", searches, lambda: store_cache_clear(search._indexes),
         lambda: store_cache_off(search._indexes)),
        ("report years (kg/views/reading_order.py, per store)", pages,
         lambda: store_cache_clear(reading_order._years), lambda: store_cache_off(reading_order._years)),
        ("dataset counts (kg/views/indexes.py, per store)", [("/", {}), ("/indicators", {})],
         lambda: store_cache_clear(indexes._figures), lambda: store_cache_off(indexes._figures)),
        ("ontology document (kg/views/vocabulary.py, per store)", [("/ontology.jsonld", {})] * 3,
         lambda: store_cache_clear(vocabulary._documents), lambda: store_cache_off(vocabulary._documents)),
    ]
    print(f"{len(iris)} entities from {args.var}; ms per request, in process (no network)")
    print(f"{'memo':<56} {'requests':>8} {'cold, on':>9} {'cold, off':>10} {'warm, on':>9}")
    for _, paths, _, _ in memos:  # the store's pages in the OS cache, the code paths run once: memos alone differ
        timed(client, paths)
    for name, paths, clear, off in memos:
        cold_on, cold_off, warm_on = [], [], []
        for _ in range(args.rounds):  # alternated, the median kept: the machine's load drifts
            clear()
            cold_on.append(timed(client, paths))
            warm_on.append(timed(client, paths))
            with off():
                cold_off.append(timed(client, paths))
        cold_on, cold_off, warm_on = (statistics.median(x) for x in (cold_on, cold_off, warm_on))
        print(f"{name:<56} {len(paths):>8} {cold_on:>9.2f} {cold_off:>10.2f} {warm_on:>9.2f}", flush=True)
    # The guard's verdicts were remembered per worker by exact text until issue 19: a distinct text is always
    # parsed, so the memo served only a query asked again. What one parse costs:
    queries = [f"SELECT ?p ?o WHERE {{ <{i}> ?p ?o }} LIMIT {n}" for n, i in enumerate(iris)]
    started = time.perf_counter()
    for q in queries:
        inspect(q)
    print(f"the guard's parse of a distinct query: {1000 * (time.perf_counter() - started) / len(queries):.2f} ms "
          f"({len(queries)} queries)")

if __name__ == "__main__":
    main()
