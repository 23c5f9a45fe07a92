"""A build whose reports are extracted on a Dask cluster (JJKG_SCHEDULER, `jjkg build --scheduler`,
kg/graph/cluster.py) publishes the same graph as a build on this machine; a scheduler that cannot be reached is a
clear error that publishes nothing. The cluster is a LocalCluster of worker processes, started here."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest
from conftest import run_cli

from kg.pipeline.build import build
from kg.settings import Settings
from kg.store.embedded import current, open_read_only


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running.scheduler_address


def quads(var_dir) -> tuple[set, int]:
    """The store's quads without blank nodes, and how many have one (their labels differ from build to build)."""
    plain, blank = set(), 0
    for q in open_read_only(var_dir / "store").quads_for_pattern(None, None, None, None):
        if any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)):
            blank += 1
        else:
            plain.add(q)
    return plain, blank


def untimed(found: dict) -> dict:
    return {slug: {k: v for k, v in summary.items() if k != "seconds"} for slug, summary in found.items()}


def test_a_build_on_a_local_cluster_publishes_the_same_graph(cluster, tmp_path):
    settings = Settings.from_env()
    here = dataclasses.replace(settings, var_dir=tmp_path / "here")
    there = dataclasses.replace(settings, var_dir=tmp_path / "there", scheduler=cluster)
    lines: list[str] = []
    built_here, built_there = build(here), build(there, progress=lines.append)
    assert any(line.endswith("(cluster)") for line in lines)  # its reports were extracted by the cluster
    assert built_there["quads"] == built_here["quads"]
    assert untimed(built_there["found"]) == untimed(built_here["found"])  # what each report yielded
    assert quads(here.var_dir) == quads(there.var_dir)


def test_a_scheduler_that_cannot_be_reached_is_a_clear_error(data_copy, tmp_path):
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}
    done = run_cli("build", "--scheduler", "tcp://127.0.0.1:9", env=env)
    assert done.returncode == 1, done.stderr
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in done.stderr
    assert "Traceback" not in done.stderr
    assert current(tmp_path / "var" / "store") is None  # nothing published
