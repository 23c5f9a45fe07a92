"""The programs some tests need besides Python, which `make test` installs from Debian's packages (scripts/
install-*.sh, as root with apt-get). Where they cannot be installed the tests that need them skip, saying why,
and the run ends with one line counting the skips (conftest.py); with CI=true a missing program fails those tests
instead, naming it: on CI every test must run, and a green run must not hide a quarter of the suite."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from dataclasses import dataclass

import balancer
import pytest

from kg.store import virtuoso_local


@dataclass(frozen=True)
class Tool:
    name: str
    install: str  # how it is installed
    paths: tuple[str, ...]  # the executables the tests run

    def installed(self) -> bool:
        return all(os.access(path, os.X_OK) for path in self.paths)

    def missing(self) -> str:
        """The skip reason: it starts with the tool's name, so that the summary line groups by it."""
        return f"{self.name} is not installed ({self.install})"


CHROMIUM = Tool("Chromium", "scripts/install-chromium.sh installs it with apt-get, as root", ("/usr/bin/chromium",))
VIRTUOSO = Tool("OpenLink Virtuoso", "scripts/install-virtuoso.sh installs it with apt-get, as root",
                (virtuoso_local.VIRTUOSO, virtuoso_local.ISQL))
NGINX = Tool("nginx", "scripts/install-nginx.sh installs it with apt-get, as root", (balancer.NGINX,))
CURL = Tool("curl", "Debian's curl package; CI images have it", (shutil.which("curl") or "/usr/bin/curl",))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(tool: Tool, what: str) -> None:
    """Return if `tool` is installed. Otherwise fail the test under CI=true, naming the tool; skip it elsewhere.
    `what` says which tests go without it."""
    if tool.installed():
        return
    if in_ci():
        pytest.fail(f"{tool.name} is missing ({', '.join(tool.paths)}): with CI=true every test must run, and "
                    f"{what} need it ({tool.install})", pytrace=False)
    pytest.skip(f"{tool.missing()}: {what} cannot run")


def skip_summary(reasons: list[str], collected: int) -> str | None:
    """One line: how many tests were skipped, and why, most frequent reason first (None when none were)."""
    if not reasons:
        return None
    counts = Counter(reason.removeprefix("Skipped: ") for reason in reasons)
    why = "; ".join(f"{n} because {reason}" for reason, n in counts.most_common())
    tail = "" if in_ci() else " (with CI=true a missing Chromium, Virtuoso, nginx or curl fails the run instead)"
    return f"{len(reasons)} of {collected} tests skipped: {why}{tail}"
