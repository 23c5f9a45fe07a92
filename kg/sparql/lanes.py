"""Which query shapes ran slowly: the memory behind the fast lane of the worker pool (workers.py).

A query whose shape (prescan.shape: the text with its constants blanked and its variables renamed in order of first
appearance) ran past the fast lane's budget last time is known slow: it waits for a normal worker only. Every other
query may take the fast lane's worker when the normal ones are all busy, so one runaway query (or two, holding both
normal workers) never holds up an `ASK {}` or a point lookup for longer than the budget. Blanking constants means a
runaway cannot come back as new by changing an IRI or a number, nor by renaming its variables; the price is that a
shape slow for one constant is sent to the normal lane for all of them, until one of its runs there is fast again
(the last run decides).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

MAX_SHAPES = 4096  # slow shapes remembered per pool; the oldest are forgotten first


class SlowShapes:
    def __init__(self, limit: int = MAX_SHAPES):
        self._limit = limit
        self._slow: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, shape: str) -> bool:
        with self._lock:
            return shape in self._slow

    def note(self, shape: str, slow: bool) -> None:
        with self._lock:
            if not slow:
                self._slow.pop(shape, None)
                return
            self._slow[shape] = None
            self._slow.move_to_end(shape)
            while len(self._slow) > self._limit:
                self._slow.popitem(last=False)
