"""CPU-bound answers take turns, one at a time per web worker, when the store is embedded.

FastAPI runs each sync route in a thread, and under the GIL four cold pages in four threads share one core
"fairly": each advances in 5 ms slices and all four finish at about four times the cost of one (a county page
of the 10M graph: ~16 ms alone, ~64 ms each when four arrive together). In turns they finish at one, two,
three and four times the cost: the same work, a lower mean and fewer slow answers (BENCHMARKS.md, "fifth
round"). Replayed answers (api/replay.py) never wait here: they are sent from the event loop.

Not for a remote store: there a page spends most of its time waiting on round trips, which other pages can
use.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from starlette.requests import Request

_turn = threading.Lock()


@contextlib.contextmanager
def cpu_turn(request: Request) -> Iterator[None]:
    if request.app.state.query_service.remote is not None:
        yield
        return
    with _turn:
        yield
