"""What a cold entity page costs: every page of the benchmark's sample requested once, in this process,
through the whole app (routing, page model, embedded JSON-LD, template), one at a time. Each page is cold (its
model is made on this first visit), so the figures are the CPU a server pays for the p99 of the `page` kind.
Prints percentiles and the slowest pages; `--layers` adds each layer's cold cost by kind of entity (and
`--profile N` cProfile's top functions of that pass).

    .venv/bin/python bench/pages.py var/bench/10m [--layers [--profile 25]]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import mix  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.app import create_app  # noqa: E402
from kg.settings import Settings  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("var_dir", type=Path)
    parser.add_argument("--layers", action="store_true",
                        help="also time each layer of every page, cold, by kind of entity (called here, not over HTTP)")
    parser.add_argument("--profile", type=int, default=0, help="with --layers: print cProfile's top N functions")
    args = parser.parse_args()
    store = ox.Store.read_only(str((args.var_dir / "store").resolve() / "oxigraph"))
    sample = mix.sample(store)
    del store
    settings = dataclasses.replace(Settings.from_env(), var_dir=args.var_dir)
    app = create_app(settings)
    client = TestClient(app)  # no lifespan: no query workers, pages need none
    paths = [f"/page/{e.removeprefix(mix.ID)}" for e in sample.entities]
    times, sizes, cpu0 = [], [], os.times()
    for path in paths:
        t0 = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(answer.content))
        if answer.status_code != 200:
            print(f"  {path}: {answer.status_code}")
    cpu = os.times()
    cpu_ms = (cpu.user + cpu.system - cpu0.user - cpu0.system) * 1000 / len(paths)
    print(f"cold pages at {args.var_dir}: {len(paths)} pages, each requested once (ms)")
    print(f"  p50 {statistics.median(times):.1f}  p90 {percentile(times, 0.9):.1f}  p99 {percentile(times, 0.99):.1f}"
          f"  max {max(times):.1f}  mean {statistics.mean(times):.1f}  CPU per page {cpu_ms:.1f}"
          f"  size p50 {statistics.median(sizes) // 1024} KB, max {max(sizes) // 1024} KB")
    print("  slowest: " + ", ".join(f"{p} {t:.0f}" for t, p in sorted(zip(times, paths), reverse=True)[:5]))
    if args.layers:
        layer_costs(args.var_dir, sample.entities, args.profile, app)


def layer_costs(var_dir: Path, entities: list[str], top: int, app) -> None:
    """What the page handler does for each entity, layer by layer, called here on a freshly opened store (every
    page cold again; TestClient runs handlers in another thread, out of a profiler's sight). Medians by kind."""
    from collections import defaultdict

    from starlette.requests import Request

    from api.templating import templates
    from kg.store.lookup import Lookup
    from kg.views import list_index, page_jsonld, reading_order
    from kg.views.describe import Describer
    from kg.views.labels import Labeller
    from kg.views.profiles import Profiles

    directory = (var_dir / "store").resolve()
    lookup = Lookup(ox.Store.read_only(str(directory / "oxigraph")))
    reading_order.report_years(lookup)  # once per store and web worker: not a page's cost
    index = list_index.open_index(directory)  # as the server does: None for a store without one
    print(f"lists from {'the index beside the store' if index else 'scans (no index beside the store)'}")
    template = templates.get_template("entity.html")
    costs: dict = defaultdict(lambda: defaultdict(list))
    profiler = cProfile.Profile() if top else None
    if profiler:
        profiler.enable()
    for iri in entities:
        labeller = Labeller(lookup)
        t0 = time.perf_counter()
        d = Describer(lookup, labeller, index).describe(iri)
        t1 = time.perf_counter()
        profile = Profiles(lookup, labeller, index).for_entity(iri, [t.iri for t in d.types])
        t2 = time.perf_counter()
        document = page_jsonld.summary(lookup, iri)
        t3 = time.perf_counter()
        request = Request({"type": "http", "app": app, "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8000),
                           "path": "/page/" + iri.removeprefix(mix.ID), "query_string": b"", "headers": []})
        template.render({"request": request, "lang": "zh", "prefer": ("zh", "en"), "d": d, "profile": profile,
                         "profile_name": type(profile).__name__.removesuffix("Profile").lower() if profile else None,
                         "document": document})
        t4 = time.perf_counter()
        kind = iri.removeprefix(mix.ID).split("/")[0]
        for layer, seconds in (("description", t1 - t0), ("profile", t2 - t1), ("JSON-LD", t3 - t2),
                               ("render", t4 - t3), ("all", t4 - t0)):
            costs[kind][layer].append(seconds * 1000)
    if profiler:
        profiler.disable()
    print("cold page layers (median ms, max in brackets)")
    for kind, layers in costs.items():
        print(f"  {kind:10s} " + "  ".join(f"{layer} {statistics.median(v):.1f} ({max(v):.0f})"
                                          for layer, v in layers.items()))
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()
