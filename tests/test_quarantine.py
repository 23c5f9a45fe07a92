"""A bug of ours must not cost the user a report: a fact that extraction made malformed is dropped with a warning
naming the sentence and the shape, and the report is added; a graph that fails the shapes for any other reason
still blocks publication. Driven through `jjkg ingest` in this process, with the extractor (or the emitter, for
the other reason) made to misbehave."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from kg import cli
from kg.extract.extractor import Extractor
from kg.graph.emit import Emitter
from kg.graph.namespaces import JJO

PLAIN = FIXTURES / "formats" / "report.txt"
SENTENCE = "实施15个老旧小区改造工程。"
REPORT = "https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2026"


@pytest.fixture
def env(tmp_path, data_copy):
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}


def _ingest(env, *args):
    result = CliRunner().invoke(cli.main, ["ingest", str(PLAIN), "--year", "2026", *args], env=env)
    return result


def _query(env, sparql: str) -> list[dict]:
    result = CliRunner().invoke(cli.main, ["query", sparql, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["results"]["bindings"]


@pytest.fixture
def malformed_growth(monkeypatch):
    """The recogniser's bug: a count in the sentence SENTENCE also read as a growth rate (in 个, not percent),
    which jjs:FigureShape refuses."""
    original = Extractor._goal

    def goal(self, meta, item, kind, *rest):
        record = original(self, meta, item, kind, *rest)
        if record.text == SENTENCE and meta.slug == "jinjiangshi-2026":
            count = record.figures[0]
            record.figures.append(dataclasses.replace(count, statistic="growth", indicator="老旧小区改造工程增长",
                                                      indicator_base="老旧小区改造工程增长"))
        return record

    monkeypatch.setattr(Extractor, "_goal", goal)


def test_a_malformed_fact_is_dropped_with_a_warning_and_the_report_is_added(env, malformed_growth):
    result = _ingest(env)
    assert result.exit_code == 0, result.output
    stderr = result.stderr
    assert "warning: dropped" in stderr and "jjs:FigureShape" in stderr, stderr
    assert f"jinjiangshi-2026:19: “{SENTENCE}”" in stderr, stderr
    assert "a growth rate or a share of the plan is in percent" in stderr
    assert "1 fact(s) dropped" in stderr and "added jinjiangshi-2026" in stderr
    # The report is there with its other figures; the malformed one is not; the count of the same words is.
    rows = _query(env, f"""SELECT ?f ?stat WHERE {{ ?f jjo:report <{REPORT}> ; jjo:statistic ?stat ;
                            prov:wasDerivedFrom/oa:hasSelector/oa:exact "15个" }}""")
    assert [r["stat"]["value"] for r in rows] == [str(JJO.Level)]
    assert len(_query(env, f"SELECT ?f WHERE {{ ?f a jjo:Figure ; jjo:report <{REPORT}> }}")) == 14
    manifest = json.loads((Path(env["JJKG_VAR_DIR"]) / "store" / "manifest.json").read_text(encoding="utf-8"))
    assert [(d["report"], d["line"], d["sentence"]) for d in manifest["dropped"]] == [
        ("jinjiangshi-2026", 19, SENTENCE)]


def test_a_graph_failing_for_another_reason_still_blocks_publication(env, data_copy, monkeypatch):
    """A report's own metadata is not an extraction fault: without its plan year nothing is published."""
    original = Emitter.report

    def report(self, ex, linked):
        g = original(self, ex, linked)
        if ex.meta.slug == "jinjiangshi-2026":
            g.remove((None, JJO.planYear, None))
        return g

    monkeypatch.setattr(Emitter, "report", report)
    before = sorted(p.name for p in (data_copy / "reports").iterdir())
    result = _ingest(env)
    assert result.exit_code == 1
    assert "does not conform to the shapes; nothing was published" in result.stderr
    assert "jjs:ReportShape" in result.stderr and "dropped" not in result.stderr
    assert sorted(p.name for p in (data_copy / "reports").iterdir()) == before
    assert not (Path(env["JJKG_VAR_DIR"]) / "store").exists()


def test_a_build_prints_what_it_dropped(env, malformed_growth):
    assert _ingest(env).exit_code == 0
    result = CliRunner().invoke(cli.main, ["build"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning: dropped") == 1 and SENTENCE in result.stderr


def test_what_is_dropped_and_why_does_not_depend_on_the_order_the_engine_reports_in(reference):
    """Two violations on each of two extracted figures, reported in opposite orders: the same drops, named by the
    same violations, in the same order (the engine's order follows Python's set order, which changes from run to
    run)."""
    from rdflib import URIRef

    from kg.graph.build import make_graph
    from kg.graph.quarantine import gate
    from kg.graph.validate import ValidationReport, Violation
    from kg.settings import Settings

    def drops(reverse: bool) -> list[tuple[str, str, str]]:
        built = make_graph(Settings.from_env(), ref=reference)
        figures = sorted({s for s in built.union.subjects(None, JJO.Figure)})[:2]
        violations = [Violation(shape, "jjo:value", message, str(f), "", "Violation", URIRef(f))
                      for f in figures for shape, message in (("jjs:A", "first"), ("jjs:B", "second"))]
        rounds = iter([violations[::-1] if reverse else violations, []])

        def check(_data, _shapes):
            found = next(rounds)
            return ValidationReport(not found, found, 0)

        _report, dropped = gate(built.dataset, built.union, None, check=check)
        return [(d.node, d.shape, d.message) for d in dropped]

    forward = drops(False)
    assert forward == drops(True)
    assert [(shape, message) for _node, shape, message in forward] == [("jjs:A", "first")] * 2
