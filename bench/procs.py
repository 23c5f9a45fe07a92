"""Memory and CPU of a process tree, read from /proc: what a server and everything it started use."""

from __future__ import annotations

import os
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _parent_map() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    parents = _parent_map()
    found, frontier = [pid], [pid]
    while frontier:
        frontier = [p for p, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def status_kb(pid: int, field: str) -> int:
    """A field of /proc/<pid>/status in kB (VmRSS, VmHWM), 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


class MemorySampler:
    """Samples the summed VmRSS of a process tree in the background; `peak_mb` is the highest sum seen.

    The sum of each process's own high-water mark (VmHWM) is also kept: an upper bound that catches a spike
    between two samples (a process that already exited is not counted in it)."""

    def __init__(self, pid: int, every: float = 0.2):
        self.pid = pid
        self.every = every
        self.peak_kb = 0
        self.hwm_kb: dict[int, int] = {}
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        pids = tree(self.pid)
        self.processes = max(self.processes, len(pids))
        self.peak_kb = max(self.peak_kb, sum(status_kb(p, "VmRSS") for p in pids))
        for p in pids:
            self.hwm_kb[p] = max(self.hwm_kb.get(p, 0), status_kb(p, "VmHWM"))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.every)

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024

    @property
    def hwm_sum_mb(self) -> float:
        return sum(self.hwm_kb.values()) / 1024
