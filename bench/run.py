"""`make bench`: our server against rdflib-endpoint and in-process pyoxigraph, on the same data and query mix.

For each size (the real graph, then synthetic graphs of 1M and 10M triples):
  1. make the store when missing (`jjkg build`, `jjkg synth`), with its load time and size;
  2. time start-up to the first answer;
  3. run every kind of request of the mix alone, then the weighted mix, with 1 and 8 clients, against
     (a) our server over HTTP, (b) rdflib-endpoint serving the same triples, (c) pyoxigraph in this process;
  4. print throughput, p50, p99, peak memory of each server's process tree, and the ratios.
Figures are printed and written to var/bench/results-<time>.json; nothing here asserts a figure.

    .venv/bin/python bench/run.py --sizes "real 1m" [--seconds 5] [--peer-stores default,Oxigraph]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))

import load  # noqa: E402
import mix  # noqa: E402
import servers  # noqa: E402
from procs import MemorySampler  # noqa: E402

ROOT = servers.ROOT
BENCH_VAR = ROOT / "var" / "bench"
SIZES = {"real": None, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
CLIENTS = (1, 8)
PEER_MAX_TRIPLES = servers.PEER_MAX_TRIPLES


def say(*parts) -> None:
    print(*parts, flush=True)


def jjkg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / ".venv/bin/jjkg"), *args], env={**os.environ, **(env or {})},
                          capture_output=True, text=True, cwd=ROOT)


def directory_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# --------------------------------------------------------------------------------------------------------------
# Data


def prepare(size: str) -> dict:
    """The var directory holding the store for `size`, made if missing, with load figures."""
    if size == "real":
        var_dir = BENCH_VAR / "real"
        shutil.rmtree(var_dir, ignore_errors=True)
        t0 = time.perf_counter()
        res = jjkg("build", env={"JJKG_VAR_DIR": str(var_dir)})
        if res.returncode:
            raise RuntimeError(res.stderr)
        load_s = time.perf_counter() - t0
        info = {"load_seconds": round(load_s, 2), "how": "jjkg build (both reports: extract, SHACL, store)"}
    else:
        var_dir = BENCH_VAR / size
        if not (var_dir / "store").exists():
            say(f"  generating {size} (jjkg synth --triples {SIZES[size]}) ...")
            t0 = time.perf_counter()
            res = jjkg("synth", "--triples", str(SIZES[size]), "--out", str(var_dir))
            if res.returncode:
                raise RuntimeError(res.stderr)
            say(f"  {res.stderr.strip().splitlines()[-1]} ({time.perf_counter() - t0:.0f} s in all)")
        info = {"how": "jjkg synth (generate N-Quads, bulk_load, optimize)"}
    target = (var_dir / "store").resolve()
    manifest = json.loads((target / "manifest.json").read_text())
    if size != "real":
        info.update(generate_seconds=manifest.get("generate_seconds"), load_seconds=manifest.get("load_seconds"))
    store = ox.Store.read_only(str(target / "oxigraph"))
    triples = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())) if size == "real" else \
        manifest.get("triples")
    info.update(var_dir=str(var_dir), triples=triples, store_mb=round(directory_mb(target / "oxigraph"), 1))
    return info


# --------------------------------------------------------------------------------------------------------------
# Runs


def run_http(server: servers.Server, by_kind: dict, mixed: list, seconds: float, work: Path,
             kinds: list[str], client_counts: tuple[int, ...] = CLIENTS) -> dict:
    out = {}
    for clients in client_counts:
        for kind in kinds:
            reqs = mixed if kind == "mix" else by_kind[kind]
            fig = load.wrk(server.url, reqs, clients, seconds, server.process.pid, work)
            out[f"{kind}/{clients}"] = fig
            say(f"    {server.name:26s} {kind:9s} c={clients}: {fig['rps']:8.1f} req/s  p50 {fig['p50_ms']:8.2f} ms  "
                f"p99 {fig['p99_ms']:8.2f} ms  errors {fig['errors']}  server CPU {fig['server_cpu_pct']:.0f}%  "
                f"client CPU {fig['client_cpu_pct']:.0f}%" + _latency_warning(fig))
    return out


def run_ours(info: dict, sample: mix.Sample, args, work: Path) -> dict:
    var_dir = Path(info["var_dir"])
    server = servers.ours(var_dir, work / "ours.log", args.web_workers, args.query_workers)
    try:
        with MemorySampler(server.process.pid) as memory:
            entity = sample.entities[0].removeprefix(mix.ID)
            first = server.wait(f"/id/{entity}.jsonld", 120, mix.JSONLD)
            first_sparql = server.wait("/sparql?query=ASK%7B%7D", 120, "application/sparql-results+json")
            t0 = time.perf_counter()
            server.wait(f"/page/{entity}", 600, "text/html")
            first_page = time.perf_counter() - t0
            say(f"    ours: first answer (an entity's JSON-LD) {first:.2f} s after start, first SPARQL answer "
                f"{first_sparql:.2f} s; the first entity page then took {first_page:.2f} s")
            by_kind = mix.requests(sample, "ours")
            figures = run_http(server, by_kind, mix.mixed(by_kind), args.seconds, work, args.kinds, args.clients)
            memory.sample()
        return {"startup_first_answer_s": round(first, 3), "startup_first_sparql_s": round(first_sparql, 3),
                "first_page_s": round(first_page, 3),
                "peak_rss_mb": round(memory.peak_mb, 1), "hwm_sum_mb": round(memory.hwm_sum_mb, 1),
                "processes": memory.processes, "runs": figures}
    finally:
        server.stop()


def run_peer(info: dict, sample: mix.Sample, args, work: Path, store_kind: str) -> dict:
    dump = servers.union_dump(Path(info["var_dir"]))
    server = servers.peer(dump, work / f"peer-{store_kind}.log", store_kind)
    try:
        with MemorySampler(server.process.pid) as memory:
            ready = server.wait("/?query=ASK%7B%7D", args.peer_load_timeout, "application/sparql-results+json")
            say(f"    rdflib-endpoint ({store_kind}): loaded and answering after {ready:.1f} s")
            by_kind = mix.requests(sample, "peer")
            figures = run_http(server, by_kind, mix.mixed(by_kind), args.seconds, work, args.kinds, args.clients)
            memory.sample()
        return {"startup_first_answer_s": round(ready, 2), "peak_rss_mb": round(memory.peak_mb, 1),
                "hwm_sum_mb": round(memory.hwm_sum_mb, 1), "processes": memory.processes, "runs": figures}
    finally:
        server.stop()


def _latency_warning(fig: dict) -> str:
    ratio = fig["latency_sum_ratio"]
    # Answers still in flight when the run ends add a little (1.1× seen for 3 s runs of 30–100 ms answers).
    return "" if ratio <= 1.25 else (f"  [wrk's latencies sum to {ratio:.1f}× its connections' time: its p50/p99 "
                                     f"are not the server's; cross-check with bench/client_latency.py]")


def run_inprocess(info: dict, sample: mix.Sample, args) -> dict:
    t0 = time.perf_counter()
    store = ox.Store.read_only(str((Path(info["var_dir"]) / "store").resolve() / "oxigraph"))
    opened = time.perf_counter() - t0
    by_kind = mix.requests(sample, "inprocess")
    mixed = mix.mixed(by_kind)
    out = {}
    for clients in args.clients:
        for kind in args.kinds:
            fig = load.inprocess(store, mixed if kind == "mix" else by_kind[kind], clients, args.seconds)
            out[f"{kind}/{clients}"] = fig
            say(f"    {'in-process pyoxigraph':26s} {kind:9s} c={clients}: {fig['rps']:8.1f} req/s  "
                f"p50 {fig['p50_ms']:8.2f} ms  p99 {fig['p99_ms']:8.2f} ms")
    return {"open_seconds": round(opened, 4), "runs": out}


# --------------------------------------------------------------------------------------------------------------
# Report


def table(size: str, result: dict, client_counts: tuple[int, ...] = CLIENTS) -> None:
    systems = [("ours", result["ours"])] + [(f"peer:{k}", v) for k, v in result["peers"].items()] + \
              [("inprocess", result["inprocess"])]
    say(f"\n== {size}: {result['data']['triples']:,} triples, store {result['data']['store_mb']} MB ==")
    for clients in client_counts:
        say(f"-- {clients} client(s): req/s | p50 ms | p99 ms")
        say("kind      " + "".join(f"{name:>30s}" for name, _ in systems) + "   ours/peer   ours/inproc")
        for kind in [k for k in mix.KINDS + ["mix"] if f"{k}/{clients}" in result["ours"].get("runs", {})]:
            cells, rps = [], {}
            for name, sysres in systems:
                if f"{kind}/{clients}" not in sysres.get("runs", {}):
                    cells.append(f"{'not run':>30s}")
                    continue
                f = sysres["runs"][f"{kind}/{clients}"]
                rps[name] = f["rps"]
                cells.append(f"{f['rps']:10.1f} {f['p50_ms']:8.2f} {f['p99_ms']:9.2f}")
            peer = next((v for k, v in rps.items() if k.startswith("peer:default")), None) or \
                next((v for k, v in rps.items() if k.startswith("peer:")), None)
            ratio_peer = f"{rps['ours'] / peer:10.1f}×" if peer else f"{'-':>11s}"
            ratio_in = f"{rps['ours'] / rps['inprocess']:12.2f}×" if rps.get("inprocess") else ""
            say(f"{kind:10s}" + "".join(cells) + "  " + ratio_peer + ratio_in)
    say("memory (peak summed VmRSS of the server's process tree, MB):  " + ", ".join(
        f"{name} {r.get('peak_rss_mb', '-')} ({r.get('processes', '-')} processes; sum of VmHWM {r.get('hwm_sum_mb', '-')})"
        for name, r in systems if "peak_rss_mb" in r))
    say("start-up to first answer (s):  " + ", ".join(
        f"{name} {r['startup_first_answer_s']}" for name, r in systems if "startup_first_answer_s" in r))


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_mb": mem, "python": platform.python_version(),
            "pyoxigraph": ox.__version__ if hasattr(ox, "__version__") else "?", "date": time.strftime("%Y-%m-%d %H:%M %z")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="real 1m", help="space-separated: real 100k 1m 10m")
    parser.add_argument("--seconds", type=float, default=5, help="length of each run")
    parser.add_argument("--peer-stores", default="default,Oxigraph",
                        help="rdflib-endpoint stores to run (comma-separated; empty: none)")
    parser.add_argument("--peer-load-timeout", type=float, default=900)
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("JJKG_WEB_WORKERS", os.cpu_count() or 1)),
                        help="our server's web workers [default: JJKG_WEB_WORKERS or one per core]")
    parser.add_argument("--query-workers", type=int, default=int(os.environ.get("JJKG_QUERY_WORKERS", "2")))
    parser.add_argument("--kinds", default=" ".join(mix.KINDS + ["mix"]),
                        help="space-separated kinds of request to run, 'mix' for the weighted mix [default: all]")
    parser.add_argument("--no-inprocess", action="store_true", help="skip in-process pyoxigraph")
    parser.add_argument("--clients", type=lambda text: tuple(int(c) for c in text.split()), default=CLIENTS,
                        help="space-separated client counts, each run in turn on the same server [default: 1 8]")
    parser.add_argument("--sample", type=int, default=60,
                        help="entities sampled per kind (places, indicators, projects); thousands make every "
                             "request of a 5 s run a first visit, the cold path alone")
    args = parser.parse_args()
    args.kinds = args.kinds.split()
    for k in args.kinds:
        if k not in mix.KINDS + ["mix"]:
            parser.error(f"unknown kind {k!r}; kinds: {', '.join(mix.KINDS)}, mix")
    sizes = args.sizes.split()
    for s in sizes:
        if s not in SIZES:
            parser.error(f"unknown size {s!r}; sizes: {', '.join(SIZES)}")
    info = machine()
    say(f"machine: {info['nproc']} cores ({info['cpu']}), {info['memory_mb']} MB; Python {info['python']}; {info['date']}")
    say(f"command: {' '.join(sys.argv)}")
    results = {"machine": info, "args": vars(args), "sizes": {}}
    stamp = time.strftime("%Y%m%dT%H%M%S")
    out_file = BENCH_VAR / f"results-{stamp}.json"
    for size in sizes:
        say(f"\n## {size}")
        data = prepare(size)
        say(f"  {data['triples']:,} triples; store {data['store_mb']} MB; load {data.get('load_seconds')} s ({data['how']})")
        store = ox.Store.read_only(str((Path(data["var_dir"]) / "store").resolve() / "oxigraph"))
        sample = mix.sample(store, n=args.sample)
        del store
        say(f"  sample: {len(sample.places)} places, {len(sample.indicators)} indicators, "
            f"{len(sample.entities)} entities, {len(sample.terms)} search terms")
        work = BENCH_VAR / "work" / size
        work.mkdir(parents=True, exist_ok=True)
        result = {"data": data, "peers": {}}
        result["ours"] = run_ours(data, sample, args, work)
        for store_kind in filter(None, args.peer_stores.split(",")):
            if data["triples"] > PEER_MAX_TRIPLES:
                result["peers"][store_kind] = {"skipped": f"{data['triples']:,} triples: over {PEER_MAX_TRIPLES:,}"}
                say(f"    rdflib-endpoint ({store_kind}): not run at this size (see BENCHMARKS.md)")
                continue
            try:
                result["peers"][store_kind] = run_peer(data, sample, args, work, store_kind)
            except RuntimeError as exc:
                result["peers"][store_kind] = {"failed": str(exc)}
                say(f"    rdflib-endpoint ({store_kind}) failed: {exc}")
        result["inprocess"] = {} if args.no_inprocess else run_inprocess(data, sample, args)
        results["sizes"][size] = result
        out_file.write_text(json.dumps(results, indent=1))
        table(size, result, args.clients)
    say(f"\nfigures written to {out_file.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
