"""The extraction cache (issue 14, kg/graph/extract_cache.py): a build reads back the extraction of every report
whose text, metadata, extraction code and reference data are unchanged, extracts the others, and publishes the same
graph as a build without the cache. Counted by what the build says (`extractions: N read back from the cache, M
made`), never by time."""

from __future__ import annotations

import dataclasses
import pickle
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from kg.extract.reports import catalogue
from kg.extract.skipped import Skipped
from kg.graph import extract_cache
from kg.graph.extract_cache import ExtractionCache, code_version
from kg.pipeline.build import build
from kg.settings import PROJECT_ROOT, Settings

_BLANK = re.compile(r"_:[A-Za-z0-9_\-.]+")
MANIFEST_KEYS = ("reports", "quads", "goals", "dropped", "skipped")


def counts(stderr: str) -> tuple[int, int]:
    """(read back, made) from what `jjkg build` or `jjkg ingest` printed."""
    found = re.search(r"extractions: (\d+) read back from the cache, (\d+) made", stderr)
    assert found, stderr[-2000:]
    return int(found[1]), int(found[2])


def published(var: Path) -> tuple[list[str], dict]:
    """The published dump's lines (blank node labels blanked: rdflib labels the ontology's lists at random) and the
    manifest's content, without its times."""
    store = (var / "store").resolve()
    lines = sorted(_BLANK.sub("_:b", line) for line in (store / "dataset.nq").read_text(encoding="utf-8").splitlines())
    import json

    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    found = {slug: {k: v for k, v in f.items() if k != "seconds"} for slug, f in manifest["found"].items()}
    return lines, {**{k: manifest[k] for k in MANIFEST_KEYS}, "found": found}


def entries(var: Path) -> list[Path]:
    return sorted((var / extract_cache.FOLDER).glob(f"*/*{extract_cache.SUFFIX}"))


@pytest.fixture
def env(tmp_path, data_copy) -> dict[str, str]:
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var"), "JJKG_EXTRACT_CACHE": "on"}


def settings_of(env: dict[str, str], **changes) -> Settings:
    where = {"data_dir": Path(env["JJKG_DATA_DIR"]), "var_dir": Path(env["JJKG_VAR_DIR"])}
    return dataclasses.replace(Settings.from_env(), **{**where, **changes})


