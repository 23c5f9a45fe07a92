"""`--replace` replaces the report of the same slug and no other: a file named like a stored report, given
another year, used to be told "rename the file or pass --replace", and with --replace the 2024 report became
2026's. The duplicate check comes first and names the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, reports_on_disk, run_cli

REPORT_2024 = "001_d3d386ef33043f5b"  # jinjiangshi-2024
TEXT_2026 = (FIXTURES / "other" / "jinjiang-2026-traditional.txt").read_text(encoding="utf-8")


@pytest.fixture
def env(built_copy):
    return built_copy


def served(env) -> list[str]:
    return json.loads((Path(env["JJKG_VAR_DIR"]) / "store" / "manifest.json").read_text(encoding="utf-8"))["reports"]


@pytest.mark.parametrize("replace", [(), ("--replace",)])
def test_a_stored_reports_text_under_another_year_is_refused_naming_it(env, data_copy, tmp_path, replace):
    copy = tmp_path / f"{REPORT_2024}.txt"
    copy.write_bytes((data_copy / "reports" / copy.name).read_bytes())
    before = reports_on_disk(data_copy)
    res = run_cli("ingest", str(copy), "--year", "2026", *replace, env=env)
    assert res.returncode == 1, res.stderr
    assert f"{copy}: the same text as report jinjiangshi-2024 ({copy.name}, plan year 2024)" in res.stderr
    assert "rename the file" not in res.stderr
    assert reports_on_disk(data_copy) == before and "jinjiangshi-2024" in served(env)


def test_a_new_report_in_a_file_named_like_a_stored_one_goes_in_beside_it(env, data_copy, tmp_path):
    other = tmp_path / f"{REPORT_2024}.txt"  # the 2026 report, in a file that happens to have that name
    other.write_text(TEXT_2026, encoding="utf-8")
    before = reports_on_disk(data_copy)
    for replace in ((), ("--replace",)):
        res = run_cli("ingest", str(other), "--year", "2026", "--place", "晋江市", *replace, env=env)
        assert res.returncode == 0, res.stderr
        assert "added jinjiangshi-2026 (jinjiangshi-2026.txt)" in res.stderr
        after = reports_on_disk(data_copy)
        assert {name: after[name] for name in before} == before  # the 2024 report untouched, byte for byte
        assert {"jinjiangshi-2024", "jinjiangshi-2026"} <= set(served(env))
    assert set(after) == set(before) | {"jinjiangshi-2026.txt", "jinjiangshi-2026.meta.yaml"}


def test_replace_replaces_the_report_of_its_slug(env, data_copy, tmp_path):
    first = tmp_path / "jinjiang-2026.txt"
    first.write_text(TEXT_2026, encoding="utf-8")
    assert run_cli("ingest", str(first), "--year", "2026", "--place", "晋江市", env=env).returncode == 0
    second = tmp_path / "jinjiang-2026-revised.txt"
    second.write_text(first.read_text(encoding="utf-8") + "\n（修订稿）\n", encoding="utf-8")
    res = run_cli("ingest", str(second), "--year", "2026", "--place", "晋江市", env=env)
    assert res.returncode == 1 and "the same text as report jinjiangshi-2026" in res.stderr  # near enough
    assert "pass --replace --slug jinjiangshi-2026" in res.stderr
    other_text = FIXTURES / "meta" / "zhaoan-2023-formal.txt"  # a text of its own, given a slug that is taken
    other_year = run_cli("ingest", str(other_text), "--year", "2024", "--place", "晋江市", env=env)
    assert other_year.returncode == 1 and "a report with slug 'jinjiangshi-2024' exists" in other_year.stderr
    res = run_cli("ingest", str(second), "--year", "2026", "--place", "晋江市", "--replace", env=env)
    assert res.returncode == 0, res.stderr
    names = set(reports_on_disk(data_copy))
    assert "jinjiang-2026-revised.txt" in names and "jinjiang-2026.txt" not in names
    assert f"{REPORT_2024}.txt" in names and served(env).count("jinjiangshi-2026") == 1
