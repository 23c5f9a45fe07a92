"""The emission cache (issue 14, kg/graph/emit_cache.py): a build reads back the graph, figure rows and SHACL verdict
of every report whose extraction and links to the rest of the corpus are unchanged, emits and checks the others, and
publishes the same graph as a build without the caches. Counted by what `jjkg build` / `jjkg ingest` say
(`report graphs: N read back from the cache, M made; V SHACL verdicts read back`), never by time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from rdflib import Graph
from rdflib.namespace import RDF
from test_extract_cache import published

from kg.graph import emit_cache
from kg.graph.checks import NOT_READ
from kg.graph.namespaces import JJO, SH
from kg.settings import PROJECT_ROOT

# Names 东海隧道, which the 2025 seed lists in a group of its own, in another group: the seed's graph changes
# (its project's jjo:partOfGroup links) although its text did not.
GROUPS = FIXTURES / "emit" / "jinjiang-2031-groups.txt"


def graphs(stderr: str) -> tuple[int, int, int]:
    """(read back, made, verdicts read back) from what `jjkg build` or `jjkg ingest` printed."""
    found = re.search(r"report graphs: (\d+) read back from the cache, (\d+) made; (\d+) SHACL verdicts read back",
                      stderr)
    assert found, stderr[-2000:]
    return int(found[1]), int(found[2]), int(found[3])


def entries(var: Path) -> list[Path]:
    return sorted((var / emit_cache.FOLDER).glob(f"*/*{emit_cache.SUFFIX}"))


def verdicts(var: Path) -> list[Path]:
    """The reports' kept verdicts (not the shared part's or the assessments')."""
    return sorted(p for p in (var / emit_cache.FOLDER).glob(f"*/*{emit_cache.VERDICT}")
                  if not p.name.startswith(("shared.", "derived.")))


def parts(var: Path) -> dict[str, float]:
    """The shared part's and the assessments' kept verdicts, by name, with when each was written."""
    return {p.name: p.stat().st_mtime for p in (var / emit_cache.FOLDER).glob(f"*/*{emit_cache.VERDICT}")
            if p.name.startswith(("shared.", "derived."))}


@pytest.fixture
def env(tmp_path, data_copy) -> dict[str, str]:
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var"), "JJKG_EXTRACT_CACHE": "on",
            "JJKG_EMIT_CACHE": "on"}


def cold(env: dict[str, str], tmp_path: Path) -> tuple[list[str], dict]:
    """What a build of the same data directory without any cache publishes."""
    fresh = {**env, "JJKG_VAR_DIR": str(tmp_path / "cold-var")}
    shutil.rmtree(tmp_path / "cold-var", ignore_errors=True)
    done = run_cli("build", "--no-cache", env=fresh)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "report graphs" not in done.stderr
    assert not (tmp_path / "cold-var" / emit_cache.FOLDER).exists()
    return published(tmp_path / "cold-var")


