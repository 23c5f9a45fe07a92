"""End to end: `jjkg serve` on a free port answers ASK {} at /sparql, as `make serve` does."""

import json
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from deadlines import wait_until

from kg.settings import PROJECT_ROOT
from kg.store.ports import free_port


@pytest.mark.slow
def test_served_endpoint_answers_ask(published):
    port = free_port()
    env = {"JJKG_VAR_DIR": str(published.var_dir), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})

        def answers() -> bool:
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read().decode())
            with urllib.request.urlopen(url, timeout=5) as r:
                assert r.status == 200
                assert json.loads(r.read()) == {"head": {}, "boolean": True}
                return True

        wait_until(answers, 60, "the server did not answer within 60 s")
        # Its defaults: two web processes forked from it (query workers are their children, not its own).
        assert len(web_processes(proc.pid)) == 2
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def web_processes(pid: int) -> list[int]:
    """The server's children that run its own program (a forked web worker keeps its parent's command line)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    return [int(c) for c in children if Path(f"/proc/{c}/cmdline").read_bytes() == own]
