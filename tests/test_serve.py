"""End to end: `jjkg serve` on a free port answers ASK {} at /sparql, as `make serve` does."""

import json
import subprocess
import sys
import urllib.parse
import urllib.request

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
    finally:
        proc.terminate()
        proc.wait(timeout=10)
