"""A bounded load test on loopback (`make loadtest`, about three minutes): pages and simple SPARQL queries at full
concurrency (wrk) while a client keeps sending pathological queries that run into their deadline.

Three rounds of the same mix: a warm-up (caches fill), then two measured rounds. Memory (resident, server plus
its query workers) is read before and after each measured round: a leak shows as growth from one round to the
next. Prints, and writes to test-artifacts/loadtest.json, the figures SECURITY.md records: p50/p90/p99/max
latency, answers by status class, socket errors, the pathological queries' answers and their lateness past the
deadline. Exit status 1 on any 5xx for pages or simple queries, any socket error, or memory growth past 10%.

    .venv/bin/python scripts/loadtest.py [--seconds 50] [--connections 8] [--deadline 5]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_sparql import HEAVY  # noqa: E402
from live_server import graph_in, rss_bytes, serve  # noqa: E402

PAGES = ["/", "/places", "/projects", "/indicators", "/page/place/anhaizhen", "/page/indicator/diqushengchanzongzhi",
         "/search?q=anhai", "/search.json?q=zimaoshan", "/read/jinjiangshi-2025", "/compare",
         "/id/place/anhaizhen.jsonld", "/id/place/anhaizhen.ttl", "/chart/indicator/diqushengchanzongzhi.svg",
         "/static/site.css"]
SIMPLE_QUERIES = ["ASK {}", 'SELECT ?p WHERE { ?p rdfs:label "安海镇"@zh }',
                  "SELECT ?t ?l WHERE { ?t a jjo:Town ; rdfs:label ?l } LIMIT 20",
                  "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t",
                  "DESCRIBE place:anhaizhen"]
LUA = Path(__file__).with_name("loadtest.lua")
WRK_LINE = re.compile(r"JJKG (.*)")


def wrk(url: str, paths: list[str], seconds: int, connections: int, timeout: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("".join(f"GET {p}\n" for p in paths))
    out = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--timeout",
                          f"{round(timeout)}s", "-s", str(LUA), url, "--", f.name], capture_output=True, text=True)
    line = WRK_LINE.search(out.stdout)
    if line is None:
        raise RuntimeError(f"wrk said:\n{out.stdout}\n{out.stderr}")
    figures = {k: float(v) for k, v in (pair.split("=") for pair in line[1].split())}
    figures["requests_per_second"] = round(figures["requests"] / seconds, 1)
    return figures


class Pathological(threading.Thread):
    """Sends heavy queries one after another until stopped; records each answer's status and time."""

    def __init__(self, url: str, deadline: float):
        super().__init__(daemon=True)
        self.url, self.deadline = url, deadline
        self.answers: list[tuple[int, float]] = []
        self.stopping = threading.Event()

    def run(self):
        i = 0
        while not self.stopping.is_set():
            query = HEAVY[i % len(HEAVY)]
            i += 1
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"{self.url}/sparql?{urllib.parse.urlencode({'query': query})}",
                                            timeout=self.deadline + 30) as r:
                    r.read()
                    status = r.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                status = 0
            self.answers.append((status, time.monotonic() - started))

    def summary(self) -> dict:
        late = [max(0.0, s - self.deadline) * 1000 for code, s in self.answers if code == 503]
        return {"sent": len(self.answers), "statuses": dict(Counter(code for code, _ in self.answers)),
                "max_ms_past_deadline": round(max(late, default=0), 1)}


def round_(url: str, seconds: int, connections: int, deadline: float) -> dict:
    """Pages and simple queries at full concurrency, pathological queries alongside, all at once."""
    queries = [f"/sparql?{urllib.parse.urlencode({'query': q})}" for q in SIMPLE_QUERIES]
    heavy = Pathological(url, deadline)
    heavy.start()
    with ThreadPoolExecutor(max_workers=2) as pool:  # two wrk processes at once; an error in either is raised
        futures = {kind: pool.submit(wrk, url, paths, seconds, connections, deadline + 10)
                   for kind, paths in (("pages", PAGES), ("queries", queries))}
        results = {kind: future.result() for kind, future in futures.items()}
    heavy.stopping.set()
    heavy.join(timeout=deadline + 35)
    results["pathological"] = heavy.summary()
    return results


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--seconds", type=int, default=50, help="length of each measured round")
    args.add_argument("--connections", type=int, default=8, help="concurrent connections for pages, and for queries")
    args.add_argument("--deadline", type=float, default=5.0, help="JJKG_QUERY_TIMEOUT of the server under test")
    args.add_argument("--var-dir", type=Path, help="use the store published there instead of building one")
    args.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "loadtest.json")
    opts = args.parse_args()

    with graph_in(opts.var_dir) as var_dir:
        with serve(var_dir, query_timeout=opts.deadline) as server:
            def memory_mb() -> float:
                time.sleep(opts.deadline + 1)  # a worker killed at the end of a round is replaced by then
                return round(rss_bytes([server.pid, *server.descendants()]) / 2**20, 1)

            figures = {"deadline": opts.deadline, "connections": opts.connections, "seconds": opts.seconds,
                       "memory_start_mb": memory_mb()}
            print("warm-up round ...", file=sys.stderr)
            round_(server.url, max(10, opts.seconds // 3), opts.connections, opts.deadline)
            figures["memory_before_mb"] = memory_mb()
            for n in (1, 2):
                print(f"measured round {n} ...", file=sys.stderr)
                figures[f"round{n}"] = round_(server.url, opts.seconds, opts.connections, opts.deadline)
                figures[f"memory_after_round{n}_mb"] = memory_mb()
    print(json.dumps(figures, indent=1))
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    bad = [f"round{n} {kind}: {r[kind]}" for n in (1, 2) for kind in ("pages", "queries")
           for r in [figures[f"round{n}"]] if r[kind]["server_errors"] or r[kind]["socket_errors"]]
    growth = figures["memory_after_round2_mb"] / figures["memory_after_round1_mb"] - 1
    if growth > 0.10:
        bad.append(f"memory grew {growth:.0%} from round 1 to round 2")
    for line in bad:
        print("FAIL", line, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
