"""The walls of a worker process, each in a child process of its own (they cannot be undone)."""

import errno
import subprocess
import sys

import pytest

from kg.settings import PROJECT_ROOT
from kg.sparql import isolation


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_after_cutting_the_network_nothing_connects():
    out = run("""
import socket
from kg.sparql.isolation import cut_network
problem = cut_network()
if problem:
    print("SKIP", problem)
else:
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=2)
        print("CONNECTED")
    except OSError as exc:
        print("errno", exc.errno)
""")
    if out.startswith("SKIP"):
        pytest.skip(out)
    assert out == f"errno {errno.ENETUNREACH}"


def test_without_permission_the_reason_is_given(monkeypatch):
    def refuse(flags):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(isolation, "_unshare", refuse)
    monkeypatch.setattr(isolation.os, "geteuid", lambda: 1000)
    problem = isolation.cut_network()
    assert problem == "unshare(CLONE_NEWUSER|CLONE_NEWNET): EPERM Operation not permitted"


def test_memory_cap_makes_big_allocations_fail():
    out = run("""
from kg.sparql.isolation import cap_memory
cap_memory(256)
try:
    block = bytearray(512 * 1024 * 1024)
    print("ALLOCATED")
except MemoryError:
    print("REFUSED")
""")
    assert out == "REFUSED"
