"""Fairness under runaway queries: how long `ASK {}`, point lookups and pages take while two queries run to their
deadline, holding both normal query workers. Prints figures, asserts nothing (BENCHMARKS.md, "Cold path").

Three runs, each on a fresh `jjkg serve` with two query workers: quiet (nothing else running), two runaways with
the fast lane (the default), and two runaways with it off (JJKG_FAST_LANE_WORKERS=0: every answer then waits for a
runaway's deadline, so that run sends only a few requests). Two threads keep one runaway query each in flight
for the whole run, sending it again as soon as its 503 comes. One client sends the measured requests one after
another, each distinct (a point lookup per entity, both directions, and a page per entity), so that every
latency is one answer's own and they add up to the run's time.

    .venv/bin/python bench/fairness.py                     # the graph of `make build` (var/)
    .venv/bin/python bench/fairness.py --timeout 10 --requests 400
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import servers  # noqa: E402
from cold import entities  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def sparql_path(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def measured(iris: list[str], count: int) -> list[tuple[str, str, str]]:
    """(kind, path, accept): ASK {}, a point lookup out of and into an entity, the entity's page; in turn."""
    out = []
    for i in range(count):
        iri = iris[i % len(iris)]
        kind = ("ask", "lookup", "page")[i % 3]
        if kind == "ask":
            out.append((kind, sparql_path("ASK {}" if i % 2 else f"ASK {{ <{iri}> ?p ?o }}"), JSON))
        elif kind == "lookup":
            query = (f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }} LIMIT 200" if i % 2 else
                     f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT 200")
            out.append((kind, sparql_path(query), JSON))
        else:
            out.append((kind, "/" + iri.removeprefix("https://w3id.org/jinjiang-kg/").replace("id/", "page/", 1),
                        "text/html"))
    return out


def keep_running(port: int, stop: threading.Event, sent: list[int]) -> None:
    """One runaway query in flight until `stop`: sent again as soon as it is answered (its 503 at the deadline)."""
    while not stop.is_set():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        try:
            conn.request("GET", sparql_path(RUNAWAY), headers={"Accept": JSON})
            conn.getresponse().read()
            sent.append(1)
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(var_dir: Path, work: Path, label: str, fast_lane: int, timeout: float, requests, runaways: bool) -> dict:
    port = servers.free_port()
    env = {"JJKG_VAR_DIR": str(var_dir), "JJKG_QUERY_WORKERS": "2", "JJKG_QUERY_TIMEOUT": f"{timeout:g}",
           "JJKG_FAST_LANE_WORKERS": str(fast_lane), "JJKG_ACCESS_LOG": "off",
           "JJKG_HTTP": os.environ.get("JJKG_HTTP", "httptools")}
    server = servers.start(label, [str(HERE.parent / ".venv/bin/jjkg"), "serve", "--port", str(port)], env,
                           work / f"{label}.log", port)
    stop, sent, keepers = threading.Event(), [], []
    try:
        server.wait("/", 120)
        server.wait(sparql_path("ASK {}"), 120, JSON)  # the query workers have started
        if runaways:
            keepers = [threading.Thread(target=keep_running, args=(port, stop, sent), daemon=True) for _ in range(2)]
            for t in keepers:
                t.start()
            time.sleep(1.0)  # both reach their workers
        times: dict[str, list[float]] = {}
        statuses: dict[int, int] = {}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout * 3)
        began = time.perf_counter()
        for kind, path, accept in requests:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Accept": accept})
            answer = conn.getresponse()
            answer.read()
            times.setdefault(kind, []).append(time.perf_counter() - started)
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
        span = time.perf_counter() - began
        conn.close()
    finally:
        stop.set()
        server.stop()
    figures = {kind: {"n": len(v), "p50_ms": percentile(v, 50) * 1000, "p99_ms": percentile(v, 99) * 1000,
                      "max_ms": max(v) * 1000} for kind, v in times.items()}
    return {"run": label, "fast_lane_workers": fast_lane, "runaways": runaways, "span_s": span,
            "runaway_answers": len(sent), "statuses": statuses, "kinds": figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--var", type=Path, default=HERE.parent / "var", help="var dir holding a built store")
    parser.add_argument("--timeout", type=float, default=10.0, help="JJKG_QUERY_TIMEOUT of the server")
    parser.add_argument("--requests", type=int, default=600, help="measured requests per run (a third of each kind)")
    parser.add_argument("--without-lane", type=int, default=6, help="measured requests with the fast lane off")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "fairness.json")
    args = parser.parse_args()
    iris = entities(args.var, 2000, seed=3)
    print(f"{len(iris)} entities from {args.var}; machine: {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.2f}; deadline {args.timeout:g} s; one client, requests one at a time", flush=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="jjkg-fair-") as tmp:
        for label, lane, runaways, count in (("quiet", 1, False, args.requests),
                                             ("two runaways, fast lane", 1, True, args.requests),
                                             ("two runaways, no fast lane", 0, True, args.without_lane)):
            result = run(args.var, Path(tmp), label.replace(" ", "-").replace(",", ""), lane, args.timeout,
                         measured(iris, count), runaways)
            result["run"] = label
            results.append(result)
            print(f"{label}: {sum(result['statuses'].values())} requests in {result['span_s']:.1f} s, statuses "
                  f"{result['statuses']}, runaway answers {result['runaway_answers']}", flush=True)
            for kind, f in result["kinds"].items():
                print(f"  {kind:<7} {f['n']:>5}  p50 {f['p50_ms']:>8.1f} ms  p99 {f['p99_ms']:>8.1f} ms  "
                      f"max {f['max_ms']:>8.1f} ms", flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"var": str(args.var), "timeout": args.timeout, "runs": results}, indent=1))
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
