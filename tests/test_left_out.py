"""Numbers read and kept as no figure (issue 28: precision first — no figure rather than a wrong one — and say
so): the recogniser and the extractor say why, and a build lists them beside the published store in left-out.tsv
with the file and line of their words."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli

from kg.extract.recognise.figures import AN_INCREMENT, NO_CLEAN_NAME, OVER_A_PERIOD, FigureRecogniser
from kg.pipeline.left_out import COLUMNS, LEFT_OUT


@pytest.fixture(scope="module")
def recogniser(reference) -> FigureRecogniser:
    return FigureRecogniser(reference)


@pytest.mark.parametrize(("text", "words", "reason"), [
    ("税收收入比上年增加320亿元，达到5100亿元", "320亿元", AN_INCREMENT),
    ("五年来粮食产量年均增长2.1%", "2.1%", OVER_A_PERIOD),
    ("同时追加中央预算内投资60亿元", "60亿元", NO_CLEAN_NAME),
])
def test_the_recogniser_says_why_a_number_is_no_figure(recogniser, text, words, reason):
    recogniser.find(text)
    left = [(text[n.start:n.end], n.reason) for n in recogniser.left_out]
    assert (words, reason) in left


def test_a_figure_kept_is_not_left_out(recogniser):
    text = "税收收入比上年增加320亿元，达到5100亿元"
    kept = [text[f.start:f.end] for f in recogniser.find(text)]
    assert "5100亿元" in kept and "5100亿元" not in [text[n.start:n.end] for n in recogniser.left_out]


REPORT = """2031年青溪县人民政府工作报告

一、2030年工作回顾

过去一年，全县地区生产总值达到412亿元，增长6.2%。一般公共预算收入比上年增加2.4亿元，达到31.6亿元。

二、2031年工作安排

今年全县发展的主要预期目标是：地区生产总值增长6%左右。同时追加县级财政投资8亿元。
"""
META = """slug: qingxixian-2031
title: 2031年青溪县人民政府工作报告
report_title: 2031年青溪县人民政府工作报告
publisher: 青溪县人民政府
author: ""
delivered: 2031-01-10
plan_year: 2031
review_year: 2030
place: jinjiangshi
language: zh
"""


def test_a_build_lists_what_it_left_out_beside_the_store(tmp_path, data_copy):
    (data_copy / "reports" / "900_left_out.txt").write_text(REPORT, encoding="utf-8")
    (data_copy / "reports" / "900_left_out.meta.yaml").write_text(META, encoding="utf-8")
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var"), "JJKG_EXTRACT_CACHE": "off"}
    done = run_cli("build", env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    store = (tmp_path / "var" / "store").resolve()
    assert f"kept as no figure, each with why: {store / LEFT_OUT}" in done.stderr
    with (store / LEFT_OUT).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert tuple(rows[0]) == COLUMNS
    mine = {(r["words"], r["reason"]): r for r in rows if r["report"] == "qingxixian-2031"}
    increment = mine[("2.4亿元", AN_INCREMENT)]
    assert Path(increment["file"]).name == "900_left_out.txt"
    line = REPORT.splitlines()[int(increment["line"]) - 1]
    assert "2.4亿元" in line  # the line its words stand on
    assert ("8亿元", NO_CLEAN_NAME) in mine
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["found"]["qingxixian-2031"]["left_out"] == len(mine)
