"""Start `jjkg serve` in a child process on a free port, as a user would, and stop it afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request

from kg.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(var_dir, **settings):
    """Yield the base URL of a server over the store published in `var_dir`. `settings` become JJKG_* variables
    (query_timeout=1 → JJKG_QUERY_TIMEOUT=1)."""
    port = free_port()
    env = {**os.environ, "JJKG_VAR_DIR": str(var_dir), "JJKG_PORT": str(port)}
    env.update({f"JJKG_{name.upper()}": str(value) for name, value in settings.items()})
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve"], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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
                    raise AssertionError("server exited:\n" + proc.stdout.read().decode()) from None
                if time.time() > deadline:
                    raise AssertionError("server did not answer within 60 s") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
