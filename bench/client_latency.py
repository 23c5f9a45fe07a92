"""A second opinion on latency: N client processes, each one keep-alive connection (the standard library's
http.client), cycling through a kind's requests against a freshly started server of ours for S seconds; every
request's time is kept, so the percentiles are exact and their sum can be checked against the clients' time.

Why: in some runs wrk reported latencies that cannot be — their sum over twice the connections' wall time
(BENCHMARKS.md, "sixth round") — so its p99 in those runs is not the server's. These clients cost more CPU
per request than wrk (fewer requests a second), but what they report adds up.

    .venv/bin/python bench/client_latency.py var/bench/10m --kind page [--clients 8] [--seconds 5] [--runs 2]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import mix  # noqa: E402
import pyoxigraph as ox  # noqa: E402
import servers  # noqa: E402


def one_client(args: tuple) -> list[float]:
    index, clients, port, requests, seconds = args
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    position = len(requests) * index // clients  # spread the clients over the list, as bench/mix.lua does
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        path, accept = requests[position % len(requests)]
        position += 1
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": accept} if accept else {})
        connection.getresponse().read()
        times.append(time.perf_counter() - started)
    return times


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("var_dir", type=Path)
    parser.add_argument("--kind", default="page", choices=mix.KINDS)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--runs", type=int, default=2, help="runs on the same server, the first one cold")
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    store = ox.Store.read_only(str((args.var_dir / "store").resolve() / "oxigraph"))
    requests = [(r.path, r.accept) for r in mix.requests(mix.sample(store), "ours")[args.kind]]
    del store
    server = servers.ours(args.var_dir, servers.ROOT / "var/bench/work/client-latency.log", args.web_workers, 2)
    try:
        server.wait("/sparql?query=ASK%7B%7D", 120, "application/sparql-results+json")
        port = int(server.url.rsplit(":", 1)[1])
        with multiprocessing.get_context("spawn").Pool(args.clients) as pool:
            for run in range(1, args.runs + 1):
                parts = pool.map(one_client, [(i, args.clients, port, requests, args.seconds)
                                              for i in range(args.clients)])
                times = sorted(t for part in parts for t in part)
                ms = {p: 1000 * percentile(times, p) for p in (50, 90, 99, 99.9)}
                print(f"{args.kind} c={args.clients} run {run}: {len(times)} requests "
                      f"({len(times) / args.seconds:.0f}/s); p50 {ms[50]:.2f}  p90 {ms[90]:.2f}  p99 {ms[99]:.2f}  "
                      f"p99.9 {ms[99.9]:.2f}  max {1000 * times[-1]:.1f} ms; the latencies sum to "
                      f"{sum(times) / (args.clients * args.seconds):.2f}× the clients' time")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
