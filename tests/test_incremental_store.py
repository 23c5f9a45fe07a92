"""The incremental store fill (issue 14, kg/pipeline/build.py `store_fill`, kg/store/embedded.py `write_changes`): a
build whose published store records each named graph's hash fills its new store from a copy of that one, removing and
loading only the graphs that changed, and publishes the same quads as a cold full build (named graphs and the default
graph, blank nodes compared by what they take part in: bench/published_quads.py's canonical form), the same dump and
the same manifest. Anything the path needs missing: the full write. Which path was taken is read from what `jjkg`
says (`store: …`), never from time."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from test_extract_cache import published

from kg.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from published_quads import store_lines  # noqa: E402

GROUPS = FIXTURES / "emit" / "jinjiang-2031-groups.txt"  # links to the 2025 seed: two report graphs change
ONTOLOGY = "<https://w3id.org/jinjiang-kg/graph/ontology>"  # its blank node labels are rdflib's, random: reloaded


@pytest.fixture
def env(tmp_path, data_copy) -> dict[str, str]:
    # always: the seeds' graphs are most of their dump, whose share would otherwise take the full write
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var"), "JJKG_INCREMENTAL_STORE": "always"}


def fill(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("store: ")]
    assert len(lines) == 1, stderr[-3000:]
    return lines[0][len("store: "):]


def hashes(var: Path) -> dict[str, str]:
    manifest = json.loads(((var / "store").resolve() / "manifest.json").read_text(encoding="utf-8"))
    return {name: digest for name, digest in manifest["graphs"].items() if name != ONTOLOGY}


def same_as_cold(env: dict[str, str], tmp_path: Path) -> None:
    """What `env`'s var directory publishes is what a full build of the same data, without caches, publishes."""
    var, fresh = Path(env["JJKG_VAR_DIR"]), tmp_path / "cold-var"
    shutil.rmtree(fresh, ignore_errors=True)
    done = run_cli("build", "--no-cache", env={**env, "JJKG_VAR_DIR": str(fresh)})
    assert done.returncode == 0, done.stderr[-3000:]
    assert fill(done.stderr) == "the whole store (none published)"
    dump, quads = store_lines(var)
    cold_dump, cold_quads = store_lines(fresh)
    assert dump == cold_dump
    assert len(quads) == len(cold_quads) and quads == cold_quads  # named graphs and the default graph
    assert published(var) == published(fresh)
    # The same graphs hashed; a hash is of a graph's text, whose line order a report emitted afresh need not keep
    assert hashes(var).keys() == hashes(fresh).keys()


def test_an_ingest_fills_the_store_from_the_published_one_and_publishes_what_a_cold_build_does(env, tmp_path):
    var = Path(env["JJKG_VAR_DIR"])
    first = run_cli("build", env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert fill(first.stderr) == "the whole store (none published)"
    before = (var / "store").resolve()
    was = store_lines(var)
    added = run_cli("ingest", str(GROUPS), "--place", "晋江市", "--year", "2031", env=env)
    assert added.returncode == 0, added.stderr[-3000:]
    # The new report's graph, the 2025 seed's (its links changed), the derived graph and the ontology.
    assert fill(added.stderr).startswith("from the published store: "), added.stderr[-3000:]
    assert "graphs removed" in fill(added.stderr) and " 2 kept" in fill(added.stderr)
    same_as_cold(env, tmp_path)
    # The store it was copied from (still kept beside the new one) is as it was: the copy shares only files never
    # written again.
    assert (var / "store").resolve() != before and before.is_dir()
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "store").symlink_to(before)
    assert store_lines(tmp_path / "old") == was


