"""Fifty runaway queries at once (issue 30's "done when"): is every one answered by its deadline + 1 s, and how long
does `ASK {}` take meanwhile (bar: p99 under 100 ms)? Prints figures, asserts nothing (SECURITY.md, section 8).

Each run starts a fresh `jjkg serve` (two query workers and the fast lane's one: the defaults) and fires N runaway
queries at once, each on a connection of its own, with their variables renamed (a shape known slow must be known
slow whatever its names). Meanwhile one other client sends `ASK {}` one request after another, on one
connection, until every runaway is answered. Two runs: the runaways from one client (one forwarded address: its
fair share of the /sparql slots, JJKG_SPARQL_PER_CLIENT, refuses the rest at once) and from N clients (an address
each: only the slots, JJKG_SPARQL_THREADS, bound them). Clients are told apart by X-Forwarded-For, which uvicorn
believes from 127.0.0.1.

    PYTHONPATH=. .venv/bin/python bench/runaway_crowd.py --var var     # the graph of `make build`
    PYTHONPATH=. .venv/bin/python bench/runaway_crowd.py --var var --runaways 50 --timeout 10
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import servers  # noqa: E402
from fairness import JSON, percentile, sparql_path  # noqa: E402

SLACK = 1.0  # the bar: every answer by the deadline + 1 s
ASK_CLIENT = "198.51.100.1"


def runaway(i: int) -> str:
    """A cross product whose variables are named after `i`: the same shape for all."""
    v = [f"?r{i}_{n}" for n in range(9)]
    return f"SELECT (COUNT(*) AS ?n{i}) WHERE {{ {v[0]} {v[1]} {v[2]} . {v[3]} {v[4]} {v[5]} . {v[6]} {v[7]} {v[8]} }}"


def get(port: int, path: str, client: str, timeout: float, conn=None, why: list | None = None) -> tuple[int, str]:
    """(status, error name); `why` gets the error's message when given."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": JSON, "X-Forwarded-For": client})
        answer = conn.getresponse()
        body = answer.read()
        error = ""
        if answer.status != 200:
            try:
                error = json.loads(body).get("error", "")
                if why is not None:
                    why.append(json.loads(body).get("message", ""))
            except ValueError:
                error = "?"
        return answer.status, error
    finally:
        if own:
            conn.close()


def run(var_dir: Path, work: Path, label: str, count: int, timeout: float, one_client: bool) -> dict:
    port = servers.free_port()
    env = {"JJKG_VAR_DIR": str(var_dir), "JJKG_QUERY_TIMEOUT": f"{timeout:g}", "JJKG_ACCESS_LOG": "off",
           "JJKG_HTTP": os.environ.get("JJKG_HTTP", "httptools")}
    server = servers.start(label, [sys.executable, "-m", "kg.cli", "serve", "--port", str(port)], env,
                           work / f"{label}.log", port)
    results: list[tuple[int, float, int, str]] = []  # (runaway, seconds, status, error)
    asks: list[tuple[float, int]] = []
    refusals: list[dict] = []  # each ASK {} not answered 200: when it was sent (from the crowd's start), why
    try:
        server.wait("/", 120)
        server.wait(sparql_path("ASK {}"), 120, JSON)  # the query workers have started
        time.sleep(1.0)  # the fast lane's worker too

        def fire(i: int) -> None:
            client = "203.0.113.1" if one_client else f"203.0.{113 + i // 250}.{i % 250 + 1}"
            started = time.monotonic()
            try:
                status, error = get(port, sparql_path(runaway(i)), client, timeout * 3)
            except OSError as exc:
                status, error = 0, type(exc).__name__
            results.append((i, time.monotonic() - started, status, error))

        threads = [threading.Thread(target=fire, args=(i,), daemon=True) for i in range(count)]
        began = time.monotonic()
        for t in threads:
            t.start()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout * 3)
        while any(t.is_alive() for t in threads) and time.monotonic() - began < timeout * 3:
            sent, started, why = time.monotonic() - began, time.perf_counter(), []
            status, error = get(port, sparql_path("ASK {}"), ASK_CLIENT, timeout * 3, conn, why)
            asks.append((time.perf_counter() - started, status))
            if status != 200:
                refusals.append({"sent_s": round(sent, 3), "status": status, "error": error,
                                 "message": why[0] if why else ""})
        conn.close()
        for t in threads:
            t.join(timeout)
    finally:
        server.stop()
    seconds = [s for _, s, _, _ in results]
    statuses: dict[str, int] = {}
    for _, _, status, error in results:
        key = f"{status} {error}".strip()
        statuses[key] = statuses.get(key, 0) + 1
    ask_ms = [s * 1000 for s, _ in asks]
    ask_statuses: dict[int, int] = {}
    for _, status in asks:
        ask_statuses[status] = ask_statuses.get(status, 0) + 1
    return {"run": label, "runaways": count, "answered": len(results), "timeout": timeout,
            "runaway_seconds": sorted(results, key=lambda r: r[0]), "runaway_statuses": statuses,
            "latest_s": max(seconds) if seconds else None,
            "over_bar": sum(s > timeout + SLACK for s in seconds),
            "ask": {"n": len(asks), "statuses": ask_statuses, "p50_ms": percentile(ask_ms, 50),
                    "p99_ms": percentile(ask_ms, 99), "max_ms": max(ask_ms),
                    "slowest": sorted(((round(ms, 1), status) for ms, (_, status) in zip(ask_ms, asks)),
                                      reverse=True)[:5],
                    "refusals": refusals} if asks else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--var", type=Path, default=HERE.parent / "var", help="var dir holding a built store")
    parser.add_argument("--timeout", type=float, default=10.0, help="JJKG_QUERY_TIMEOUT of the server")
    parser.add_argument("--runaways", type=int, default=50)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "runaway_crowd.json")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; deadline {args.timeout:g} s; "
          f"{args.runaways} runaways at once; ASK {{}} one at a time from another client", flush=True)
    out = []
    with tempfile.TemporaryDirectory(prefix="jjkg-crowd-") as tmp:
        for label, one in (("one-client", True), ("many-clients", False)):
            r = run(args.var, Path(tmp), label, args.runaways, args.timeout, one)
            out.append(r)
            print(f"\n{label}: {r['answered']} of {r['runaways']} runaways answered; statuses "
                  f"{r['runaway_statuses']}; latest {r['latest_s']:.2f} s; over deadline + {SLACK:g} s: "
                  f"{r['over_bar']}", flush=True)
            print("  each runaway (seconds from its send to its answer):")
            print("  " + " ".join(f"{s:.2f}" for _, s, _, _ in r["runaway_seconds"]))
            a = r["ask"]
            if a:
                print(f"  ASK {{}}: {a['n']} requests, statuses {a['statuses']}, p50 {a['p50_ms']:.1f} ms, "
                      f"p99 {a['p99_ms']:.1f} ms, max {a['max_ms']:.1f} ms", flush=True)
                for r in a["refusals"]:
                    print(f"    refused: sent at {r['sent_s']:.3f} s, {r['status']} {r['error']}: {r['message']}")
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"var": str(args.var), "runs": out}, indent=1))
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
