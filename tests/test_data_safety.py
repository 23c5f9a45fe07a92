"""A failed or killed build never changes or breaks the published graph."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from conftest import run_cli
from live_server import serve

from kg.settings import PROJECT_ROOT
from kg.store import embedded as store


@pytest.fixture
def env(tmp_path, data_copy):
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}
    assert run_cli("build", env=env).returncode == 0
    return env


def published_target(env) -> str:
    return os.readlink(os.path.join(env["JJKG_VAR_DIR"], "store"))


def answers(env) -> bool:
    res = run_cli("query", "ASK { ?s a jjo:Goal }", "--format", "json", env=env)
    return res.returncode == 0 and '"boolean":true' in res.stdout.replace(" ", "")


def test_a_graph_failing_shacl_is_not_published(env, data_copy):
    before = published_target(env)
    industries = data_copy / "reference" / "industries.csv"
    # An industry code outside GB/T 4754's pattern loads fine but breaks a shape. (A division code that is none
    # is refused earlier, by the gazetteer: tests/test_gazetteer.py.)
    text = industries.read_text(encoding="utf-8").replace(",C17,", ",Z17,", 1)
    industries.write_text(text, encoding="utf-8")
    res = run_cli("build", env=env)
    assert res.returncode == 1
    assert "nothing was published" in res.stderr and "notation" in res.stderr
    assert published_target(env) == before and answers(env)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.9, 1.4])
def test_kill_9_during_a_build_leaves_a_usable_store(env, data_copy, delay):
    before = published_target(env)
    # Change an input so the build really writes a new store.
    (data_copy / "reports" / "000_4f93ed80d38190e7.meta.yaml").open("a", encoding="utf-8").write("# touched\n")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build"], cwd=PROJECT_ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = published_target(env)
    # Either the old store, or a complete new one: never a half-written one.
    assert after == before or store.current(store.Path(env["JJKG_VAR_DIR"]) / "store") is not None
    assert answers(env)
    assert run_cli("build", env=env).returncode == 0 and answers(env)


def goal_count(url: str) -> int:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(?g) AS ?n) WHERE { ?g a jjo:Goal }"})
    with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=30) as r:
        return int(json.loads(r.read())["results"]["bindings"][0]["n"]["value"])


@pytest.mark.slow
def test_a_running_server_serves_the_same_graph_through_a_bad_ingest_and_a_killed_build(env, data_copy, tmp_path):
    """As a user sees it: the server keeps answering from the published graph while a bad report is refused
    and a build is killed; a good ingest is served next, without a restart."""
    with serve(env["JJKG_VAR_DIR"]) as server:
        before = goal_count(server.url)
        bad = tmp_path / "bad.txt"
        bad.write_bytes("晋江市\n".encode() + b"\xff\xfe broken\n")
        res = run_cli("ingest", str(bad), "--year", "2026", env=env)
        assert res.returncode == 1 and f"{bad}:2:" in res.stderr and "UTF-8" in res.stderr
        assert goal_count(server.url) == before
        (data_copy / "reports" / "000_4f93ed80d38190e7.meta.yaml").open("a", encoding="utf-8").write("# touched\n")
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build"], cwd=PROJECT_ROOT,
                                env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.9)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert goal_count(server.url) == before
        good = PROJECT_ROOT / "tests" / "fixtures" / "other" / "jinjiang-2026-traditional.txt"
        assert run_cli("ingest", str(good), "--year", "2026", env=env).returncode == 0
        assert goal_count(server.url) > before
