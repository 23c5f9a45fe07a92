"""What the ORDER BY keys (kg/sparql/total_order.py) cost pyoxigraph: each query as written and keyed, run in this
process on a published store, best of N. Prints a table; asserts nothing. The keys are paid by a public query only
after pyoxigraph crashed on it as written (kg/sparql/workers.py), and by every query the CLI runs.

    .venv/bin/python bench/order_keys.py var/store [repeats]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kg.graph.namespaces import PREFIXES
from kg.sparql.guard import inspect
from kg.store.embedded import open_read_only

QUERIES = [
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 10",
    "SELECT ?f ?v WHERE { ?f jjo:value ?v } ORDER BY DESC(?v) LIMIT 25",
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l",
]


def best_of(store, text: str, repeats: int) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = sum(1 for _ in store.query(text, prefixes=PREFIXES))
        best = min(best, time.perf_counter() - started)
    return best, rows


def main() -> None:
    store = open_read_only(Path(sys.argv[1]))
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(f"{'as written':>12} {'keyed':>10} {'ratio':>6} {'rows':>7}  query")
    for query in QUERIES:
        info = inspect(query)
        plain, rows = best_of(store, info.text, repeats)
        keyed, _ = best_of(store, info.sortable, repeats)
        print(f"{plain * 1000:10.1f}ms {keyed * 1000:8.1f}ms {keyed / plain:6.2f} {rows:7}  {query}")


if __name__ == "__main__":
    main()
