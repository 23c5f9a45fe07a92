"""Replayable answers shared by the web workers of one server, in a SQLite file in the var directory.

Each web worker keeps its own answers in memory (api/replay.py); without this file every worker would make each
cold page, document and query answer once more for itself — with 2 workers twice, with 8 eight times. A worker
that has made an answer writes it here; another that does not hold it in memory reads it here (tens of
microseconds) before making it.

A cache, nothing more: rows are keyed by publication, and those of another publication are deleted when a
worker first writes for a new one; the file is bounded by bytes (oldest rows go first); any error opening,
reading or writing it turns sharing off in that worker with one warning, and the worker answers as before — but
a write that finds another worker's write in the way for over `busy_seconds` is only skipped (the answer stays in
this worker's memory; the next one is written as usual).
WAL mode: readers never wait for the writer, and a process killed mid-write leaves the file consistent.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("jjkg.shared_answers")

FILE_NAME = "answers.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, publication TEXT NOT NULL, key BLOB NOT NULL,
                                    status INTEGER NOT NULL, headers BLOB NOT NULL, body BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS answers_by_key ON answers (publication, key);
"""
CHECK_SIZE_EVERY = 64  # writes between two sums of the file's bytes
READ_WAIT_SECONDS = 0.05  # reads run on the event loop: a read that would wait longer is a miss


def digest(key: tuple) -> bytes:
    """The request key (str, bytes and tuples of them) as 32 bytes: its repr is the same in every process."""
    return hashlib.sha256(repr(key).encode("utf-8", "surrogateescape")).digest()


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Another connection held the lock for longer than we waited: a moment's contention, not a broken file."""
    return getattr(exc, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or \
        "locked" in str(exc) or "busy" in str(exc)


def _headers_blob(headers: list[tuple[bytes, bytes]]) -> bytes:
    return b"\n".join(name + b":" + value for name, value in headers)  # neither may hold a newline (RFC 9110)


def _headers(blob: bytes) -> list[tuple[bytes, bytes]]:
    return [tuple(line.split(b":", 1)) for line in blob.split(b"\n")] if blob else []


class SharedAnswers:
    def __init__(self, directory: Path, max_bytes: int, busy_seconds: float = 1.0):
        self.path = directory / FILE_NAME
        self.max_bytes = max_bytes
        self.busy_seconds = busy_seconds
        self._reader: sqlite3.Connection | None = None  # used on the event loop only
        self._writer: sqlite3.Connection | None = None  # used by threads, one at a time
        self._write_lock = threading.Lock()
        self._publication: str | None = None  # the one this worker last wrote for
        self._writes = 0
        self.broken = False

    def _connect_writer(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a cache: a power cut may lose the last answers, never corrupt
        db.executescript(SCHEMA)
        return db

    def _connect_reader(self) -> sqlite3.Connection:
        # No schema, no journal mode: nothing that could wait for a writer's lock (WAL is kept in the file).
        return sqlite3.connect(self.path, timeout=READ_WAIT_SECONDS, isolation_level=None, check_same_thread=False)

    def _off(self, exc: Exception) -> None:
        if not self.broken:
            log.warning("answers are no longer shared with the other web workers (%s: %s)", self.path, exc)
        self.broken = True

    def get(self, publication: str, key: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        if self.broken:
            return None
        try:
            if self._reader is None:
                self._reader = self._connect_reader()
            row = self._reader.execute("SELECT status, headers, body FROM answers WHERE publication = ? AND key = ?",
                                       (publication, key)).fetchone()
        except sqlite3.OperationalError as exc:
            if not (_busy(exc) or "no such table" in str(exc)):  # no worker has written yet: a miss
                self._off(exc)
            return None
        except (sqlite3.Error, OSError) as exc:
            self._off(exc)
            return None
        return None if row is None else (row[0], _headers(row[1]), row[2])

    def put(self, publication: str, key: bytes, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if self.broken or len(body) > self.max_bytes // 16:
            return
        try:
            with self._write_lock:
                if self._writer is None:
                    self._writer = self._connect_writer()
                db = self._writer
                if publication != self._publication:
                    db.execute("DELETE FROM answers WHERE publication != ?", (publication,))
                    self._publication = publication
                db.execute("INSERT OR IGNORE INTO answers (publication, key, status, headers, body) "
                           "VALUES (?, ?, ?, ?, ?)", (publication, key, status, _headers_blob(headers), body))
                self._writes += 1
                if self._writes % CHECK_SIZE_EVERY == 0:
                    self._trim(db)
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                self._off(exc)
        except (sqlite3.Error, OSError) as exc:
            self._off(exc)

    def _trim(self, db: sqlite3.Connection) -> None:
        """Oldest rows out until the bodies fit in three quarters of the budget."""
        total = db.execute("SELECT total(length(body)) FROM answers").fetchone()[0]
        if total <= self.max_bytes:
            return
        excess = total - self.max_bytes * 3 // 4
        cut = db.execute("SELECT id FROM (SELECT id, sum(length(body)) OVER (ORDER BY id) AS running FROM answers) "
                         "WHERE running >= ? ORDER BY id LIMIT 1", (excess,)).fetchone()
        if cut is not None:
            db.execute("DELETE FROM answers WHERE id <= ?", (cut[0],))
