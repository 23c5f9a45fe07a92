"""Markdown tables from a `make bench` results file, for BENCHMARKS.md.

    .venv/bin/python bench/report.py var/bench/results-<time>.json
"""

from __future__ import annotations

import json
import sys

KINDS = ["page", "jsonld", "search", "projects", "indicator", "describe", "count", "mix"]


def cell(run: dict | None) -> str:
    if run is None:
        return "not run"
    return f"{run['rps']:.1f} · {run['p50_ms']:.1f} · {run['p99_ms']:.1f}"


def main(path: str) -> None:
    results = json.load(open(path))
    for size, r in results["sizes"].items():
        d = r["data"]
        peers = {k: v for k, v in r["peers"].items() if "runs" in v}
        skipped = {k: v.get("skipped") or v.get("failed") for k, v in r["peers"].items() if "runs" not in v}
        print(f"\n### {size}: {d['triples']:,} triples, store {d['store_mb']} MB\n")
        for clients in (1, 8):
            heads = ["ours"] + [f"rdflib-endpoint ({k})" for k in peers] + ["in-process pyoxigraph"]
            print(f"**{clients} client{'s' if clients > 1 else ''}** — req/s · p50 ms · p99 ms\n")
            print("| kind | " + " | ".join(heads) + " | ours ÷ rdflib-endpoint | ours ÷ in-process |")
            print("|---|" + "---|" * (len(heads) + 2))
            for kind in KINDS:
                key = f"{kind}/{clients}"
                ours = r["ours"]["runs"][key]
                cells = [cell(ours)] + [cell(p["runs"][key]) for p in peers.values()] + [cell(r["inprocess"]["runs"][key])]
                peer = next(iter(peers.values()), None)
                ratio_peer = f"{ours['rps'] / peer['runs'][key]['rps']:.1f}×" if peer and peer["runs"][key]["rps"] else "–"
                ratio_in = f"{ours['rps'] / r['inprocess']['runs'][key]['rps']:.2f}×"
                print(f"| {kind} | " + " | ".join(cells) + f" | {ratio_peer} | {ratio_in} |")
            print()
        o = r["ours"]
        print(f"- ours: first answer {o['startup_first_answer_s']} s after start (first SPARQL answer "
              f"{o['startup_first_sparql_s']} s); peak memory {o['peak_rss_mb']} MB over {o['processes']} processes "
              f"(sum of VmHWM {o['hwm_sum_mb']} MB)")
        for k, p in peers.items():
            print(f"- rdflib-endpoint ({k}): loaded and answering after {p['startup_first_answer_s']} s; peak memory "
                  f"{p['peak_rss_mb']} MB")
        for k, why in skipped.items():
            print(f"- rdflib-endpoint ({k}): not run ({why})")
        cpu = [(k, v["client_cpu_pct"]) for k, v in o["runs"].items()]
        print(f"- wrk's own CPU during our runs: {min(c for _, c in cpu):.0f}–{max(c for _, c in cpu):.0f}% of one core")


if __name__ == "__main__":
    main(sys.argv[1])
