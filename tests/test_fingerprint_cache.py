"""The stored reports' fingerprints kept between ingests (issue 14, kg/pipeline/fingerprint_cache.py), and the
reference tables an ingest loads once (kg/pipeline/reference_once.py): `jjkg ingest` refuses the same duplicates and
near-duplicates with the same messages, whether the fingerprints are read back, computed or found corrupt."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from test_near_duplicates import DIGEST_2025, ZHAOAN, first_part

from kg.errors import InputError
from kg.extract.fingerprint import fingerprint
from kg.extract.read import read_report
from kg.extract.reference import Reference
from kg.pipeline import fingerprint_cache
from kg.pipeline.fingerprint_cache import FOLDER, SOURCES, FingerprintCache
from kg.pipeline.reference_once import LoadedReference
from kg.settings import PROJECT_ROOT


def entries(var: Path) -> dict[str, int]:
    """Each entry's name and when it was last written."""
    return {p.name: p.stat().st_mtime_ns for p in (var / FOLDER).glob("*/*.json")}


@pytest.fixture
def stored(tmp_path) -> Path:
    path = tmp_path / "reports" / DIGEST_2025.name
    path.parent.mkdir()
    shutil.copy(DIGEST_2025, path)
    return path


def test_a_miss_is_computed_and_kept_then_read_back_without_reading_the_text(stored, tmp_path, monkeypatch):
    first = FingerprintCache(tmp_path / "var" / FOLDER)
    made = first.of(stored)
    assert made == fingerprint(read_report(stored).text) and first.reused == 0
    assert len(entries(tmp_path / "var")) == 1

    def unread(_path):
        raise AssertionError("a hit must not read the report as text")

    monkeypatch.setattr(fingerprint_cache, "read_report", unread)
    second = FingerprintCache(tmp_path / "var" / FOLDER)
    assert second.of(stored) == made and second.reused == 1


@pytest.mark.parametrize("damage", [b"", b'{"digest": "x", "lines": [', b'{"digest": 1, "lines": [], "statements": []}',
                                    b'["not", "a", "fingerprint"]', b"\xff\xfe"])
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(stored, tmp_path, damage):
    root = tmp_path / "var" / FOLDER
    made = FingerprintCache(root).of(stored)
    (entry,) = root.glob("*/*.json")
    entry.write_bytes(damage)
    again = FingerprintCache(root)
    assert again.of(stored) == made and again.reused == 0
    assert FingerprintCache(root).of(stored) == made and json.loads(entry.read_bytes())["digest"] == made.digest


def test_changed_bytes_are_another_entry_and_prune_keeps_only_what_the_check_saw(stored, tmp_path):
    root = tmp_path / "var" / FOLDER
    FingerprintCache(root).of(stored)
    stored.write_text(first_part(DIGEST_2025, 0.85), encoding="utf-8")
    cache = FingerprintCache(root)
    assert cache.of(stored) == fingerprint(first_part(DIGEST_2025, 0.85)) and cache.reused == 0
    (root / ("0" * 32)).mkdir()  # another code version's folder
    (cache.folder / ".left-by-a-killed-ingest.tmp").write_text("{")
    assert len(list(cache.folder.iterdir())) == 3
    cache.prune()
    assert [p.name for p in root.iterdir()] == [cache.folder.name]
    assert [p.name for p in cache.folder.iterdir()] == sorted(cache.used)


