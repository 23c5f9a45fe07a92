"""The full hostile SPARQL run (`make fuzz`): 10,000 generated requests through HTTP to `jjkg serve`, judged by
tests/sparql_fuzzing.py, with a listener on 127.0.0.1 that every SERVICE / FROM / LOAD variant names.

Builds the graph into a temporary directory (or uses JJKG_VAR_DIR's store with --var-dir), starts the server
with a short deadline, and prints the figures SECURITY.md records; the exit status is 1 on any failure.

    .venv/bin/python scripts/fuzz_sparql.py [--size 10000] [--seed 7] [--deadline 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_sparql import corpus  # noqa: E402
from listener import Listener  # noqa: E402
from live_server import graph_in, rss_bytes, serve  # noqa: E402
from sparql_fuzzing import run, timer  # noqa: E402

from kg.settings import Settings  # noqa: E402


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--size", type=int, default=10_000)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--deadline", type=float, default=5.0, help="JJKG_QUERY_TIMEOUT of the server under test")
    args.add_argument("--concurrency", type=int, default=1,
                      help="requests in flight; with more, a query also waits for a worker within its deadline")
    args.add_argument("--var-dir", type=Path, help="use the store published there instead of building one")
    args.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "fuzz-sparql.json")
    opts = args.parse_args()

    with graph_in(opts.var_dir) as var_dir:
        settings = dataclasses.replace(Settings.from_env(), var_dir=var_dir)
        listener = Listener()
        requests = corpus(opts.size, opts.seed, outbound=listener.url + "/sparql")
        with serve(var_dir, query_timeout=opts.deadline) as server:
            pids = [server.pid, *server.descendants()]
            memory_before = rss_bytes(pids)
            server_before = rss_bytes([server.pid])
            print(f"sending {len(requests)} requests, {opts.concurrency} at a time ...", file=sys.stderr)
            report = run(server.url, requests, opts.deadline, timer(settings.store_link, opts.deadline),
                         opts.concurrency)
            time.sleep(opts.deadline)  # let workers killed at the end be replaced
            memory_after = rss_bytes([server.pid, *server.descendants()])
            server_after = rss_bytes([server.pid])  # the web process alone; workers come and go
            started = time.monotonic()
            with urllib.request.urlopen(server.url + "/sparql?query=ASK%7B%7D", timeout=opts.deadline + 2) as r:
                healthy = r.status == 200
            health_seconds = time.monotonic() - started
        listener.close()

    print(report.summary())
    figures = {
        "requests": len(report.outcomes), "seconds": round(report.seconds, 1), "seed": opts.seed,
        "deadline": opts.deadline, "statuses": dict(sorted(report.statuses().items())),
        "by_category": {c: dict(sorted(n.items())) for c, n in sorted(report.by_category().items())},
        "failures": len(report.failures), "heavy": sum(1 for o in report.outcomes if o.request.heavy),
        "other_503s": len(report.slow_503s),
        "other_503s_alone_seconds": sorted(round(s, 2) for _, s in report.slow_503s)[:1] +
                                    sorted(round(s, 2) for _, s in report.slow_503s)[-1:],
        "slowest_seconds": round(report.slowest().seconds, 3),
        "slowest_heavy_over_deadline_ms": round(1000 * (max((o.seconds for o in report.outcomes if o.request.heavy),
                                                            default=opts.deadline) - opts.deadline), 1),
        "outbound_connections": listener.connections,
        "memory_before_mb": round(memory_before / 2**20, 1), "memory_after_mb": round(memory_after / 2**20, 1),
        "web_process_before_mb": round(server_before / 2**20, 1), "web_process_after_mb": round(server_after / 2**20, 1),
        "healthy_after": healthy, "health_check_ms": round(health_seconds * 1000, 1),
    }
    print(json.dumps(figures, indent=1))
    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    ok = not report.failures and listener.connections == 0 and healthy
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
