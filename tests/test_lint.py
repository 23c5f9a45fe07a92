"""The code passes ruff as configured in pyproject.toml (unused and undefined names, import order, bugbear's
traps): dead code misleads readers, and an undefined name is a crash waiting on the one path no test took."""

from __future__ import annotations

import subprocess
import sys

from kg.settings import PROJECT_ROOT

CHECKED = ("kg", "api", "bench", "scripts", "tests")


def test_ruff_finds_nothing():
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *CHECKED], cwd=PROJECT_ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_ruff_would_fail_on_an_unused_import(tmp_path):
    """The check is live: the same configuration refuses a file with an unused import."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n")
    res = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
                          str(PROJECT_ROOT / "pyproject.toml"), str(bad)], capture_output=True, text=True)
    assert res.returncode == 1 and "F401" in res.stdout
