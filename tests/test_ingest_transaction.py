"""`jjkg ingest` as a transaction (kg/pipeline/staging.py): killed at any moment, it leaves data/reports/ exactly
as it was and the served store as it was or fully updated; the retry succeeds; what a killed run left staged is
undone, or finished when its store was published, by the next writer, which says so in one line."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, reports_on_disk, run_cli

from kg.pipeline.staging import STAGING
from kg.settings import PROJECT_ROOT, Settings

JINJIANG_2026 = FIXTURES / "other" / "jinjiang-2026-traditional.txt"
# Reports added one by one as the kills go on, with the options each needs, and the slug it gets.
NEW = [(JINJIANG_2026, ("--year", "2026"), "jinjiangshi-2026"),
       (FIXTURES / "meta" / "zhaoan-2023-formal.txt", (), "zhaoanxian-2023"),
       (FIXTURES / "meta" / "shishi-2023-news-traditional.txt", (), "shishishi-2023"),
       (FIXTURES / "meta" / "fujian-2023-province.txt", (), "fujiansheng-2023")]
# Then the first one again with --replace: the report it replaces must stay until the replacement is published.
REPLACE = (JINJIANG_2026, ("--year", "2026", "--replace"), "jinjiangshi-2026")


@pytest.fixture
def env(built_copy):
    return built_copy


def published(env) -> tuple[str, dict]:
    link = Path(env["JJKG_VAR_DIR"]) / "store"
    return os.readlink(link), json.loads((link / "manifest.json").read_text(encoding="utf-8"))


MOMENTS = 20
RETRY_EVERY = 4  # a retry after every 4th kill (and the last); between, the next kill's run is the next writer


def killed_after(delay: float, args: tuple[str, ...], env: dict[str, str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "ingest", *args], cwd=PROJECT_ROOT,
                            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def added(env, data: Path, source: Path, slug: str) -> None:
    """The report is served and in data/reports/, and nothing is left staged."""
    assert not (data / STAGING).exists()
    assert slug in published(env)[1]["reports"] and f"{source.stem}.txt" in reports_on_disk(data)


@pytest.mark.slow
def test_kill_9_of_ingest_at_20_moments_leaves_data_and_the_served_graph_whole(built_bare, data_copy):
    """Each kill interrupts the ingest of the report next in the plan. Killed before its publish, it must have
    left data/reports/ byte for byte as it was and the served store as it was; the next ingest of the same report
    (the next kill's run, or every RETRY_EVERY kills a run left to finish) undoes what it staged, and the retry
    succeeds. Killed after its publish, the next writer finishes the job. A retry after every kill would double
    the test's time (each is a whole ingest, with its build): the kills in between are themselves next writers.
    The data/ it starts from holds no report (built_bare): each ingest then takes about 60 % of the time."""
    env = built_bare
    source, options, slug = NEW[0]
    started = time.perf_counter()
    first = run_cli("ingest", str(source), *options, env=env)
    whole = time.perf_counter() - started  # an ingest from the interpreter's start to its publish, here
    assert first.returncode == 0 and f"added {slug}" in first.stderr, first.stderr
    added(env, data_copy, source, slug)
    # 20 moments from the interpreter's start to just past the publish, in a random order.
    moments = random.Random(30).sample([round(0.1 + (whole + 0.3) * i / (MOMENTS - 1), 2) for i in range(MOMENTS)],
                                       MOMENTS)
    plan = iter(NEW[1:] + [REPLACE] * MOMENTS)
    source, options, slug = next(plan)
    published_by_kills = retries = 0
    for n, delay in enumerate(moments, start=1):
        before_disk, (before_store, before_manifest) = reports_on_disk(data_copy), published(env)
        killed_after(delay, (str(source), *options), env)
        store, manifest = published(env)
        if store != before_store:  # killed after its publish: the store has the report; the next writer finishes
            assert slug in manifest["reports"] and manifest["inputs"] != before_manifest["inputs"] or \
                "--replace" in options, f"killed after {delay} s"
            after = run_cli("build", "--if-stale", env=env)
            assert after.returncode == 0 and "up to date" in after.stderr, after.stderr
            added(env, data_copy, source, slug)
            published_by_kills += 1
            source, options, slug = next(plan)
            continue
        # killed before it: nothing changed, byte for byte (a staged leftover aside, which the next writer undoes)
        assert reports_on_disk(data_copy) == before_disk, f"killed after {delay} s"
        if n % RETRY_EVERY and n != MOMENTS:
            continue
        leftover = (data_copy / STAGING).exists()
        retry = run_cli("ingest", str(source), *options, env=env)
        assert retry.returncode == 0, f"killed after {delay} s; the retry: {retry.stderr}"
        assert f"added {slug}" in retry.stderr
        if leftover or "staged by a run" in retry.stderr:
            assert "removed " in retry.stderr and "staged by a run that ended before publishing" in retry.stderr
        added(env, data_copy, source, slug)
        retries += 1
        source, options, slug = next(plan)
    assert retries >= MOMENTS // RETRY_EVERY - published_by_kills
    assert run_cli("build", "--if-stale", env=env).stderr.strip().endswith("graph is up to date")


def test_a_report_staged_by_a_killed_run_is_removed_and_named_by_the_next_writer(env, data_copy):
    """As a run killed during its build leaves it: the report staged, the store not yet published."""
    from kg.pipeline.ingest import write_report
    from kg.pipeline.staging import Change

    settings = dataclasses.replace(Settings.from_env(), data_dir=data_copy, var_dir=Path(env["JJKG_VAR_DIR"]))
    before = reports_on_disk(data_copy)
    change = Change(settings)
    staged = change.path_for("left-behind.txt")
    write_report(staged, JINJIANG_2026.read_text(encoding="utf-8"), {"slug": "left-behind", "title": "x",
                 "plan_year": 2026, "place": "jinjiangshi"}, (), JINJIANG_2026)
    change.add(staged)
    change.seal()
    res = run_cli("build", "--if-stale", env=env)
    assert res.returncode == 0, res.stderr
    assert f"removed {change.dir}: reports staged by a run that ended before publishing them" in res.stderr
    assert "graph is up to date" in res.stderr  # it was never part of the inputs
    assert reports_on_disk(data_copy) == before and not (data_copy / STAGING).exists()


def test_a_change_whose_store_was_published_is_finished_by_the_next_writer(env, data_copy, monkeypatch):
    """As a run killed between its publish and the moves into data/reports/ leaves it: the next writer moves the
    files, since the served store already holds the report."""
    from kg.pipeline import staging
    from kg.pipeline.ingest import ingest

    def killed(self):  # published, then nothing more: as kill -9 would stop it
        self.published = True
        raise KeyboardInterrupt

    monkeypatch.setattr(staging.Change, "commit", killed)
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_copy, var_dir=Path(env["JJKG_VAR_DIR"]))
    before = reports_on_disk(data_copy)
    with pytest.raises(KeyboardInterrupt):
        ingest(settings, JINJIANG_2026, 2026)
    assert reports_on_disk(data_copy) == before and (data_copy / STAGING).exists()
    assert "jinjiangshi-2026" in published(env)[1]["reports"]
    res = run_cli("build", "--if-stale", env=env)
    assert res.returncode == 0, res.stderr
    assert "finished adding jinjiang-2026-traditional.txt to " in res.stderr and "a killed run had published" \
        in res.stderr
    assert "graph is up to date" in res.stderr  # data/ now is what the store was built from
    assert set(reports_on_disk(data_copy)) == set(before) | {"jinjiang-2026-traditional.txt",
                                                     "jinjiang-2026-traditional.meta.yaml"}
    assert not (data_copy / STAGING).exists()


def test_replace_keeps_the_old_report_until_the_new_one_is_published(env, data_copy, tmp_path):
    """A replacement that fails (here: a text with no goals) leaves the report it was to replace as it was."""
    assert run_cli("ingest", str(JINJIANG_2026), "--year", "2026", env=env).returncode == 0
    before_disk, (before_store, _m) = reports_on_disk(data_copy), published(env)
    bad = tmp_path / "jinjiang-2026-traditional.txt"
    bad.write_text("晋江市2026年政府工作报告\n\n各位代表：今天天气很好。\n", encoding="utf-8")
    res = run_cli("ingest", str(bad), "--year", "2026", "--place", "晋江市", "--replace", env=env)
    assert res.returncode == 1 and f"{bad}: " in res.stderr, res.stderr
    assert reports_on_disk(data_copy) == before_disk and published(env)[0] == before_store
