"""What was computed from one publication, kept until memory runs short: a published store never changes, so a
value computed from it holds until another build is published, and then none of them does.

Bounded by bytes, keys included (a key can be a 100,000-character query or a request's headers: counting only the
values would let many small answers under large keys take unbounded memory). Least recently used go first; one
entry over a sixteenth of the budget is not kept, so a single huge value cannot flush everything else.
Thread-safe.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


def weight(key) -> int:
    """Bytes a key of strings, bytes and tuples of them holds, near enough (8 for anything else)."""
    if isinstance(key, (str, bytes)):
        return len(key)
    if isinstance(key, tuple):
        return 8 + sum(weight(part) for part in key)
    return 8


class PublicationCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.publication: str | None = None  # what the values were computed from
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0

    def get(self, publication: str, key: Hashable):
        with self._lock:
            if publication != self.publication:
                return None
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, publication: str, key: Hashable, value, value_bytes: int) -> None:
        size = value_bytes + weight(key)
        if size > self.max_bytes // 16:
            return
        with self._lock:
            if publication != self.publication:  # a new build: nothing computed on the old one holds
                self.publication, self._entries, self._bytes = publication, OrderedDict(), 0
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)
