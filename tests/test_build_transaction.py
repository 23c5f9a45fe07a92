"""`jjkg build` killed at any moment (kill -9, issue 30): data/ stays byte for byte as it was, the served store is
the one before or the whole new one (never a part), and the retry succeeds. The moments are spread over a whole
build (reading, extracting, SHACL, writing the store, publishing), each a build of a changed input."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from kg.pipeline.staging import STAGING
from kg.settings import PROJECT_ROOT
from kg.store import embedded as store

MOMENTS = 20
RETRY_EVERY = 4  # a full retry after every 4th kill (and the last): each is a whole build, and the suite has 15 min
REPORT = FIXTURES / "other" / "jinjiang-2026-traditional.txt"


def data_on_disk(data: Path) -> dict[str, bytes]:
    """Every file of data/ a build reads, byte for byte (hidden ones — the write lock — left out)."""
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data).parts)}


def served(env) -> tuple[str, dict]:
    link = Path(env["JJKG_VAR_DIR"]) / "store"
    published = store.current(link)
    assert published is not None, "the store link points at no whole store"
    return os.readlink(link), published.manifest


def killed_after(delay: float, env: dict[str, str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build"], cwd=PROJECT_ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def revise(data: Path, n: int) -> None:
    """A report edited by hand in data/reports/ (its title): the next build has a new input to publish."""
    (data / "reports" / REPORT.name).write_bytes(REPORT.read_bytes())
    (data / "reports" / REPORT.with_suffix(".meta.yaml").name).write_text(
        f"slug: jinjiangshi-2026\ntitle: 晋江市2026年政府工作报告（第{n}稿）\nplan_year: 2026\nplace: jinjiangshi\n",
        encoding="utf-8")


@pytest.mark.slow
def test_kill_9_of_build_at_20_moments_leaves_data_and_the_served_graph_whole(built_bare, data_copy):
    """Over a data/ with no report but the one revised each time (built_bare): a build takes about 60 % of the time
    it takes over the real reports, and the moments scale with it."""
    env = built_bare
    revise(data_copy, 0)
    started = time.perf_counter()
    assert run_cli("build", env=env).returncode == 0
    whole = time.perf_counter() - started  # a build from start to publish, here
    # 20 moments from the interpreter's start to just past the publish, in a random order.
    moments = random.Random(30).sample([round(0.1 + (whole + 0.3) * i / (MOMENTS - 1), 2) for i in range(MOMENTS)],
                                       MOMENTS)
    for n, delay in enumerate(moments, start=1):
        revise(data_copy, n)
        before_disk, (before_store, before) = data_on_disk(data_copy), served(env)
        killed_after(delay, env)
        assert data_on_disk(data_copy) == before_disk, f"killed after {delay} s"
        assert not (data_copy / STAGING).exists()
        store_now, _manifest = served(env)  # the old store or a whole new one (`served` opens it)
        if n % RETRY_EVERY and n != MOMENTS:
            continue  # the next kill starts from what this one left; every few, a retry must finish the job
        retry = run_cli("build", "--if-stale", env=env)  # builds again unless the killed run had published
        assert retry.returncode == 0, f"killed after {delay} s; the retry: {retry.stderr}"
        assert ("up to date" in retry.stderr) == (store_now != before_store), (delay, retry.stderr)
        after = served(env)[1]
        assert after["inputs"] != before["inputs"] and "jinjiangshi-2026" in after["reports"], delay
    assert run_cli("build", "--if-stale", env=env).stderr.strip().endswith("graph is up to date")
