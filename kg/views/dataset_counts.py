"""What the home page counts: the store's triples and the entities of each class. A count over every triple and
one per class (~250 ms at 500 generated reports, growing with the corpus), so the build writes it into the index of
pages' lists (kg/views/list_index.py) and the page reads it from there; these queries answer only for a store whose
index lacks it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.store.lookup import Lookup, integer


@dataclass(frozen=True)
class DatasetCounts:
    triples: int
    classes: dict[str, int]  # class IRI → distinct subjects typed with it


def read_dataset_counts(lookup: Lookup) -> DatasetCounts:
    triples = integer(lookup.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
    per_class = {r["c"].value: integer(r["n"]) for r in lookup.select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    return DatasetCounts(triples, per_class)
