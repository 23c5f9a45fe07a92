"""Shared fixtures: the curated reference data, the graph built from the real reports, a published store."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build, make_graph
from kg.query import QueryService
from kg.reference import Reference
from kg.settings import PROJECT_ROOT, Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def reference() -> Reference:
    return Reference.load(PROJECT_ROOT / "data" / "reference")


@pytest.fixture(scope="session")
def built(reference):
    """The graph of the two real reports, in memory (not validated, not published)."""
    return make_graph(Settings.from_env(), ref=reference)


@pytest.fixture(scope="session")
def extraction(built):
    """Extractions by report slug."""
    return {ex.meta.slug: ex for ex in built.extractions}


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Settings:
    """Settings whose var dir holds a store built and published from the real reports."""
    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path_factory.mktemp("var"))
    build(settings)
    return settings


@pytest.fixture(scope="session")
def service(published) -> QueryService:
    return QueryService(published.store_link)


def select(service: QueryService, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT as plain strings."""
    _, rows = service.run(query)
    names = [v.value for v in rows.variables]
    return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in rows]


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> subprocess.CompletedProcess:
    """Run `jjkg` as a user would, in a child process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=full_env,
                          input=input, cwd=PROJECT_ROOT, timeout=300)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may change (ingest, broken files)."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", target)
    return target
