"""Start `jjkg serve` in a child process on a free port, as a user would, and stop it afterwards."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from deadlines import wait_until

from kg.settings import PROJECT_ROOT
from kg.store.ports import free_port


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
    log_fd: int = -1  # the server's stdout and stderr, written to a file

    def log(self) -> str:
        """What the server has written so far (read without moving the file offset it writes at)."""
        return os.pread(self.log_fd, os.fstat(self.log_fd).st_size, 0).decode(errors="replace")

    def children(self) -> list[int]:
        """The processes the server started itself (with several web workers: those)."""
        return children_of(self.pid)

    def query_workers(self) -> set[int]:
        """The live query workers: the children of the server's multiprocessing forkserver(s), but for those killed
        and not yet reaped."""
        forkservers = [pid for pid in self.descendants() if b"multiprocessing.forkserver" in _cmdline(pid)]
        return {pid for forkserver in forkservers for pid in children_of(forkserver) if _cmdline(pid)}

    def descendants(self) -> list[int]:
        """Every process the server started (the forkserver, the query workers ...), found through /proc."""
        parents = _parents()
        found, frontier = [], [self.pid]
        while frontier:
            children = [pid for pid, parent in parents.items() if parent in frontier]
            found += children
            frontier = children
        return found


def children_of(pid: int) -> list[int]:
    return [child for child, parent in _parents().items() if parent == pid]


def _cmdline(pid: int) -> bytes:
    """The process's command line; empty for a zombie (and a process that is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _parents() -> dict[int, int]:
    """Each running process's parent, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


@contextlib.contextmanager
def graph_in(var_dir: Path | None):
    """Yield the var dir of a published graph: `var_dir` as it is, or (None) a temporary one the real reports are
    built into first. For the long-running scripts that take `--var-dir`."""
    if var_dir is not None:
        yield var_dir
        return
    from kg.pipeline.build import build
    from kg.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        print("building the graph ...", file=sys.stderr)
        build(dataclasses.replace(Settings.from_env(), var_dir=Path(tmp)))
        yield Path(tmp)


def wait_until_answers(url: str, proc: subprocess.Popen, seconds: float, why_not) -> None:
    """Return once `url` answers `ASK {}` at /sparql; AssertionError with `why_not()` if `proc` exits or `seconds`
    pass first."""
    def answers() -> bool:
        if proc.poll() is not None:
            raise AssertionError(why_not())
        with urllib.request.urlopen(url + "/sparql?query=ASK%20%7B%7D", timeout=10) as r:
            r.read()
            return True

    wait_until(answers, seconds, why_not)


@contextlib.contextmanager
def serve(var_dir, stop_grace: float = 15, **settings):
    """Yield a running server (its URL and pid) over the store published in `var_dir`. `settings` become JJKG_*
    variables (query_timeout=1 → JJKG_QUERY_TIMEOUT=1). On the way out the server is asked to stop and, after
    `stop_grace` seconds (a graceful stop waits for the answers in flight), killed."""
    port = free_port()
    env = {**os.environ, "JJKG_VAR_DIR": str(var_dir), "JJKG_PORT": str(port)}
    # One web process unless a test asks for more: the suite's servers stay few on a 2-core machine.
    # tests/test_serve.py starts `jjkg serve` with its defaults (two web workers).
    settings.setdefault("web_workers", 1)
    env.update({f"JJKG_{name.upper()}": str(value) for name, value in settings.items()})
    # The log goes to a file: a pipe nobody reads would fill up and stall the server mid-request.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve"], cwd=PROJECT_ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    def why_not() -> str:
        if proc.poll() is None:
            return "server did not answer within 60 s"
        log.seek(0)
        return "server exited:\n" + log.read().decode(errors="replace")

    try:
        wait_until_answers(base, proc, 60, why_not)
        yield Running(base, proc.pid, log.fileno())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_grace)
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