def test_a_file_that_cannot_be_read_says_so_as_before(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        FingerprintCache(tmp_path / "var" / FOLDER).of(tmp_path / "gone.txt")
    assert not (tmp_path / "var" / FOLDER).exists()


def test_the_code_version_covers_every_module_a_fingerprint_runs():
    """Importing what reads a stored report and fingerprints it loads no project module outside SOURCES: a change to
    any that does is another code version."""
    listed = subprocess.run([sys.executable, "-c", "import sys, kg.extract.fingerprint, kg.extract.read; "
                             "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'kg'))"],
                            capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": "."},
                            check=True).stdout.split()
    loaded = {str(Path(f).resolve().relative_to(PROJECT_ROOT)) for f in listed}
    assert loaded <= set(SOURCES), loaded - set(SOURCES)


def test_the_reference_is_reused_only_while_its_files_are_unchanged(tmp_path):
    directory = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", directory)
    loaded = LoadedReference.load(directory)
    assert loaded.if_current(directory) is loaded.ref
    assert loaded.if_current(PROJECT_ROOT / "data" / "reference") is None  # another directory
    units = directory / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert loaded.if_current(directory) is None


def test_an_ingest_loads_the_reference_once(data_copy, tmp_path, monkeypatch):
    import dataclasses

    from kg.pipeline.ingest import ingest
    from kg.settings import Settings

    loads: list[Path] = []
    load = Reference.load.__func__

    def counted(cls, directory):
        loads.append(directory)
        return load(cls, directory)

    monkeypatch.setattr(Reference, "load", classmethod(counted))
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_copy, var_dir=tmp_path / "var")
    manifest = ingest(settings, ZHAOAN)
    assert manifest["report"] == "zhaoanxian-2023" and loads == [settings.reference_dir]


def test_ingest_refuses_duplicates_as_before_with_the_fingerprints_read_back(built_copy, data_copy, tmp_path):
    env, var = built_copy, Path(built_copy["JJKG_VAR_DIR"])
    assert run_cli("ingest", str(ZHAOAN), env=env).returncode == 0  # computes the seeds' fingerprints and keeps them
    assert len(entries(var)) == 2
    part = tmp_path / "zhaoan-85.txt"
    part.write_text(first_part(ZHAOAN, 0.85), encoding="utf-8")
    res = run_cli("ingest", str(part), env=env)  # zhaoan's own fingerprint computed now, the seeds' read back
    assert res.returncode == 1 and f"{part}: a near-duplicate of report zhaoanxian-2023 (" in res.stderr, res.stderr
    kept = entries(var)
    assert len(kept) == 3

    # Warm: every fingerprint read back (no entry written again), the same refusals with the same messages.
    digest = tmp_path / "jinjiang-85.txt"
    digest.write_text(first_part(DIGEST_2025, 0.85), encoding="utf-8")
    res = run_cli("ingest", str(digest), "--year", "2026", "--place", "晋江市", env=env)
    said = re.search(rf"{re.escape(str(digest))}: a near-duplicate of report jinjiangshi-2025 "
                     rf"\({DIGEST_2025.name}, plan year 2025\): (\d+)% of its statements are that report's", res.stderr)
    assert res.returncode == 1 and said and int(said.group(1)) >= 95, res.stderr
    assert "pass --replace --slug jinjiangshi-2025" in res.stderr
    res = run_cli("ingest", str(ZHAOAN), "--year", "2024", env=env)
    assert res.returncode == 1 and "the same text as report zhaoanxian-2023 (" in res.stderr, res.stderr
    folder = tmp_path / "add"
    folder.mkdir()
    shutil.copy(part, folder / "b-part.txt")
    res = run_cli("ingest", str(folder), "--format", "tsv", env=env)
    assert res.returncode == 1 and "a near-duplicate of report zhaoanxian-2023: " in res.stdout, res.stdout
    assert entries(var) == kept

    # A corrupt entry: the same refusal, and the entry written again.
    broken = next((var / FOLDER).glob("*/*.json"))
    broken.write_text("{", encoding="utf-8")
    res = run_cli("ingest", str(digest), "--year", "2026", "--place", "晋江市", env=env)
    assert res.returncode == 1 and "a near-duplicate of report jinjiangshi-2025 (" in res.stderr, res.stderr
    assert json.loads(broken.read_text(encoding="utf-8"))["digest"] and set(entries(var)) == set(kept)