def test_a_rebuild_with_nothing_changed_reads_every_extraction_back_and_publishes_the_same(env, tmp_path):
    first = run_cli("build", env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert counts(first.stderr) == (0, 2)
    before = published(Path(env["JJKG_VAR_DIR"]))
    assert len(entries(Path(env["JJKG_VAR_DIR"]))) == 2

    again = run_cli("build", env=env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert counts(again.stderr) == (2, 0)
    assert published(Path(env["JJKG_VAR_DIR"])) == before

    # The same graph as a build that never saw a cache.
    fresh = {**env, "JJKG_VAR_DIR": str(tmp_path / "fresh-var")}
    assert run_cli("build", "--no-cache", env=fresh).returncode == 0
    assert published(tmp_path / "fresh-var") == before
    assert not (tmp_path / "fresh-var" / extract_cache.FOLDER).exists()


def test_no_cache_bypasses_it_and_leaves_it_as_it_was(env):
    assert run_cli("build", env=env).returncode == 0
    kept = {p: p.stat().st_mtime_ns for p in entries(Path(env["JJKG_VAR_DIR"]))}
    bypassed = run_cli("build", "--no-cache", env=env)
    assert bypassed.returncode == 0, bypassed.stderr[-3000:]
    assert counts(bypassed.stderr) == (0, 2)
    off = run_cli("build", env={**env, "JJKG_EXTRACT_CACHE": "off"})
    assert counts(off.stderr) == (0, 2)
    assert {p: p.stat().st_mtime_ns for p in entries(Path(env["JJKG_VAR_DIR"]))} == kept
    assert "JJKG_EXTRACT_CACHE" in run_cli("--help").stdout
    assert "--no-cache" in run_cli("build", "--help").stdout


def test_a_changed_report_alone_is_extracted_again(env, data_copy, tmp_path):
    settings = settings_of(env)
    assert build(settings)["extractions_made"] == 2
    text = min((data_copy / "reports").glob("*.txt"))
    changed = text.read_text(encoding="utf-8").replace("。", "。\n", 1)  # one more line break: other spans
    assert changed != text.read_text(encoding="utf-8")
    text.write_text(changed, encoding="utf-8")

    manifest = build(settings)
    assert (manifest["extractions_reused"], manifest["extractions_made"]) == (1, 1)
    assert len(entries(settings.var_dir)) == 2  # the old text's entry pruned
    without = build(settings_of(env, var_dir=tmp_path / "fresh-var", extract_cache="off"))
    assert without["extractions_made"] == 2
    assert published(settings.var_dir) == published(tmp_path / "fresh-var")


def test_changed_metadata_is_a_miss(env, data_copy):
    settings = settings_of(env)
    build(settings)
    meta = min((data_copy / "reports").glob("*.meta.yaml"))
    meta.write_text(meta.read_text(encoding="utf-8").replace("title: ", "title: 新", 1), encoding="utf-8")
    manifest = build(settings)
    assert (manifest["extractions_reused"], manifest["extractions_made"]) == (1, 1)


def test_changed_reference_data_invalidates_every_entry_and_prunes_the_old_version(env, data_copy):
    settings = settings_of(env)
    build(settings)
    old_version = {p.parent for p in entries(settings.var_dir)}
    readme = data_copy / "reference" / "places.README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    manifest = build(settings)
    assert (manifest["extractions_reused"], manifest["extractions_made"]) == (0, 2)
    assert {p.parent for p in entries(settings.var_dir)}.isdisjoint(old_version)
    assert [p.name for p in (settings.var_dir / extract_cache.FOLDER).iterdir()] == \
        [next(iter(entries(settings.var_dir))).parent.name]


def test_the_code_version_covers_extraction_code_python_and_reference(tmp_path, monkeypatch):
    root = tmp_path / "root"
    shutil.copytree(PROJECT_ROOT / "kg" / "extract", root / "kg" / "extract",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT_ROOT / "kg" / "errors.py", root / "kg" / "errors.py")
    reference = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", reference)
    monkeypatch.setattr(extract_cache, "PROJECT_ROOT", root)
    versions = [code_version(reference)]
    assert code_version(reference) == versions[0]  # the same inputs, the same key

    figures = root / "kg" / "extract" / "recognise" / "figures.py"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    versions.append(code_version(reference))
    (reference / "units.csv").write_bytes((reference / "units.csv").read_bytes() + b"\n")
    versions.append(code_version(reference))
    monkeypatch.setattr(extract_cache, "PROTOCOL", extract_cache.PROTOCOL - 1)
    versions.append(code_version(reference))
    monkeypatch.setattr(extract_cache.sys, "version", "3.0.0 (another Python)")
    versions.append(code_version(reference))
    assert len(set(versions)) == len(versions)



def test_an_entry_of_another_code_version_is_a_miss(tmp_path, monkeypatch, reference):
    from kg.extract.extractor import Extractor

    meta = catalogue(PROJECT_ROOT / "data" / "reports")[0]
    cache = ExtractionCache(tmp_path, reference.directory)
    cache.put(meta, Extractor(reference).extract(meta))
    assert ExtractionCache(tmp_path, reference.directory).get(meta) is not None
    monkeypatch.setattr(extract_cache, "PROTOCOL", extract_cache.PROTOCOL - 1)
    assert ExtractionCache(tmp_path, reference.directory).get(meta) is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not an extraction"])
def test_a_corrupt_entry_is_a_miss_and_is_written_again(env, damage):
    settings = settings_of(env)
    before = build(settings)
    entry = entries(settings.var_dir)[0]
    if damage == "garbage":
        entry.write_bytes(b"\x00not a pickle at all")
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    else:
        entry.write_bytes(pickle.dumps({"what": "a dict"}))

    manifest = build(settings)
    assert (manifest["extractions_reused"], manifest["extractions_made"]) == (1, 1)
    assert manifest["quads"] == before["quads"]
    assert isinstance(pickle.loads(entry.read_bytes()), extract_cache.ReportExtraction)  # rewritten whole
    again = build(settings)
    assert again["extractions_reused"] == 2


def test_a_corrupt_entry_through_the_cli_is_no_crash(env):
    assert run_cli("build", env=env).returncode == 0
    for entry in entries(Path(env["JJKG_VAR_DIR"])):
        entry.write_bytes(b"garbage")
    done = run_cli("build", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert counts(done.stderr) == (0, 2)


def test_prune_keeps_only_the_corpus_entries_of_this_version(env, data_copy):
    settings = settings_of(env)
    build(settings)
    folder = entries(settings.var_dir)[0].parent
    (folder / ".left-by-a-killed-build.tmp").write_bytes(b"half")
    (folder.parent / "0123456789abcdef-another-version").mkdir()
    gone = min((data_copy / "reports").glob("*.txt"))
    gone.with_name(gone.stem + ".meta.yaml").unlink()
    gone.unlink()

    manifest = build(settings)
    assert (manifest["extractions_reused"], manifest["extractions_made"]) == (1, 0)
    assert len(entries(settings.var_dir)) == 1
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]
    assert [p.name for p in folder.iterdir()] == [entries(settings.var_dir)[0].name]


def test_ingest_of_one_report_extracts_that_report_only_and_its_entry_serves_the_next_build(env, data_copy):
    assert run_cli("build", env=env).returncode == 0
    added = run_cli("ingest", str(FIXTURES / "meta" / "zhaoan-2023-formal.txt"), env=env)
    assert added.returncode == 0, added.stderr[-3000:]
    assert counts(added.stderr) == (2, 1)

    # Staged elsewhere, extracted there, kept under a key without the folder: read back now it is in data/reports/.
    settings = settings_of(env)
    cache = ExtractionCache(settings.var_dir / extract_cache.FOLDER, settings.reference_dir)
    metas = catalogue(settings.reports_dir)
    read_back = [cache.get(m) for m in metas]
    assert all(ex is not None for ex in read_back)
    assert all(ex.meta == m and ex.source.path == m.path for ex, m in zip(read_back, metas, strict=True))
    again = run_cli("build", env=env)
    assert counts(again.stderr) == (3, 0)


def test_an_extraction_read_back_is_placed_where_its_report_is_now(tmp_path):
    meta = catalogue(PROJECT_ROOT / "data" / "reports")[0]
    staged = tmp_path / "staged"
    staged.mkdir()
    for path in (meta.path, meta.meta_path):
        shutil.copy(path, staged / path.name)
    from kg.extract.extractor import Extractor
    from kg.extract.reference import Reference
    from kg.extract.reports import load_meta

    staged_meta = load_meta(staged / meta.meta_path.name)
    ex = Extractor(Reference.load(PROJECT_ROOT / "data" / "reference")).extract(staged_meta)
    ex.skipped.append(Skipped(meta.slug, str(staged_meta.path), 3, "words", "ValueError", "a bug"))
    cache = ExtractionCache(tmp_path / "cache", PROJECT_ROOT / "data" / "reference")
    cache.put(staged_meta, ex)

    back = cache.get(meta)  # the same text and metadata, in another folder: the same key
    assert back is not None and cache.reused == 1
    assert back.meta == meta and back.source.path == meta.path
    assert back.skipped[-1].file == str(meta.path)
    assert dataclasses.replace(back, meta=ex.meta, source=ex.source, skipped=ex.skipped, seconds=ex.seconds) == ex
