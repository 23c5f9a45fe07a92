"""A near-duplicate is refused like a duplicate (issue 30): the first 85 % (or 60 %) of a report already in, saved
as a new file, went in as a new report (105 goals twice). `jjkg ingest` refuses a text when a share of its statements
(JJKG_NEAR_DUPLICATE_SHARE, 60 %) are one stored report's, naming the user's file and that report; `--replace
--slug` is the way to replace it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, reports_on_disk, run_cli

from kg.extract.fingerprint import fingerprint
from kg.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "data" / "reports"
DIGEST_2025 = REPORTS / "000_4f93ed80d38190e7.txt"  # jinjiangshi-2025
DIGEST_2024 = REPORTS / "001_d3d386ef33043f5b.txt"  # jinjiangshi-2024
ZHAOAN = FIXTURES / "meta" / "zhaoan-2023-formal.txt"  # names its government and years: no option needed


def first_part(path: Path, share: float) -> str:
    """The first `share` of a report's lines: as a user saves the part of a page that had loaded."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(lines[:round(len(lines) * share)])


def served(env) -> list[str]:
    return json.loads((Path(env["JJKG_VAR_DIR"]) / "store" / "manifest.json").read_text(encoding="utf-8"))["reports"]


def test_statements_of_a_part_are_all_in_the_whole_and_other_reports_share_few():
    whole = fingerprint(DIGEST_2025.read_text(encoding="utf-8"))
    for share in (0.85, 0.6):
        part = fingerprint(first_part(DIGEST_2025, share))
        assert not part.matches(whole) and part.share_in(whole) > 0.95
    assert fingerprint(DIGEST_2024.read_text(encoding="utf-8")).share_in(whole) < 0.1  # the year before
    for other in sorted((FIXTURES / "meta").glob("*.txt")) + [FIXTURES / "other" / "jinjiang-2026-traditional.txt"]:
        assert fingerprint(other.read_text(encoding="utf-8")).share_in(whole) < 0.1, other.name


@pytest.fixture
def env(built_copy):
    return built_copy


def test_most_of_a_report_already_in_is_refused_naming_the_file_and_the_report(env, data_copy, tmp_path):
    before, store = reports_on_disk(data_copy), served(env)
    for share in (0.85, 0.6):
        part = tmp_path / f"jinjiang-{round(share * 100)}.txt"
        part.write_text(first_part(DIGEST_2025, share), encoding="utf-8")
        res = run_cli("ingest", str(part), "--year", "2026", "--place", "晋江市", env=env)
        assert res.returncode == 1, res.stderr
        said = re.search(rf"{re.escape(str(part))}: a near-duplicate of report jinjiangshi-2025 "
                         rf"\({DIGEST_2025.name}, plan year 2025\): (\d+)% of its statements are that report's",
                         res.stderr)
        assert said and int(said.group(1)) >= 95, res.stderr  # all but the statement the cut went through
        assert "pass --replace --slug jinjiangshi-2025" in res.stderr and "Traceback" not in res.stderr
        assert reports_on_disk(data_copy) == before and served(env) == store
    # From a folder: a report and its first 85 %, the part refused in its row (named by the report's slug, which
    # is in no file yet), the whole report added.
    folder = tmp_path / "add"
    folder.mkdir()
    (folder / "a-whole.txt").write_text(ZHAOAN.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-part.txt").write_text(first_part(ZHAOAN, 0.85), encoding="utf-8")
    res = run_cli("ingest", str(folder), "--format", "tsv", env=env)
    rows = {line.split("\t")[0]: line for line in res.stdout.splitlines()}
    assert res.returncode == 1 and "a near-duplicate of report zhaoanxian-2023: " in rows["b-part.txt"], res.stderr
    assert "add this file alone with --replace --slug zhaoanxian-2023" in rows["b-part.txt"]
    assert "zhaoanxian-2023" in served(env) and set(reports_on_disk(data_copy)) == set(before) | {
        "zhaoanxian-2023.txt", "zhaoanxian-2023.meta.yaml"}
    # --replace --slug replaces the report it is most of.
    res = run_cli("ingest", str(part), "--year", "2025", "--place", "晋江市", "--slug", "jinjiangshi-2025",
                  "--replace", env=env)
    assert res.returncode == 0, res.stderr
    assert "added jinjiangshi-2025" in res.stderr and served(env).count("jinjiangshi-2025") == 1
    assert part.name in reports_on_disk(data_copy) and DIGEST_2025.name not in reports_on_disk(data_copy)
