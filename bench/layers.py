"""What each layer of our server costs for one request, measured one at a time in this process (no load):
the guard's parse, the hop to a query worker, the engine, serialisation, page assembly, JSON-LD framing and
template rendering. Prints a table; `make bench` runs it after the load runs.

    .venv/bin/python bench/layers.py var/bench/1m
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import mix  # noqa: E402
import pyoxigraph as ox  # noqa: E402
from starlette.requests import Request  # noqa: E402

from api.app import create_app  # noqa: E402
from api.templating import templates  # noqa: E402
from kg.graph.namespaces import PREFIXES  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.sparql import formats  # noqa: E402
from kg.sparql.dataset import Dataset  # noqa: E402
from kg.sparql.guard import inspect  # noqa: E402
from kg.sparql.results import serialize  # noqa: E402
from kg.sparql.workers import QueryJob, WorkerPool, run_job  # noqa: E402
from kg.store.lookup import Lookup  # noqa: E402
from kg.views import describe, documents, jsonld, page_jsonld, profiles
from kg.views.labels import Labeller  # noqa: E402

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def ms(fn, n: int = 20) -> float:
    """Median milliseconds of `fn` over n calls (after one call to warm up)."""
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main(var_dir: Path) -> None:
    link = var_dir / "store"
    store = ox.Store.read_only(str(link.resolve() / "oxigraph"))
    lookup = Lookup(store)
    s = mix.sample(store, n=12)
    place, indicator = s.places[-1], s.indicators[0]
    rows = []
    queries = {"projects": mix.projects_query(place), "indicator": mix.indicator_query(indicator),
               "describe": f"DESCRIBE <{place}>", "count": mix.COUNT_QUERY}
    json_fmt = formats.by_name("json", formats.RESULTS)
    ttl_fmt = formats.by_name("turtle", formats.GRAPH)
    for kind, q in queries.items():
        form = "DESCRIBE" if kind == "describe" else "SELECT"
        fmt = ttl_fmt if form == "DESCRIBE" else json_fmt
        rows.append((f"sparql {kind}: guard (rdflib parse, uncached)", ms(lambda: inspect(q), 10)))
        rows.append((f"sparql {kind}: engine (pyoxigraph, rows consumed)", ms(lambda: list(store.query(q, prefixes=PREFIXES)), 10)))
        rows.append((f"sparql {kind}: engine + our serialisation", ms(lambda: serialize(store.query(q, prefixes=PREFIXES), form, fmt, 10000, ""), 10)))
    job = QueryJob("ASK {}", Dataset(), "json", "turtle", 10000)
    pool = WorkerPool(link, size=1, memory_mb=2048)
    try:
        hop = ms(lambda: pool.run(job, 10), 200) - ms(lambda: run_job(store, job), 200)
    finally:
        pool.close()
    rows.append(("worker hop (pipe + pickle both ways, ASK {})", hop))
    for entity in (place, s.entities[1], indicator):
        kind = entity.removeprefix(mix.ID).split("/")[0]
        types = [t.object.value for t in lookup.triples(ox.NamedNode(entity), RDF_TYPE)]
        rows.append((f"{kind} document: triples (point lookups)", ms(lambda: documents.entity_triples(lookup, entity), 10)))
        triples = documents.entity_triples(lookup, entity)
        rows.append((f"{kind} document: JSON-LD framing (pyld), {len(triples)} triples", ms(lambda: jsonld.entity_document(entity, triples), 5)))
        rows.append((f"{kind} page: description (uncached)", ms(lambda: describe.Describer(lookup, Labeller(lookup)).describe(entity), 5)))
        rows.append((f"{kind} page: profile, first page of each list (list keys cached after the first call)",
                     ms(lambda: profiles.Profiles(lookup, Labeller(lookup)).for_entity(entity, types), 5)))
        rows.append((f"{kind} page: embedded JSON-LD (the entity's own statements)", ms(lambda: page_jsonld.summary(lookup, entity), 20)))
    labeller = Labeller(lookup)
    app = create_app(dataclasses.replace(Settings.from_env(), var_dir=var_dir))  # what the page's header reads (the coverage)
    for entity in (place, s.entities[1], indicator):
        kind = entity.removeprefix(mix.ID).split("/")[0]
        types = [t.object.value for t in lookup.triples(ox.NamedNode(entity), RDF_TYPE)]
        description = describe.Describer(lookup, labeller).describe(entity)
        profile = profiles.Profiles(lookup, labeller).for_entity(entity, types)
        document = page_jsonld.summary(lookup, entity)
        path = "/page/" + entity.removeprefix(mix.ID)
        request = Request({"type": "http", "app": app, "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8000),
                           "path": path, "query_string": b"", "headers": []})
        context = {"request": request, "lang": "zh", "prefer": ("zh", "en"), "d": description, "profile": profile,
                   "profile_name": type(profile).__name__.removesuffix("Profile").lower() if profile else None,
                   "document": document}
        template = templates.get_template("entity.html")
        html = template.render(context)
        rows.append((f"{kind} page: template render (Jinja2), {len(html) // 1024} KB", ms(lambda: template.render(context), 20)))
        framed = documents.entity_jsonld(lookup, entity)
        rows.append((f"{kind} JSON-LD document: json.dumps of the framed document", ms(lambda: jsonld.dumps(framed), 20)))
    print(f"\nlayer costs at {var_dir} (median ms, one request at a time)")
    for label, value in rows:
        print(f"  {label:88s} {value:9.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
