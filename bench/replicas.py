"""`make replicas`: the web tier scaled out over one Virtuoso, measured. Prints figures; asserts nothing.

1. starts a private Virtuoso on loopback (kg/store/virtuoso_local.py) and publishes the project's built graph into it
   with `jjkg publish`'s code (the publish time is the first figure);
2. starts two replicas of `jjkg serve` with JJKG_STORE pointing at it, each with an empty var dir of its own (no
   local build: what a replica on another machine would have), and nginx in front of them (tests/balancer.py);
3. runs wrk with the benchmark's request mix (bench/mix.py, bench/mix.lua) against one replica directly, against
   the balancer with one replica behind it, and against the balancer with both, after sending every distinct
   request of the mix once to each replica (so both hold the same caches: what a replica in service has);
4. prints requests/s, p50 and p99 and the CPU each process used (who saturates the 2 cores), then stops everything
   by PID.

    .venv/bin/python bench/replicas.py [--seconds 20] [--connections 8] [--var var]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import balancer  # noqa: E402
import load  # noqa: E402
import mix  # noqa: E402
from live_server import serve  # noqa: E402
from procs import cpu_seconds, tree  # noqa: E402

from kg.settings import RemoteConfig  # noqa: E402
from kg.store import virtuoso_local  # noqa: E402
from kg.store.embedded import current  # noqa: E402
from kg.store.publish import Publisher, plan  # noqa: E402
from kg.store.remote import RemoteBackend  # noqa: E402


def measure(label: str, url: str, requests, connections: int, seconds: float, pids: dict[str, int],
            work: Path) -> dict:
    before = {name: cpu_seconds(tree(pid)) for name, pid in pids.items()}
    figures = load.wrk(url, requests, connections, seconds, pids["virtuoso"], work)
    wall = figures["seconds"]
    cpu = {name: round(100 * (cpu_seconds(tree(pid)) - before[name]) / wall) for name, pid in pids.items()}
    cpu["wrk"] = round(figures["client_cpu_pct"])
    row = {"setup": label, "rps": round(figures["rps"], 1), "p50_ms": round(figures["p50_ms"], 1),
           "p99_ms": round(figures["p99_ms"], 1), "errors": figures["errors"], "requests": figures["requests"],
           "cpu_pct": cpu}
    print(f"{label:34} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f} ms  p99 {row['p99_ms']:7.1f} ms  "
          f"errors {row['errors']}  CPU % " + " ".join(f"{k}={v}" for k, v in cpu.items()), flush=True)
    return row


def warm(url: str, requests) -> None:
    started = time.perf_counter()
    unique = {(r.path, r.accept) for r in requests}
    for path, accept in sorted(unique):
        try:
            with urllib.request.urlopen(urllib.request.Request(url + path, headers={"accept": accept}), timeout=120) as r:
                r.read()
        except urllib.error.HTTPError:
            pass
    print(f"warmed {url} with {len(unique)} distinct requests in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--var", type=Path, default=ROOT / "var", help="var dir holding the built graph")
    parser.add_argument("--out", type=Path, default=None, help="[default: bench/results/replicas[-uncached].json]")
    parser.add_argument("--uncached", action="store_true",
                        help="replicas with JJKG_REMOTE_MEMO_MB=0: no memo of the store's answers, so every "
                             "request goes to Virtuoso (page models are still kept)")
    args = parser.parse_args()
    published = current(args.var / "store")
    if published is None:
        sys.exit(f"no graph built in {args.var}: run `make build` first")
    if not virtuoso_local.installed() or not balancer.installed():
        sys.exit("needs virtuoso-t and nginx: scripts/install-virtuoso.sh and scripts/install-nginx.sh install them")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f} before the runs", flush=True)
    with tempfile.TemporaryDirectory(prefix="jjkg-replicas-") as tmp, contextlib.ExitStack() as stack:
        tmp = Path(tmp)
        store = virtuoso_local.start(tmp / "virtuoso", max_query_seconds=60, memory_mb=2048)
        stack.callback(store.stop)
        config = RemoteConfig(store.query_endpoint, update=store.update_endpoint, user="dba", password=store.password)
        work = plan(published)
        started = time.perf_counter()
        figures = Publisher(config, tmp).publish(work)
        publish_seconds = time.perf_counter() - started
        print(f"published {figures['triples']:,} triples ({figures['graphs']} graphs + union of {figures['union']:,}) "
              f"in {figures['batches']} batches: {publish_seconds:.2f} s", flush=True)
        env = {"store": store.store_setting, "query_workers": 1, "http": "httptools",
               **({"remote_memo_mb": 0} if args.uncached else {})}
        a = stack.enter_context(serve(tmp / "replica-a", **env))
        b = stack.enter_context(serve(tmp / "replica-b", **env))
        sample = mix.sample(RemoteBackend(config).store())
        requests = mix.mixed(mix.requests(sample, "ours"))
        pids = {"virtuoso": store.process.pid, "replica-a": a.pid, "replica-b": b.pid}
        for replica in (a, b):  # every request once, so both replicas' caches hold the same before measuring
            warm(replica.url, requests)
        rows = [measure("1 replica, direct", a.url, requests, args.connections, args.seconds,
                        {**pids}, tmp)]
        with balancer.balance([a.url], tmp / "nginx-1") as (url, nginx_pid):
            rows.append(measure("1 replica behind nginx", url, requests, args.connections, args.seconds,
                                {**pids, "nginx": nginx_pid}, tmp))
        with balancer.balance([a.url, b.url], tmp / "nginx-2") as (url, nginx_pid):
            rows.append(measure("2 replicas behind nginx", url, requests, args.connections, args.seconds,
                                {**pids, "nginx": nginx_pid}, tmp))
        print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    args.out = args.out or ROOT / "bench" / "results" / f"replicas{'-uncached' if args.uncached else ''}.json"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"uncached": args.uncached, "load_average_after": os.getloadavg(), "publish_seconds": round(publish_seconds, 2), "publish": figures,
                                    "connections": args.connections, "seconds": args.seconds, "runs": rows},
                                   indent=2), encoding="utf-8")
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
