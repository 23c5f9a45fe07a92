"""The code has no unused imports or names and no undefined names (pyflakes): dead code misleads readers, and an
undefined name is a crash waiting on the one path no test took."""

from __future__ import annotations

import subprocess
import sys

from kg.settings import PROJECT_ROOT

CHECKED = ("kg", "api", "bench", "scripts", "tests")


def test_pyflakes_finds_nothing():
    res = subprocess.run([sys.executable, "-m", "pyflakes", *CHECKED], cwd=PROJECT_ROOT, capture_output=True,
                         text=True)
    assert res.stdout == "" and res.returncode == 0, res.stdout + res.stderr