def test_a_report_gone_and_one_changed_leave_the_default_graph_the_union_of_the_rest(env, data_copy, tmp_path):
    assert run_cli("build", env=env).returncode == 0
    assert run_cli("ingest", str(GROUPS), "--place", "晋江市", "--year", "2031", env=env).returncode == 0
    # The 2024 seed removed (its triples shared with the other reports stay in the default graph, the rest go) and
    # the 2025 seed changed (other spans).
    slugs = {p: p.read_text(encoding="utf-8") for p in (data_copy / "reports").glob("*.meta.yaml")}
    for meta in (p for p, text in slugs.items() if "slug: jinjiangshi-2024" in text):
        meta.unlink()
        meta.with_name(meta.name.removesuffix(".meta.yaml") + ".txt").unlink()
    meta = next(p for p, text in slugs.items() if "slug: jinjiangshi-2025" in text)
    text = meta.with_name(meta.name.removesuffix(".meta.yaml") + ".txt")
    text.write_text(text.read_text(encoding="utf-8").replace("。", "。\n", 1), encoding="utf-8")
    done = run_cli("build", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert fill(done.stderr).startswith("from the published store: "), done.stderr[-3000:]
    same_as_cold(env, tmp_path)
    again = run_cli("build", env=env)  # nothing changed: only the ontology (random labels) loaded again
    assert "1 graphs removed, 1 loaded" in fill(again.stderr), again.stderr[-3000:]
    same_as_cold(env, tmp_path)


@pytest.mark.parametrize(("edit", "why"), [
    (lambda m: m.pop("graphs"), "the published store's manifest has no graph hashes"),
    (lambda m: m.update(base="https://example.org/other/"), "the published store is of another version or base"),
    (lambda m: m.update(version="0.0.0"), "the published store is of another version or base"),
])
def test_a_published_store_without_what_the_path_needs_is_written_whole(env, tmp_path, edit, why):
    var = Path(env["JJKG_VAR_DIR"])
    assert run_cli("build", env=env).returncode == 0
    path = (var / "store").resolve() / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    added = run_cli("ingest", str(GROUPS), "--place", "晋江市", "--year", "2031", env=env)
    assert added.returncode == 0, added.stderr[-3000:]
    assert fill(added.stderr) == f"the whole store ({why})"
    same_as_cold(env, tmp_path)
    assert fill(run_cli("build", env=env).stderr).startswith("from the published store: ")  # it wrote the hashes


def test_the_switch_turns_it_off(env, tmp_path):
    assert run_cli("build", env=env).returncode == 0
    off = {**env, "JJKG_INCREMENTAL_STORE": "off"}
    added = run_cli("ingest", str(GROUPS), "--place", "晋江市", "--year", "2031", env=off)
    assert added.returncode == 0, added.stderr[-3000:]
    assert fill(added.stderr) == "the whole store (JJKG_INCREMENTAL_STORE=off)"
    same_as_cold(env, tmp_path)


@pytest.mark.slow
def test_an_incremental_build_killed_at_any_moment_leaves_the_published_store_as_it_was(env, data_copy, tmp_path):
    """kill -9 of a build filling its store from the published one (a copy sharing the published store's files): the
    served store is the one before, quad for quad, or the whole new one; a retry publishes what a cold build does."""
    var = Path(env["JJKG_VAR_DIR"])
    assert run_cli("build", env=env).returncode == 0
    text = min((data_copy / "reports").glob("*.txt"))
    started = time.perf_counter()
    edit(text)
    done = run_cli("build", env=env)
    assert fill(done.stderr).startswith("from the published store: "), done.stderr[-3000:]
    whole = time.perf_counter() - started
    for delay in (0.4 * whole, 0.6 * whole, 0.75 * whole, 0.85 * whole, 0.95 * whole):
        before, lines = os.readlink(var / "store"), store_lines(var)
        edit(text)
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build"], cwd=PROJECT_ROOT, env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if os.readlink(var / "store") == before:
            assert store_lines(var) == lines, f"killed after {delay:.2f} s"
    retry = run_cli("build", "--if-stale", env=env)
    assert retry.returncode == 0, retry.stderr[-3000:]
    same_as_cold(env, tmp_path)


def edit(text: Path) -> None:
    """One more line break after the report's first sentence: its spans, so its graph, change every time."""
    text.write_text(text.read_text(encoding="utf-8").replace("。", "。\n", 1), encoding="utf-8")
