"""The only clocks the tests read. Tests assert no speed (bench/ measures that); they use time in two ways:

- `wait_until`: wait for something that is bound to happen (a server up, a worker respawned). The bound only
  keeps a broken run from hanging; it is never a figure.
- `stopped_in_time`: a deadline test's proof that the work was stopped, not run to its end. The runaway queries
  in these tests would run for days, so an answer within GENEROUS × the deadline (and never less than
  SLACK_SECONDS over it) can only mean the server stopped them; the margin is for a busy, shared machine.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

GENEROUS = 3  # times the deadline
SLACK_SECONDS = 5.0  # at least this much over the deadline, whatever the deadline


def generous_bound(deadline: float) -> float:
    """The latest a stopped piece of work may answer: far beyond any scheduling delay, far below its real cost."""
    return max(GENEROUS * deadline, deadline + SLACK_SECONDS)


def wait_until(ready, seconds: float, failure) -> None:
    """Return once `ready()` is true; AssertionError with `failure()` (or `failure`, a string) if `seconds` pass
    first. `ready` may raise OSError meaning not yet."""
    give_up = time.monotonic() + seconds  # a bound against hanging, not a speed: see the module's docstring
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if time.monotonic() > give_up:  # the wait's bound, not an assertion of speed
            raise AssertionError(failure() if callable(failure) else failure)
        time.sleep(0.05)


@dataclass
class Answered:
    seconds: float = 0.0  # how long the block took; read only to check it against the deadline


@contextlib.contextmanager
def stopped_in_time(deadline: float, not_before: bool = False):
    """Assert that the block (waiting on work with this deadline) ends within generous_bound(deadline): the work
    was stopped at its deadline, not finished. With not_before, also that it did not end before the deadline: the
    server gave the work all its time (a client's clock starts before the server's, so this cannot be flaky)."""
    answered = Answered()
    started = time.monotonic()  # a deadline test's generous bound: see the module's docstring
    yield answered
    answered.seconds = time.monotonic() - started  # compared below with generous_bound(deadline) only
    bound = generous_bound(deadline)
    assert answered.seconds < bound, (f"answered {answered.seconds:.1f} s after the start, past {bound:g} s "
                                      f"for a {deadline:g} s deadline: it did not end at its deadline")
    if not_before:
        assert answered.seconds >= deadline, f"given up after {answered.seconds:.2f} s, before its {deadline:g} s deadline"
