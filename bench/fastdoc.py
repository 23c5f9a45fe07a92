"""JSON-LD entity documents built directly (kg/views/jsonld_frame.py) against pyld's framing (kg/views/jsonld.py): the same
bytes, and what each costs. Read-only on the store.

    .venv/bin/python bench/fastdoc.py var/bench/10m             # time both over the 180 entities bench/mix.py picks
    .venv/bin/python bench/fastdoc.py var/bench/1m --check 1000  # and compare both on 1000 random entities
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import mix  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from kg.store.lookup import Lookup  # noqa: E402
from kg.views import documents, jsonld, jsonld_frame  # noqa: E402


def check(lookup: Lookup, store: ox.Store, n: int, seed: int = 3) -> int:
    """Compare both builders on n entities drawn at random from all typed subjects under /id/."""
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), '{mix.ID}')) }}")
    subjects = sorted(row[0].value for row in rows)
    picked = random.Random(seed).sample(subjects, min(n, len(subjects)))
    differ = 0
    for iri in picked:
        triples = documents.entity_triples(lookup, iri)
        if jsonld.dumps(jsonld_frame.entity_document(iri, triples)) != jsonld.dumps(jsonld.entity_document(iri, triples)):
            differ += 1
            print("differs:", iri)
    print(f"compared {len(picked)} of {len(subjects)} entities: {differ} differ")
    return differ


def timing(lookup: Lookup, store: ox.Store) -> None:
    s = mix.sample(store)
    by_kind: dict[str, list[str]] = {}
    for e in s.entities:
        by_kind.setdefault(e.removeprefix(mix.ID).split("/")[0], []).append(e)
    print("| kind (entities) | triples p50 | collect p50 / p90 | pyld frame p50 / p90 | direct p50 / p90 |")
    print("|---|---|---|---|---|")
    for kind, entities in by_kind.items():
        sizes, collect, slow, fast = [], [], [], []
        for iri in entities:
            t0 = time.perf_counter()
            triples = documents.entity_triples(lookup, iri)
            t1 = time.perf_counter()
            a = jsonld.entity_document(iri, triples)
            t2 = time.perf_counter()
            b = jsonld_frame.entity_document(iri, triples)
            t3 = time.perf_counter()
            assert jsonld.dumps(a) == jsonld.dumps(b), iri
            sizes.append(len(triples))
            collect.append(t1 - t0)
            slow.append(t2 - t1)
            fast.append(t3 - t2)

        def ms(xs: list[float]) -> str:
            xs = sorted(xs)
            return f"{1000 * statistics.median(xs):.2f} / {1000 * xs[int(0.9 * (len(xs) - 1))]:.2f} ms"
        print(f"| {kind} ({len(entities)}) | {statistics.median(sizes):.0f} | {ms(collect)} | {ms(slow)} | {ms(fast)} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("var_dir", type=Path)
    parser.add_argument("--check", type=int, default=0, help="compare both builders on N random entities")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    store = ox.Store.read_only(str((args.var_dir / "store").resolve() / "oxigraph"))
    lookup = Lookup(store)
    differ = check(lookup, store, args.check) if args.check else 0
    if not args.no_timing:
        timing(lookup, store)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
