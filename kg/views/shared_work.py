"""Reads of a built store shared between this process and one helper process, the results in the items' order.

The indexes written beside a store (the lists' index above all) are many independent reads, each a few index scans,
in Python: one core's work, 2–3 s at 200 reports and growing with the corpus. The helper opens the same store
read-only and takes every other chunk of items while this process does the others, so the writer gets each
chunk's results in order and writes exactly what it wrote alone. The work is a module-level function
`work(lookup, chunk) -> list` (sent by reference), pure in the store it reads.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.store.lookup import Lookup

_lookup: Lookup | None = None  # the helper's own read of the store


def _open(database: str) -> None:
    global _lookup
    _lookup = Lookup(ox.Store.read_only(database))


def _run(work: Callable[[Lookup, list], list], chunk: list) -> list:
    assert _lookup is not None
    return work(_lookup, chunk)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Helper:
    """One helper process reading `database`, started with the first chunk sent to it (it starts up and opens the
    store while this process reads the chunk before)."""

    def __init__(self, database: Path):
        context = multiprocessing.get_context("forkserver")  # a clean process: never a fork of one with a store open
        self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_open, initargs=(str(database),))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def in_order(self, lookup: Lookup, items: Sequence, work: Callable[[Lookup, list], list],
                 chunk: int) -> Iterator:
        """`work` over `items` in chunks, every odd chunk done by the helper one chunk ahead; results in order."""
        chunks = [list(items[i: i + chunk]) for i in range(0, len(items), chunk)]
        ahead: dict[int, Future] = {}

        def send(i: int) -> None:
            if i < len(chunks) and i % 2 == 1 and i not in ahead:
                ahead[i] = self._pool.submit(_run, work, chunks[i])

        for i, part in enumerate(chunks):
            if i % 2 == 0:
                send(i + 1)
                send(i + 3)  # the helper never waits on us for its next chunk
                yield from work(lookup, part)
            else:
                yield from ahead.pop(i).result()


def alone(lookup: Lookup, items: Sequence, work: Callable[[Lookup, list], list], chunk: int) -> Iterator:
    """The same as `Helper.in_order`, all in this process."""
    for i in range(0, len(items), chunk):
        yield from work(lookup, list(items[i: i + chunk]))
