"""The one way a command starts writing the data directory and the published store: under the write lock
(kg/pipeline/writer_lock.py), after tidying up what a killed writer left (kg/pipeline/staging.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kg.pipeline import staging, writer_lock
from kg.settings import Settings

Notice = Callable[[str], None]  # a line for the operator (printed as it comes, not a transient status)


@contextmanager
def writing(settings: Settings, command: str, notice: Notice = lambda _line: None) -> Iterator[None]:
    """Hold the write lock of `settings.data_dir` for the block, waiting up to `settings.write_wait` seconds;
    first undo (or finish) what an earlier, killed writer left staged."""
    with writer_lock.hold(settings.data_dir, command, settings.write_wait, notice) as outermost:
        if outermost:
            staging.recover(settings, notice)
        yield
