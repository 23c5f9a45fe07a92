"""`jjkg serve --workers 2`: two web processes, each listening on the port itself (SO_REUSEPORT), sharing the
read-only store; query workers shared out among them; both stop with the server."""

import json
import urllib.request
from pathlib import Path

import pytest
from deadlines import wait_until
from live_server import serve


def web_workers(running) -> list[int]:
    """The server's own children: the web workers it forked (query workers are their grandchildren)."""
    return running.children()


@pytest.mark.slow
def test_two_web_workers_answer_and_stop_with_the_server(published):
    with serve(published.var_dir, web_workers=2, query_workers=2, http="httptools") as running:
        workers = web_workers(running)
        assert len(workers) == 2
        for _ in range(20):  # fresh connections, spread by the kernel over the two sockets
            with urllib.request.urlopen(running.url + "/id/place/anhaizhen.jsonld", timeout=10) as r:
                assert json.loads(r.read())["id"].endswith("/place/anhaizhen")
        with urllib.request.urlopen(running.url + "/sparql?query=ASK%7B%7D", timeout=10) as r:
            assert json.loads(r.read())["boolean"] is True
        everyone = {pid: started_at(pid) for pid in [running.pid, *running.descendants()]}
    # The server stopped every process it started. A process may still be on its way out for a moment after the
    # server has returned, and its number may already belong to another program (the check failed once in
    # `make test` on a fresh `python` with parent 1): a process is ours while its start time is the same.
    wait_until(lambda: not any(still_running(pid, at) for pid, at in everyone.items()), 30,
               lambda: f"still running: {[pid for pid, at in everyone.items() if still_running(pid, at)]}")


def started_at(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (FileNotFoundError, IndexError):
        return None


def still_running(pid: int, at: str | None) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_bytes().lower()
    except FileNotFoundError:
        return False
    return at is not None and started_at(pid) == at and b"zombie" not in status
