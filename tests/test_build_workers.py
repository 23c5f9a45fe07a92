"""Reports extracted in worker processes (JJKG_BUILD_WORKERS, kg/graph/build.extract_all) are the same records as
extracted in the build's own process, in the same order, and a report that cannot be extracted fails the build with
the same error. The pool is forced on here (it starts from 1 MB of text, more than the seeds)."""

from __future__ import annotations

import dataclasses

import pytest

from kg.errors import InputError
from kg.graph import build as graph_build
from kg.graph.build import make_graph
from kg.settings import Settings


def _records(built) -> list:
    return [dataclasses.replace(ex, seconds=0.0) for ex in built.extractions]


@pytest.fixture
def pools(monkeypatch) -> list:
    """The pool forced on whatever the text's size; the pools started are listed."""
    monkeypatch.setattr(graph_build, "POOL_FROM_BYTES", 0)
    started: list = []
    real = graph_build.ProcessPoolExecutor
    monkeypatch.setattr(graph_build, "ProcessPoolExecutor", lambda *a, **k: started.append(a) or real(*a, **k))
    return started


def test_reports_extracted_in_workers_are_the_same_records(pools, reference):
    settings = Settings.from_env()
    alone = make_graph(dataclasses.replace(settings, build_workers=1), ref=reference)
    assert not pools
    pooled = make_graph(dataclasses.replace(settings, build_workers=2), ref=reference)
    assert len(pools) == 1
    assert [ex.meta.slug for ex in pooled.extractions] == [ex.meta.slug for ex in alone.extractions]
    assert _records(pooled) == _records(alone)
    assert all(ex.seconds > 0 for ex in pooled.extractions)
    assert len(pooled.union) == len(alone.union)


def test_a_report_failing_in_a_worker_fails_the_build_with_its_own_error(pools, data_copy):
    meta = next((data_copy / "reports").glob("*.meta.yaml"))
    meta.write_text(meta.read_text(encoding="utf-8").replace("place: jinjiangshi", "place: nowhere-at-all"),
                    encoding="utf-8")
    settings = dataclasses.replace(Settings.from_env(), data_dir=data_copy)
    with pytest.raises(InputError) as alone:
        make_graph(dataclasses.replace(settings, build_workers=1))
    with pytest.raises(InputError) as pooled:
        make_graph(dataclasses.replace(settings, build_workers=2))
    assert len(pools) == 1
    assert str(pooled.value) == str(alone.value)
    assert "nowhere-at-all" in str(pooled.value)
