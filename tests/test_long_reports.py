"""A long report is one graph like a short one: a section number printed twice (two parts of one text, a long
text) must not merge two sections' IRIs. Speed is measured by bench/long_report.py, never asserted here."""

from __future__ import annotations

import dataclasses
import shutil

from conftest import FIXTURES

from kg.graph.build import check, make_graph
from kg.settings import PROJECT_ROOT, Settings

PLAIN = (FIXTURES / "formats" / "report.txt").read_text(encoding="utf-8")


def test_a_report_whose_sections_are_numbered_twice_is_one_conforming_graph(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", data / "reference")
    (data / "reports").mkdir()
    second = PLAIN.replace("5.8%", "6.3%").replace("260个", "310个").replace("900套", "1100套")
    (data / "reports" / "twice.txt").write_text(PLAIN + "\n" + second, encoding="utf-8")
    (data / "reports" / "twice.meta.yaml").write_text(
        "slug: jinjiangshi-2026\ntitle: 两部分\nplan_year: 2026\nplace: jinjiangshi\n", encoding="utf-8")
    built = make_graph(dataclasses.replace(Settings.from_env(), data_dir=data))
    [ex] = built.extractions
    keys = [s.key for s in ex.sections]
    assert keys == sorted(set(keys), key=keys.index) and len(keys) == 4, keys
    assert {"s01", "s01r2", "s02", "s02r2"} == set(keys)
    assert len({g.key for g in ex.goals}) == len(ex.goals) >= 38  # the second title line is a statement too
    report = check(built)
    assert report.conforms and not built.dropped, report.text()
