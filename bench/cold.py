"""The cold path: every request distinct, as a crawler or a crowd of researchers sends them. Prints figures,
asserts nothing (BENCHMARKS.md, "Cold path").

For each kind of request — entity pages, JSON-LD documents, SPARQL queries — one list of distinct requests is made
from the store itself: every entity's page and document, and for each entity a query text of its own. Each run
starts a fresh `jjkg serve` (nothing in its memory yet), lets it answer one request that is not in the list (so
start-up is not measured), then sends every request of the list exactly once with wrk (bench/cold.lua: a slice per
wrk thread, each request once, then stop). That is the cold figure. The same list sent again to the same server is
the warm figure: whatever the server kept in memory from the first pass (per-store indexes, links' markup) helps
there. With `--nginx`, the list is sent a third time through deploy/nginx.conf after one priming pass: the
figure of a deployment whose proxy already holds every answer (a warm figure, never the server's speed).

    .venv/bin/python bench/cold.py                      # the graph of `make build` (var/)
    .venv/bin/python bench/cold.py --var var/bench/1m   # a synthetic store made by `make bench SIZES=1m`
    .venv/bin/python bench/cold.py --bare --peer        # SPARQL beside the stack's limit and rdflib-endpoint
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the nginx harness of tests/test_nginx_cache.py

import load  # noqa: E402
import servers  # noqa: E402
from mix import HTML, JSONLD, SPARQL_JSON, Request  # noqa: E402

from kg.store.embedded import current, open_read_only  # noqa: E402

ID = "https://w3id.org/jinjiang-kg/id/"
KINDS = ("page", "jsonld", "sparql")


def entities(var_dir: Path, limit: int, seed: int) -> list[str]:
    store = open_read_only(var_dir / "store")
    rows = store.query(f'SELECT DISTINCT ?s WHERE {{ ?s a ?t FILTER(STRSTARTS(STR(?s), "{ID}")) }}')
    iris = sorted(row[0].value for row in rows)
    iris = [i for i in iris if i.count("/") == ID.count("/") + 1]  # kind/slug: the IRIs with pages
    random.Random(seed).shuffle(iris)
    return iris[:limit]


def requests(kind: str, iris: list[str], sparql_path: str = "/sparql") -> list[Request]:
    """The list of one kind; `sparql_path`: where the server answers SPARQL (rdflib-endpoint: at /)."""
    out = []
    for iri in iris:
        path = "/" + iri.removeprefix("https://w3id.org/jinjiang-kg/")
        if kind == "page":
            out.append(Request(kind, path.replace("/id/", "/page/", 1), HTML, None, ""))
        elif kind == "jsonld":
            out.append(Request(kind, path + ".jsonld", JSONLD, None, ""))
        else:
            query = f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT 200"
            out.append(Request(kind, f"{sparql_path}?" + urllib.parse.urlencode({"query": query}), SPARQL_JSON,
                               query, "SELECT"))
    return out


def ready(url: str) -> None:
    """One request outside the lists: the server has started its workers and loaded its indexes."""
    probe = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    request = urllib.request.Request(url + probe, headers={"Accept": SPARQL_JSON})
    with urllib.request.urlopen(request, timeout=120) as r:
        r.read()
    with urllib.request.urlopen(url + "/", timeout=120) as r:
        r.read()


@contextlib.contextmanager
def nginx_in_front(url: str, work: Path):
    import test_nginx_cache

    with test_nginx_cache.proxy(url, work / "nginx") as proxied:
        yield proxied


def bare_run(var_dir: Path, work: Path, listing, connections: int, processes: int) -> dict:
    """bench/bare.py under uvicorn, as many processes as ours: the same list once, cold."""
    port = servers.free_port()
    argv = [str(HERE.parent / ".venv/bin/uvicorn"), "--app-dir", str(HERE), "bare:app", "--port", str(port),
            "--workers", str(processes), "--log-level", "warning", "--no-access-log", "--http", "httptools",
            "--loop", "uvloop"]
    server = servers.start("bare", argv, {"JJKG_BARE_STORE": str(var_dir / "store")}, work / "bare.log", port)
    try:
        server.wait("/?" + urllib.parse.urlencode({"query": "ASK {}"}), 120)
        return load.wrk(server.url, listing, connections, 3600, server.process.pid, work, load.COLD_LUA)
    finally:
        server.stop()
        time.sleep(0.5)


def peer_run(var_dir: Path, work: Path, iris: list[str], connections: int) -> dict:
    """rdflib-endpoint (its default store, as `make bench` runs it) over the same triples: the SPARQL list once, cold.
    It answers SPARQL at / and has no pages or documents."""
    server = servers.peer(servers.union_dump(var_dir), work / "peer.log", "default")
    try:
        server.wait("/?" + urllib.parse.urlencode({"query": "ASK {}"}), 900, SPARQL_JSON)
        return load.wrk(server.url, requests("sparql", iris, "/"), connections, 3600, server.process.pid, work,
                        load.COLD_LUA)
    finally:
        server.stop()
        time.sleep(0.5)


def too_big_for_peer(var_dir: Path) -> bool:
    manifest = current(var_dir / "store").manifest
    return (manifest.get("triples") or manifest.get("quads") or 0) > servers.PEER_MAX_TRIPLES


def row(label: str, fig: dict) -> str:
    note = f"  ({fig['errors']} errors)" if fig["errors"] else ""
    return (f"  {label:<22} {fig['requests']:>6} req  {fig['rps']:>8.0f}/s  p50 {fig['p50_ms']:>7.1f} ms"
            f"  p99 {fig['p99_ms']:>7.1f} ms  server CPU {fig['server_cpu_pct']:>4.0f}%{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--var", type=Path, default=HERE.parent / "var", help="var dir holding a built store")
    parser.add_argument("--limit", type=int, default=2000, help="entities per list (distinct requests per kind)")
    parser.add_argument("--connections", default="1,8", help="comma-separated client counts")
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--web-workers", type=int, default=2, help="our server's web workers [default: 2, as `jjkg serve`]")
    parser.add_argument("--bare", action="store_true", help="SPARQL also against bench/bare.py (the stack's limit)")
    parser.add_argument("--peer", action="store_true",
                        help="SPARQL also against rdflib-endpoint (.venv-bench, made by `make bench`)")
    parser.add_argument("--nginx", action="store_true", help="also through deploy/nginx.conf, primed (warm)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "cold.json")
    args = parser.parse_args()
    if current(args.var / "store") is None:
        sys.exit(f"no graph built in {args.var}: run `make build` (or `make bench SIZES=1m`) first")
    iris = entities(args.var, args.limit, seed=1)
    print(f"{len(iris)} entities from {args.var}; machine: {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="jjkg-cold-") as tmp:
        work = Path(tmp)
        for kind in args.kinds.split(","):
            listing = requests(kind, iris)
            for connections in (int(c) for c in args.connections.split(",")):
                server = servers.ours(args.var, work / f"{kind}-{connections}.log", args.web_workers, 2)
                try:
                    server.wait("/", 120)
                    ready(server.url)
                    print(f"{kind}, {connections} client(s), {len(listing)} distinct requests:", flush=True)
                    cold = load.wrk(server.url, listing, connections, 3600, server.process.pid, work, load.COLD_LUA)
                    print(row("cold (first time)", cold), flush=True)
                    warm = load.wrk(server.url, listing, connections, 3600, server.process.pid, work, load.COLD_LUA)
                    print(row("warm (asked again)", warm), flush=True)
                    entry = {"kind": kind, "connections": connections, "distinct": len(listing),
                             "cold": cold, "warm": warm}
                    if args.nginx:
                        with nginx_in_front(server.url, work / f"{kind}-{connections}") as proxied:
                            load.wrk(proxied, listing, connections, 3600, server.process.pid, work, load.COLD_LUA)
                            cached = load.wrk(proxied, listing, connections, 3600, server.process.pid, work,
                                              load.COLD_LUA)
                        print(row("nginx holding all", cached), flush=True)
                        entry["nginx_warm"] = cached
                    results.append(entry)
                finally:
                    server.stop()
                    time.sleep(0.5)
                if args.bare and kind == "sparql":
                    entry["bare"] = bare_run(args.var, work, listing, connections, args.web_workers)
                    print(row("bare ASGI (limit)", entry["bare"]) +
                          f"  ours/limit {entry['cold']['rps'] / entry['bare']['rps']:.2f}×", flush=True)
                if args.peer and kind == "sparql" and too_big_for_peer(args.var):
                    print(f"  rdflib-endpoint: not run, over {servers.PEER_MAX_TRIPLES:,} triples", flush=True)
                elif args.peer and kind == "sparql":
                    entry["peer"] = peer_run(args.var, work, iris, connections)
                    print(row("rdflib-endpoint", entry["peer"]) +
                          f"  ours/peer {entry['cold']['rps'] / entry['peer']['rps']:.1f}×", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"var": str(args.var), "entities": len(iris), "runs": results}, indent=1))
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
