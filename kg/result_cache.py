"""Answers of public queries, kept per published store: a store never changes once published, so the same
query over the same store always has the same answer, and asking again need not cost a worker, the guard's
parse or the engine's time.

Bounded by the bytes of the answers it holds (least recently used go first); an answer bigger than a
sixteenth of the budget is not kept, so one huge result cannot flush everything else. Errors, timeouts and
refusals are never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .results import Serialized


class ResultCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._store: str | None = None  # the published store the answers were computed on
        self._answers: OrderedDict[tuple, Serialized] = OrderedDict()
        self._bytes = 0

    def get(self, store: str, key: tuple) -> Serialized | None:
        with self._lock:
            if store != self._store:
                return None
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def put(self, store: str, key: tuple, answer: Serialized) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 16:
            return
        with self._lock:
            if store != self._store:  # a new build: nothing computed on the old one holds
                self._store, self._answers, self._bytes = store, OrderedDict(), 0
            if key in self._answers:
                return
            self._answers[key] = answer
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._answers)
