"""What `jjkg ingest` refuses before reading a byte (a pipe, a device, a socket, a file over
JJKG_MAX_REPORT_BYTES) or after decoding (a text with too little Chinese): one clear line naming the user's file,
never a path under data/, and data/reports/ unchanged."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from kg.settings import PROJECT_ROOT

REPORT = FIXTURES / "other" / "jinjiang-2026-traditional.txt"


@pytest.fixture
def env(tmp_path, data_copy):
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}


def on_disk(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (data / "reports").iterdir()}


def refused(path: Path | str, env: dict[str, str], *options: str) -> str:
    """Run `jjkg ingest PATH`; a run that read a pipe or /dev/zero would hang or grow without end, so the child
    is bounded (a guard against hanging, not a speed) and must end with one error line."""
    res = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(path), *options], cwd=PROJECT_ROOT,
                         env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and str(Path(env["JJKG_DATA_DIR"])) not in res.stderr, res.stderr
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: "), res.stderr
    return errors[0]


def test_a_device_is_refused_without_reading_it(env, data_copy):
    before = on_disk(data_copy)
    assert "is a character device, not a file" in refused("/dev/zero", env, "--place", "晋江市", "--year", "2026")
    assert on_disk(data_copy) == before


def test_a_named_pipe_is_refused_without_opening_it(env, tmp_path):
    pipe = tmp_path / "report.txt"
    os.mkfifo(pipe)  # opening it would wait for a writer for ever
    assert "is a named pipe, not a file" in refused(pipe, env, "--year", "2026")


def test_a_socket_is_refused(env, tmp_path):
    path = tmp_path / "s.txt"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        assert "is a socket, not a file" in refused(path, env, "--year", "2026")


def test_a_file_over_the_size_limit_is_refused_before_reading(env, tmp_path, data_copy):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(10 * 2**20)  # 10 MB of holes: its size is what is checked, not its bytes
    line = refused(big, env, "--year", "2026")
    assert "10,485,760 bytes, over the limit of 5,000,000 (JJKG_MAX_REPORT_BYTES)" in line
    small_limit = refused(REPORT, {**env, "JJKG_MAX_REPORT_BYTES": "100"}, "--year", "2026")
    assert "over the limit of 100 " in small_limit
    assert run_cli("build", env={**env, "JJKG_MAX_REPORT_BYTES": "soon"}).returncode == 1


def test_a_text_with_too_little_chinese_is_refused(env, tmp_path):
    english = tmp_path / "report.txt"
    english.write_text("Government Work Report 2026\n\nGDP grew by 5.8% and 260 projects were built.\n" * 20 +
                       "晋江市人民政府\n", encoding="utf-8")
    line = refused(english, env, "--place", "晋江市", "--year", "2026")
    assert "has too little Chinese" in line and "at least 30% needed" in line


def test_errors_name_the_users_file_never_one_under_data(env, tmp_path):
    """`jjkg ingest /etc/passwd` used to say `<data>/reports/passwd.txt: no goals found`."""
    assert "has too little Chinese" in refused("/etc/passwd", env, "--place", "晋江市", "--year", "2026")
    no_goals = tmp_path / "notes.txt"
    no_goals.write_text("晋江市2026年政府工作报告\n\n各位代表：今天天气很好，我们一起开会。\n", encoding="utf-8")
    assert "no goals found" in refused(no_goals, env, "--place", "晋江市", "--year", "2026")


def test_a_control_character_in_the_file_name_does_not_reach_data(env, tmp_path, data_copy):
    odd = tmp_path / "a\x1bb.txt"  # an ESC: YAML refuses it, even in a comment
    odd.write_bytes(REPORT.read_bytes())
    res = run_cli("ingest", str(odd), "--year", "2026", env=env)
    assert res.returncode == 0, res.stderr
    assert "added jinjiangshi-2026 (jinjiangshi-2026.txt)" in res.stderr
    assert all(name.isprintable() for name in on_disk(data_copy))


def test_a_folder_refuses_those_files_and_adds_the_others(env, tmp_path, data_copy):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "english.txt").write_text("Government Work Report of Jinjiang, 2026. " * 50, encoding="utf-8")
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(6_000_000)
    os.mkfifo(folder / "pipe.txt")  # not a file: not a report of the folder at all
    res = run_cli("ingest", str(folder), "--format", "tsv", env=env)
    assert res.returncode == 1, res.stderr
    rows = {line.split("\t")[0]: line for line in res.stdout.splitlines()[1:]}
    assert set(rows) == {"english.txt", "huge.txt"}
    assert "too little Chinese" in rows["english.txt"] and "JJKG_MAX_REPORT_BYTES" in rows["huge.txt"]