def test_a_warm_rebuild_reads_every_graph_back_and_publishes_what_a_cold_build_does(env, tmp_path):
    var = Path(env["JJKG_VAR_DIR"])
    first = run_cli("build", env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert graphs(first.stderr) == (0, 2, 0)
    assert len(entries(var)) == 2 and len(verdicts(var)) == 2
    checked = parts(var)
    assert sorted(name.split(".")[0] for name in checked) == ["derived", "shared"]

    again = run_cli("build", env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert graphs(again.stderr) == (2, 0, 2)  # nothing emitted, nothing checked again
    assert parts(var) == checked  # the same triples in the shared part and the assessments: not checked again
    assert published(var) == cold(env, tmp_path)


def test_an_ingest_that_changes_another_reports_links_emits_both_and_publishes_what_a_cold_build_does(env, tmp_path):
    var = Path(env["JJKG_VAR_DIR"])
    assert run_cli("build", env=env).returncode == 0
    added = run_cli("ingest", str(GROUPS), "--place", "晋江市", "--year", "2031", env=env)
    assert added.returncode == 0, added.stderr[-3000:]
    # The new report and the 2025 seed (东海隧道 now in two groups) made; the 2024 seed read back, its verdict too.
    assert graphs(added.stderr) == (1, 2, 1)
    assert published(var) == cold(env, tmp_path)
    assert len(entries(var)) == 3 and len(verdicts(var)) == 3  # the 2025 seed's old entry and verdict pruned
    assert len(parts(var)) == 2  # the shared part's and the assessments' new verdicts; the old ones pruned

    again = run_cli("build", env=env)
    assert graphs(again.stderr) == (3, 0, 3)
    assert published(var) == cold(env, tmp_path)


def test_a_changed_report_alone_is_emitted_again(env, data_copy, tmp_path):
    assert run_cli("build", env=env).returncode == 0
    text = min((data_copy / "reports").glob("*.txt"))
    text.write_text(text.read_text(encoding="utf-8").replace("。", "。\n", 1), encoding="utf-8")  # other spans
    done = run_cli("build", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert graphs(done.stderr) == (1, 1, 1)
    assert published(Path(env["JJKG_VAR_DIR"])) == cold(env, tmp_path)


def test_an_unreadable_entry_is_a_miss_and_is_rewritten(env, tmp_path):
    var = Path(env["JJKG_VAR_DIR"])
    assert run_cli("build", env=env).returncode == 0
    entry = entries(var)[0]
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    done = run_cli("build", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert graphs(done.stderr) == (1, 1, 2)  # the verdict still holds: same graph, same closure
    assert entry.stat().st_size > 100
    assert published(var) == cold(env, tmp_path)


def test_off_switches_bypass_it_and_leave_it_as_it_was(env):
    var = Path(env["JJKG_VAR_DIR"])
    assert run_cli("build", env=env).returncode == 0
    kept = {p: p.stat().st_mtime_ns for p in entries(var) + verdicts(var)}
    for args, changes in ((("--no-cache",), {}), ((), {"JJKG_EMIT_CACHE": "off"})):
        done = run_cli("build", *args, env={**env, **changes})
        assert done.returncode == 0, done.stderr[-3000:]
        assert "report graphs" not in done.stderr
    assert {p: p.stat().st_mtime_ns for p in entries(var) + verdicts(var)} == kept
    assert "JJKG_EMIT_CACHE" in run_cli("--help").stdout


def test_other_versions_and_temporary_files_are_pruned(env):
    var = Path(env["JJKG_VAR_DIR"])
    stale = var / emit_cache.FOLDER / ("0" * 32)
    stale.mkdir(parents=True)
    (stale / f"x{emit_cache.SUFFIX}").write_bytes(b"old")
    current = var / emit_cache.FOLDER / emit_cache.version(Path(env["JJKG_DATA_DIR"]) / "reference")
    current.mkdir()
    (current / ".left-by-a-killed-build.tmp").write_bytes(b"half")
    assert run_cli("build", env=env).returncode == 0
    assert [p.name for p in (var / emit_cache.FOLDER).iterdir()] == [current.name]
    assert sorted(p.suffix for p in current.iterdir()) == [emit_cache.VERDICT] * 4 + [emit_cache.SUFFIX] * 2


def test_what_the_verdict_key_leaves_out_no_shape_on_a_reports_nodes_reads():
    """kg/graph/checks.py's NOT_READ: a predicate is read only by shapes whose targets are shared nodes, and by no
    SPARQL constraint; a shape on a report's nodes reading it would make a kept verdict stale."""
    shapes = Graph().parse(PROJECT_ROOT / "shapes" / "jinjiang-shapes.ttl")
    shared_classes = {JJO.Project, JJO.Indicator, JJO.Place, JJO.Industry, JJO.Unit}
    for predicate in NOT_READ:
        for prop in shapes.subjects(SH.path, predicate):
            owners = set(shapes.subjects(SH.property, prop))
            assert owners, f"{predicate} read by a property shape of no node shape"
            for owner in owners:
                targets = set(shapes.objects(owner, SH.targetClass))
                assert targets and targets <= shared_classes, (owner, targets)
                assert not set(shapes.objects(owner, SH.targetSubjectsOf)) | set(shapes.objects(owner, SH.targetNode))
        local = predicate.split("/")[-1].split("#")[-1]
        for select in shapes.objects(None, SH.select):
            assert local not in str(select), select
    assert (None, RDF.type, SH.NodeShape) in shapes


def test_the_version_covers_extraction_graph_code_ontology_shapes_reference_and_base(tmp_path, monkeypatch):
    from kg.graph import extract_cache

    root = tmp_path / "root"
    for part in ("kg/extract", "kg/graph", "ontology", "shapes"):
        shutil.copytree(PROJECT_ROOT / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "kg" / "errors.py", root / "kg" / "errors.py")
    reference = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", reference)
    monkeypatch.setattr(extract_cache, "PROJECT_ROOT", root)
    monkeypatch.setattr(emit_cache, "PROJECT_ROOT", root)
    versions = [emit_cache.version(reference)]
    assert emit_cache.version(reference) == versions[0]  # the same inputs, the same version

    for changed in (root / "kg" / "graph" / "emit.py", root / "kg" / "extract" / "link.py",
                    root / "ontology" / "jinjiang.ttl", root / "shapes" / "jinjiang-shapes.ttl",
                    reference / "units.csv"):
        changed.write_bytes(changed.read_bytes() + b"\n# a change\n")
        versions.append(emit_cache.version(reference))
    monkeypatch.setattr(emit_cache, "BASE", "https://example.org/another-base/")
    versions.append(emit_cache.version(reference))
    assert len(set(versions)) == len(versions)
