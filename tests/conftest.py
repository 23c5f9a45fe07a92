"""Shared fixtures: the curated reference data, the graph built from the real reports, a published store."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tools import VIRTUOSO, require, skip_summary

from kg.extract.reference import Reference
from kg.graph.build import make_graph
from kg.pipeline.build import build
from kg.settings import PROJECT_ROOT, Settings
from kg.sparql.query import QueryService

FIXTURES = Path(__file__).parent / "fixtures"


# -- The run's last line about skips: how many, and why (tests/tools.py)

COLLECTED = pytest.StashKey[int]()


def pytest_collection_finish(session):
    session.config.stash[COLLECTED] = len(session.items)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After the short summary that -ra prints (one line per place a test skipped), just above the final count."""
    yield
    reasons = [report.longrepr[2] for report in terminalreporter.stats.get("skipped", [])
               if isinstance(report.longrepr, tuple)]
    line = skip_summary(reasons, config.stash.get(COLLECTED, 0))
    if line:
        terminalreporter.write_line(line, yellow=True, bold=True)


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


# -- The remote backend: a private OpenLink Virtuoso on loopback (kg/store/virtuoso_local.py), filled by `jjkg publish`


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A running Virtuoso of our own. Skips, saying why, only where it cannot be installed (fails instead with
    CI=true: tests/tools.py); installed but failing to start is a failure."""
    from kg.store import virtuoso_local

    require(VIRTUOSO, "the tests of the remote-store backend")
    instance = virtuoso_local.start(tmp_path_factory.mktemp("virtuoso") / "db")
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def on_virtuoso(published, virtuoso) -> Settings:
    """Settings that read the real reports' graph from Virtuoso, where it was published with `jjkg publish`'s
    code; the var dir is a fresh one, so nothing local is read but what a replica would have."""
    from kg.store.embedded import current
    from kg.store.publish import Publisher, plan

    settings = dataclasses.replace(published, var_dir=published.var_dir.parent / "replica-var",
                                   store=virtuoso.store_setting, store_update=virtuoso.update_endpoint,
                                   store_user="dba", store_password=virtuoso.password)
    settings.var_dir.mkdir(exist_ok=True)
    Publisher(settings.remote, settings.var_dir).publish(plan(current(published.store_link)))
    return settings


@pytest.fixture(scope="session", params=["embedded", "virtuoso"])
def served(request) -> Settings:
    """The same graph behind either backend: functional tests that take this run once on each."""
    return request.getfixturevalue("published" if request.param == "embedded" else "on_virtuoso")


@pytest.fixture(scope="module")
def listener():
    """A TCP listener on 127.0.0.1 that counts the connections it gets: proof that nothing went out."""
    from listener import Listener

    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def client(served):
    """The app over the backend the module runs on; modules that need another app define their own `client`."""
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(served))


def store_env(settings: Settings) -> dict[str, str]:
    """The store settings of `settings` as keyword arguments of live_server.serve (→ JJKG_STORE* variables)."""
    if not settings.store:
        return {}
    return {"store": settings.store, "store_update": settings.store_update, "store_user": settings.store_user,
            "store_password": settings.store_password}


# -- Graphs of many places, made as a user makes them (`jjkg ingest FOLDER`) ---------------------------------------


def folder_of_reports(root: Path, sources: list[Path]) -> tuple[Path, dict[str, str]]:
    """A folder under `root` holding copies of `sources`, and the environment of a private copy of data/ (and a var
    directory) beside it, for `jjkg ingest FOLDER`."""
    import shutil

    folder = root / "add"
    folder.mkdir()
    for source in sources:
        shutil.copy(source, folder / source.name)
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    return folder, {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var")}


def ingested(folder: Path, env: dict[str, str]) -> None:
    done = run_cli("ingest", str(folder), "--format", "tsv", env=env)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def built_copy(tmp_path, data_copy) -> dict[str, str]:
    """The environment of a private copy of data/ whose graph is built and published."""
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}
    assert run_cli("build", env=env).returncode == 0
    return env


@pytest.fixture
def built_bare(tmp_path, data_copy) -> dict[str, str]:
    """As built_copy, over a copy of data/ with its reference data and no report: a build or an ingest there takes
    about 60 % of the time (the kill tests run dozens; what they prove does not depend on which reports are in)."""
    for path in (data_copy / "reports").iterdir():
        path.unlink()
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}
    assert run_cli("build", env=env).returncode == 0
    return env


def reports_on_disk(data: Path) -> dict[str, bytes]:
    """Every file of data/reports/, byte for byte: what a failed or killed writer must leave as it was."""
    return {p.name: p.read_bytes() for p in (data / "reports").iterdir()}


# The published store of the seeds: its folder and a lookup on its database, for the tests of what the build writes
# beside the store (the lists' index and its tables). A test file may define its own `lookup` over another store.
@pytest.fixture(scope="module")
def directory(published):
    return published.store_link.resolve()


@pytest.fixture(scope="module")
def lookup(directory):
    import pyoxigraph as ox

    from kg.store import embedded as store_mod
    from kg.store.lookup import Lookup

    return Lookup(ox.Store.read_only(str(directory / store_mod.DATABASE)))
