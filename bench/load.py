"""Load generation: wrk over HTTP (a C client, so the Python server under test keeps the CPU), and threads
calling pyoxigraph directly for the in-process limit."""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import threading
import time
from pathlib import Path

import pyoxigraph as ox
from mix import JSONLD, Request
from procs import cpu_seconds, tree

LUA = Path(__file__).with_name("mix.lua")
COLD_LUA = Path(__file__).with_name("cold.lua")  # every request once: bench/cold.py


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(url: str, requests: list[Request], connections: int, seconds: float, server_pid: int,
        work_dir: Path, script: Path = LUA) -> dict:
    """Run wrk with `connections` clients for `seconds` over the requests (cycled by mix.lua; cold.lua sends each
    once and stops early); figures as a dict."""
    listing = work_dir / "requests.tsv"
    listing.write_text("".join(f"{r.path}\t{r.accept}\n" for r in requests), encoding="utf-8")
    # cold.lua stops a thread at the end of its slice: one connection per thread, or answers in flight are lost.
    threads = connections if script == COLD_LUA else min(connections, 2)
    finished = work_dir / "threads-done"
    finished.write_text("")
    argv = ["nice", "-n", "5", "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
            "--timeout", "60s", "-s", str(script), url, "--", str(listing), str(threads), str(finished)]
    server_before = cpu_seconds(tree(server_pid))
    client_before = _children_cpu()
    done = _run_wrk(argv, seconds, finished if script == COLD_LUA else None, threads)
    client_cpu = _children_cpu() - client_before
    server_cpu = cpu_seconds(tree(server_pid)) - server_before
    line = next((l for l in done.stdout.splitlines() if l.startswith("JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    figures = json.loads(line[5:])
    settle(server_pid)
    wall = figures["duration_us"] / 1e6
    ok = figures["requests"] - figures["bad_status"]
    return {
        "requests": figures["requests"], "errors": figures["bad_status"] + figures["timeouts"]
        + figures["connect_errors"] + figures["read_errors"] + figures["write_errors"],
        "rps": ok / wall, "p50_ms": figures["p50_us"] / 1000, "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000, "client_cpu_pct": 100 * client_cpu / wall,
        "server_cpu_pct": 100 * server_cpu / wall, "seconds": wall,
        # Each connection waits for one answer at a time, so the latencies cannot sum to more than the
        # connections' time; in some runs wrk's did (up to 12×): its percentiles are then not the server's.
        "extra": figures.get("extra", 0),
        "latency_sum_ratio": figures["mean_us"] * figures["requests"] / (connections * figures["duration_us"]),
    }


def _run_wrk(argv: list[str], seconds: float, finished: Path | None, threads: int) -> subprocess.CompletedProcess:
    """wrk waits out its whole duration even when every thread has stopped; cold.lua's threads write a line to
    `finished` when their slice is done, and wrk is then interrupted (SIGINT: it prints its summary and exits)."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if finished is not None:
        deadline = time.monotonic() + seconds + 60
        while process.poll() is None and time.monotonic() < deadline:
            if len(finished.read_text().splitlines()) >= threads:
                process.send_signal(signal.SIGINT)
                break
            time.sleep(0.05)
    try:
        stdout, stderr = process.communicate(timeout=seconds + 120)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


def settle(server_pid: int, quiet_pct: float = 10, longest: float = 300) -> None:
    """Wait until the server has finished what the last run left queued (its tree's CPU falls quiet), so no
    run starts against a server still busy with the previous one's slow requests."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        before = cpu_seconds(tree(server_pid))
        time.sleep(0.3)
        if 100 * (cpu_seconds(tree(server_pid)) - before) / 0.3 < quiet_pct:
            return


def _run_one(store: ox.Store, r: Request) -> int:
    result = store.query(r.query)
    if r.form == "SELECT":
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
    else:
        fmt = ox.RdfFormat.JSON_LD if r.accept == JSONLD else ox.RdfFormat.TURTLE
        body = ox.serialize(result, format=fmt)
    return len(body)


def inprocess(store: ox.Store, requests: list[Request], threads: int, seconds: float) -> dict:
    """`threads` threads run the requests' SPARQL against the store and serialise the result as the HTTP
    answer would carry it, for `seconds`; no HTTP, no guard, no worker process: the limit of this stack."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(offset: int) -> None:
        mine = []
        i = offset
        while time.perf_counter() < stop:
            r = requests[i % len(requests)]
            t0 = time.perf_counter()
            _run_one(store, r)
            mine.append(time.perf_counter() - t0)
            i += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    workers = [threading.Thread(target=client, args=(k * len(requests) // threads,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    return {"requests": len(latencies), "errors": 0, "rps": len(latencies) / wall, "p50_ms": pct(50),
            "p99_ms": pct(99), "max_ms": 1000 * latencies[-1] if latencies else float("nan"), "seconds": wall}
