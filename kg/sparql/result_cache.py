"""Answers of public queries, kept per published store: a store never changes once published, so the same
query over the same store always has the same answer, and asking again need not cost a worker, the guard's
parse or the engine's time.

Bounded by bytes, query texts included (kg/store/publication_cache.py). Errors, timeouts and refusals are never kept.
"""

from __future__ import annotations

from kg.sparql.results import Serialized
from kg.store.publication_cache import PublicationCache


class ResultCache(PublicationCache):
    """Answers by (query text, dataset, formats, limits); an answer weighs its body and its key."""

    def put(self, store: str, key: tuple, answer: Serialized) -> None:
        super().put(store, key, answer, len(answer.body))
