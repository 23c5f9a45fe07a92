"""End to end: `jjkg serve` on a free port answers ASK {} at /sparql, as `make serve` does."""

import json
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

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
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    assert r.status == 200
                    assert json.loads(r.read()) == {"head": {}, "boolean": True}
                    break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode() if proc.poll() is not None else "no answer")
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
