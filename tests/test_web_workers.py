"""`jjkg serve --workers 2`: two web processes, each listening on the port itself (SO_REUSEPORT), sharing the
read-only store; query workers shared out among them; both stop with the server."""

import json
import os
import urllib.request
from pathlib import Path

import pytest

from live_server import serve


def web_workers(running) -> list[int]:
    return [pid for pid in running.descendants()
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


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
        everyone = [running.pid, *running.descendants()]
    for pid in everyone:  # the server stopped every process it started
        assert not os.path.exists(f"/proc/{pid}") or b"zombie" in Path(f"/proc/{pid}/status").read_bytes().lower()
