"""Two writers at once (`jjkg build`, `jjkg ingest`): the second waits for the first, or gives up after
JJKG_WRITE_WAIT with a clear error; either way no report is lost from the served graph."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from deadlines import wait_until

from kg.pipeline.writer_lock import LOCK_NAME
from kg.settings import PROJECT_ROOT

NEW_REPORT = FIXTURES / "other" / "jinjiang-2026-traditional.txt"


@pytest.fixture
def env(tmp_path, data_copy):
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}
    assert run_cli("build", env=env).returncode == 0
    return env


def served_reports(env) -> list[str]:
    store = Path(env["JJKG_VAR_DIR"]) / "store"
    return json.loads((store / "manifest.json").read_text(encoding="utf-8"))["reports"]


def reports_on_disk(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (data / "reports").iterdir()}


class Running:
    """A `jjkg` command in a child process, its standard error collected line by line as it comes."""

    def __init__(self, *args: str, env: dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=PROJECT_ROOT,
                                     env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def said(self, words: str) -> bool:
        return any(words in line for line in self.lines)

    def finish(self) -> tuple[int, str]:
        code = self.proc.wait(timeout=300)
        self._reader.join(timeout=10)
        return code, "".join(self.lines)


def holding_the_lock(data: Path, env: dict[str, str]) -> Running:
    """A build that has taken the write lock, then stopped (SIGSTOP) as a long build over a big corpus would be."""
    # An input changed, so the build really builds and publishes.
    (data / "reports" / "000_4f93ed80d38190e7.meta.yaml").open("a", encoding="utf-8").write("# touched\n")
    build = Running("build", env=env)
    lock = data / LOCK_NAME
    wait_until(lambda: f"pid {build.proc.pid} (jjkg build" in lock.read_text(encoding="utf-8"), 120,
               lambda: f"the build never took the lock: {lock.read_text(encoding='utf-8')!r} {build.lines}")
    build.proc.send_signal(signal.SIGSTOP)
    return build


def test_a_second_writer_gives_up_after_the_wait_with_a_clear_error_and_changes_nothing(env, data_copy):
    build = holding_the_lock(data_copy, env)
    try:
        before = reports_on_disk(data_copy)
        refused = run_cli("ingest", str(NEW_REPORT), "--year", "2026", env={**env, "JJKG_WRITE_WAIT": "1"})
        assert refused.returncode == 1, refused.stderr
        assert f"waiting for pid {build.proc.pid} (jjkg build, since " in refused.stderr
        waits = [line for line in refused.stderr.splitlines() if line.startswith("waiting for")]
        assert len(waits) == 1  # one message, not one per poll
        assert f"gave up after 1 s waiting for pid {build.proc.pid} (jjkg build" in refused.stderr
        assert "nothing was changed" in refused.stderr and "Traceback" not in refused.stderr
        assert reports_on_disk(data_copy) == before
    finally:
        build.proc.send_signal(signal.SIGCONT)
    assert build.finish()[0] == 0
    assert "jinjiangshi-2026" not in served_reports(env)


def test_a_second_writer_waits_and_nothing_is_lost(env, data_copy):
    """The failure this prevents: an ingest published while an older build ran, then the build published last
    without the new report."""
    build = holding_the_lock(data_copy, env)
    try:
        ingest = Running("ingest", str(NEW_REPORT), "--year", "2026", env=env)
        wait_until(lambda: ingest.said("waiting for"), 120, lambda: f"the ingest did not wait: {ingest.lines}")
    finally:
        build.proc.send_signal(signal.SIGCONT)
    assert build.finish()[0] == 0
    code, said = ingest.finish()
    assert code == 0, said
    assert f"waiting for pid {build.proc.pid} (jjkg build, since " in said and "added jinjiangshi-2026" in said
    assert "jinjiangshi-2026" in served_reports(env)  # the newer report is in the served graph
    again = run_cli("build", "--if-stale", env=env)  # and what is served is what data/ holds
    assert again.returncode == 0 and "up to date" in again.stderr, again.stderr


def test_build_if_stale_waits_too(env, data_copy):
    """`make serve` runs `jjkg build --if-stale`: it must not judge staleness while an ingest is half-way."""
    build = holding_the_lock(data_copy, env)
    try:
        res = run_cli("build", "--if-stale", env={**env, "JJKG_WRITE_WAIT": "0.5"})
        assert res.returncode == 1 and f"waiting for pid {build.proc.pid}" in res.stderr, res.stderr
    finally:
        build.proc.send_signal(signal.SIGCONT)
    assert build.finish()[0] == 0
