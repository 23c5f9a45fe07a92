"""Tests that need Chromium, Virtuoso or nginx: skipped, saying why, where the tool cannot be installed; failed,
naming it, with CI=true; and counted in one line at the end of the run (tests/tools.py, conftest.py)."""

import subprocess
import sys

import pytest
import tools

from kg.settings import PROJECT_ROOT

ABSENT = tools.Tool("Example Tool", "scripts/install-example.sh installs it", ("/nonexistent/example-tool",))


def test_a_missing_tool_skips_the_test_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"Example Tool is not installed \(scripts/install-example.sh "
                                                    r"installs it\): the example tests cannot run"):
        tools.require(ABSENT, "the example tests")


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_with_ci_a_missing_tool_fails_the_test_naming_it(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=r"Example Tool is missing \(/nonexistent/example-tool\): with "
                                                    r"CI=true every test must run, and the example tests need "
                                                    r"it \(scripts/install-example.sh installs it\)"):
        tools.require(ABSENT, "the example tests")


def test_an_installed_tool_neither_skips_nor_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    tools.require(tools.Tool("Python", "-", (sys.executable,)), "these tests")


def test_the_summary_counts_skips_by_reason(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    reasons = ["Skipped: nginx is not installed (x)"] + ["Skipped: OpenLink Virtuoso is not installed (y)"] * 3
    line = tools.skip_summary(reasons, 10)
    assert line.startswith("4 of 10 tests skipped: 3 because OpenLink Virtuoso is not installed (y); "
                           "1 because nginx is not installed (x)")
    assert "CI=true" in line
    assert tools.skip_summary([], 10) is None


def test_the_install_scripts_fail_on_ci_where_apt_cannot_run(tmp_path):
    """scripts/apt.sh, as `make test` runs it without root: a message naming the tool, exit 1 with CI=true and
    exit 0 (the tests skip) elsewhere."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")  # not root
    (fake / "id").chmod(0o755)
    check = '. scripts/apt.sh; apt_can_install install-nginx "the replica test will be skipped" || exit 0'
    for ci, status, says in (("true", 1, "CI=true, where every test must run: failing"),
                             ("", 0, "the replica test will be skipped")):
        run = subprocess.run(["bash", "-c", check], cwd=PROJECT_ROOT, capture_output=True, text=True,
                             env={"PATH": f"{fake}:/usr/bin:/bin", "CI": ci})
        assert run.returncode == status, run.stderr
        why = run.stderr.removeprefix("install-nginx: ").split(";")[0]
        assert why in ("not root, cannot apt-get install", "apt-get is not available") and says in run.stderr
