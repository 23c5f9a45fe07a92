"""One writer at a time: `jjkg ingest`, `jjkg build` and `jjkg publish` hold an exclusive lock on the data
directory for their whole run.

Without it an old build could publish last and drop a report an ingest had just published, or an ingest could
publish another one's unchecked report. The lock is `flock` on `<data>/.jjkg-write.lock` (released by the kernel
when the holder dies, even by kill -9); the holder writes who it is into the file, so a second writer can say
whom it waits for. It waits up to JJKG_WRITE_WAIT seconds, then gives up with an error and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KGError

LOCK_NAME = ".jjkg-write.lock"
POLL_SECONDS = 0.1

# Locks this process holds, by path: a build run by an ingest takes the lock its ingest already holds (flock on a
# second descriptor of the same file would wait for ourselves).
_held: dict[Path, tuple[int, int]] = {}  # path → (descriptor, depth)


class WriterBusy(KGError):
    """Another writer kept the data directory past the time we were willing to wait."""


def lock_path(data_dir: Path) -> Path:
    return data_dir / LOCK_NAME


@contextmanager
def hold(data_dir: Path, command: str, wait: float, waiting: Callable[[str], None]) -> Iterator[bool]:
    """Hold the data directory's write lock for the block; yields True for the outermost hold in this process
    (the one that should tidy up after earlier, killed writers)."""
    path = lock_path(data_dir)
    key = path.absolute()
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield False
        finally:
            _held[key] = (fd, depth)
        return
    fd = _open(path, data_dir)
    try:
        _acquire(fd, path, wait, waiting)
        _say_who(fd, command)
        _held[key] = (fd, 1)
        try:
            yield True
        finally:
            del _held[key]
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def holder(path: Path) -> str:
    """Who holds (or last held) the lock, as it wrote itself into the file."""
    try:
        return path.read_text(encoding="utf-8").strip() or "another process"
    except OSError:
        return "another process"


def _open(path: Path, data_dir: Path) -> int:
    if not data_dir.is_dir():
        raise KGError("the data directory is missing", file=data_dir)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise
        return os.open(path, os.O_RDONLY)  # a read-only data directory: still one writer at a time, unnamed


def _acquire(fd: int, path: Path, wait: float, waiting: Callable[[str], None]) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        who = holder(path)
        if time.monotonic() >= deadline:
            raise WriterBusy(f"gave up after {wait:g} s waiting for {who} to finish writing {path.parent}; "
                             f"nothing was changed (try again later, or set JJKG_WRITE_WAIT to wait longer)")
        if not told:
            waiting(f"waiting for {who} to finish writing {path.parent} (up to {wait:g} s, JJKG_WRITE_WAIT)")
            told = True
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def _say_who(fd: int, command: str) -> None:
    since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    line = f"pid {os.getpid()} ({command}, since {since})\n".encode()
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, line, 0)
    except OSError:
        pass  # opened read-only: the lock still holds, only the name is missing
