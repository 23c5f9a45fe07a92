"""Start `jjkg serve` in a child process on a free port, as a user would, and stop it afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass

from kg.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pids) -> float:
    """User + system CPU time used so far by those of the processes `pids` that still exist."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of stat(5)
    return total / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Running:
    url: str  # http://127.0.0.1:PORT
    pid: int

    def descendants(self) -> list[int]:
        """Every process the server started (the forkserver, the query workers ...), found through /proc."""
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = open(f"/proc/{entry}/stat").read()
                except OSError:
                    continue
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        found, frontier = [], [self.pid]
        while frontier:
            children = [pid for pid, parent in parents.items() if parent in frontier]
            found += children
            frontier = children
        return found


@contextlib.contextmanager
def serve(var_dir, **settings):
    """Yield a running server (its URL and pid) over the store published in `var_dir`. `settings` become JJKG_*
    variables (query_timeout=1 → JJKG_QUERY_TIMEOUT=1)."""
    port = free_port()
    env = {**os.environ, "JJKG_VAR_DIR": str(var_dir), "JJKG_PORT": str(port)}
    env.update({f"JJKG_{name.upper()}": str(value) for name, value in settings.items()})
    # The log goes to a file: a pipe nobody reads would fill up and stall the server mid-request.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve"], cwd=PROJECT_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/sparql?query=ASK%20%7B%7D", timeout=10) as r:
                    r.read()
                    break
            except OSError:
                if proc.poll() is not None:
                    log.seek(0)
                    raise AssertionError("server exited:\n" + log.read().decode(errors="replace")) from None
                if time.time() > deadline:
                    raise AssertionError("server did not answer within 60 s") from None
                time.sleep(0.2)
        yield Running(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def rss_bytes(pids) -> int:
    """Resident memory of those of the processes `pids` that still exist, added up."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total
