"""Never a traceback, never a lost report (issue 27): a statement that breaks extraction is skipped with a warning
naming it, the rest of the report goes in; ranks read 'respectively' no longer break it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from kg import cli
from kg.errors import InputError
from kg.extract import extractor as extractor_module
from kg.extract.extractor import Extractor
from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.reports import ReportMeta
from kg.extract.skipped import WORDS_SHOWN, Skipped


@pytest.fixture(scope="module")
def extractor(reference) -> Extractor:
    return Extractor(reference)


def meta_for(path: Path, place: str = "jinjiangshi", plan_year: int = 2031) -> ReportMeta:
    return ReportMeta(f"{place}-{plan_year}", path, path.with_suffix(".meta.yaml"), "t", "t", "", "", None,
                      plan_year, plan_year - 1, place, "zh")


# -- Ranks read 'respectively' (shaanxi-2026: '省属企业营收和利润分别居全国第5、第6位' raised KeyError: 'rank')


def test_ranks_respectively_are_one_rank_per_subject(reference):
    found = FigureRecogniser(reference).find("市属国企营收和净利润分别居全省第3、第7位，新落地项目12个")
    ranks = [(f.indicator, f.value, f.unit, f.statistic) for f in found if f.statistic == "rank"]
    assert ranks == [("市属国企营收", Decimal(3), "rank", "rank"), ("净利润", Decimal(7), "rank", "rank")]


def test_ranks_respectively_keep_their_scope_in_the_span(reference):
    text = "工业投资和技改投资分别居全国第二、第四位"
    spans = [text[f.start:f.end] for f in FigureRecogniser(reference).find(text)]
    assert spans == ["全国第二", "第四位"]


def test_report_with_ranks_respectively_is_extracted(extractor, tmp_path):
    path = tmp_path / "ranks.txt"
    path.write_text("一、2030年工作回顾\n"
                    "深化国资国企改革，市属国企营收和净利润分别居全省第3、第7位，新落地合作项目12个。\n"
                    "二、2031年工作安排\n"
                    "地区生产总值增长6%左右。\n", encoding="utf-8")
    out = extractor.extract(meta_for(path))
    ranks = [(f.indicator_base, f.value, f.kind) for g in out.goals for f in g.figures if f.statistic == "rank"]
    assert ranks == [("市属国企营收", Decimal(3), "result"), ("净利润", Decimal(7), "result")]


# -- One statement that breaks extraction costs that statement, not the report

REPORT = FIXTURES / "formats" / "report.txt"  # jinjiangshi 2026: two sections, five themes, twelve statements
BROKEN = "实施15个老旧小区改造工程。"  # line 19
BROKEN_LINE = 19


class RecogniserBug(RuntimeError):
    pass


def break_on(monkeypatch, words: str, where: str = "find_places") -> None:
    """Make one recogniser raise on the statement that holds `words`, as a bug of ours would."""
    original = getattr(extractor_module, where)

    def recognise(text, *args, **kwargs):
        if words in text:
            raise RecogniserBug("no such unit: 个")
        return original(text, *args, **kwargs)

    monkeypatch.setattr(extractor_module, where, recognise)


def texts(out) -> list[str]:
    return [g.text for g in out.goals]


def test_the_statement_is_skipped_with_a_warning_naming_it(extractor, monkeypatch):
    whole = extractor.extract(meta_for(REPORT, plan_year=2026))
    break_on(monkeypatch, BROKEN)
    out = extractor.extract(meta_for(REPORT, plan_year=2026))
    assert BROKEN in texts(whole) and BROKEN not in texts(out)
    assert texts(out) == [t for t in texts(whole) if t != BROKEN]
    [skipped] = out.skipped
    assert (skipped.report, skipped.file, skipped.line, skipped.words) == (
        "jinjiangshi-2026", str(REPORT), BROKEN_LINE, BROKEN)
    assert (skipped.error, skipped.message) == ("RecogniserBug", "no such unit: 个")
    assert skipped.text() == (f"skipped a statement that extraction failed on (RecogniserBug: no such unit: 个) — "
                              f"{REPORT}:{BROKEN_LINE}: “{BROKEN}”")


def figures_fail_on(monkeypatch, words: str, error: Exception) -> None:
    """The figure recogniser raises `error` on any statement holding `words`, and works on the others."""
    original = FigureRecogniser.find

    def find(self, text):
        if words in text:
            raise error
        return original(self, text)

    monkeypatch.setattr(FigureRecogniser, "find", find)


def test_a_failing_figure_recogniser_is_caught_as_well(extractor, monkeypatch):
    figures_fail_on(monkeypatch, "重点项目", KeyError("rank"))
    out = extractor.extract(meta_for(REPORT, plan_year=2026))
    assert [(s.line, s.error, s.message) for s in out.skipped] == [(16, "KeyError", "'rank'")]
    assert "实施重点项目260个，完成投资500亿元以上。" not in texts(out) and "地区生产总值增长6%左右。" in texts(out)


def test_long_words_are_shortened_in_the_warning():
    skipped = Skipped.of("x-2026", "x.txt", 3, "很长的句子" * 40, ValueError("坏" * 500))
    assert len(skipped.words) == WORDS_SHOWN and skipped.words.endswith("…")
    assert len(skipped.message) <= 200 and skipped.error == "ValueError"


def test_statements_of_a_skipped_theme_stay_without_it(extractor, monkeypatch):
    break_on(monkeypatch, "（二）建设宜居城市"[3:])  # the theme's own words
    out = extractor.extract(meta_for(REPORT, plan_year=2026))
    [skipped] = out.skipped
    assert skipped.words == "建设宜居城市"
    under = {g.text: g.theme for g in out.goals}
    assert under[BROKEN] is None and under["地区生产总值增长6%左右。"] is not None


def test_a_loose_statement_whose_figures_fail_is_skipped(extractor, monkeypatch, tmp_path):
    path = tmp_path / "loose.txt"
    path.write_text("●地区生产总值增长6%左右\n●新增城镇就业1.6万人\n", encoding="utf-8")
    figures_fail_on(monkeypatch, "就业", ZeroDivisionError("division by zero"))
    out = extractor.extract(meta_for(path))
    assert texts(out) == ["地区生产总值增长6%左右"]
    assert [(s.line, s.words, s.error) for s in out.skipped] == [(2, "新增城镇就业1.6万人", "ZeroDivisionError")]


def test_nothing_left_is_still_no_goals_found_naming_the_first_error(extractor, monkeypatch, tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("●新增城镇就业1.6万人\n", encoding="utf-8")
    break_on(monkeypatch, "就业")
    with pytest.raises(InputError, match="no goals found") as caught:
        extractor.extract(meta_for(path))
    assert "1 statement(s) skipped after an error" in str(caught.value) and "RecogniserBug" in str(caught.value)


def test_an_interrupt_is_not_swallowed(extractor, monkeypatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(extractor_module, "find_industries", interrupted)
    with pytest.raises(KeyboardInterrupt):
        extractor.extract(meta_for(REPORT, plan_year=2026))


# -- The same through `jjkg ingest` and `jjkg build`, in this process (CliRunner), with the recogniser broken


@pytest.fixture
def env(tmp_path, data_copy):
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}


def test_ingest_adds_the_report_and_warns_of_the_statement(env, data_copy, monkeypatch):
    break_on(monkeypatch, BROKEN)
    result = CliRunner().invoke(cli.main, ["ingest", str(REPORT), "--year", "2026"], env=env)
    assert result.exit_code == 0, result.output
    stored = data_copy / "reports" / REPORT.name
    assert (f"warning: skipped a statement that extraction failed on (RecogniserBug: no such unit: 个) — "
            f"{stored}:{BROKEN_LINE}: “{BROKEN}”") in result.stderr, result.stderr
    assert "1 statement(s) skipped" in result.stderr and "added jinjiangshi-2026" in result.stderr
    manifest = json.loads((Path(env["JJKG_VAR_DIR"]) / "store" / "manifest.json").read_text(encoding="utf-8"))
    assert [(s["report"], s["line"], s["words"], s["error"]) for s in manifest["skipped"]] == [
        ("jinjiangshi-2026", BROKEN_LINE, BROKEN, "RecogniserBug")]
    labels = {r["label"]["value"] for r in _query(env, """SELECT ?label WHERE {
        ?g a jjo:Goal ; rdfs:label ?label ; jjo:report <https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2026> }""")}
    assert BROKEN not in labels and "实施重点项目260个，完成投资500亿元以上。" in labels
    assert len(labels) == manifest["found"]["jinjiangshi-2026"]["statements"]

    rebuilt = CliRunner().invoke(cli.main, ["build"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.stderr.count("warning: skipped") == 1 and BROKEN in rebuilt.stderr


def _query(env, sparql: str) -> list[dict]:
    result = CliRunner().invoke(cli.main, ["query", sparql, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["results"]["bindings"]


def test_an_unknown_place_is_one_error_not_a_warning_per_statement(extractor):
    with pytest.raises(InputError, match="place 'nowhere' is neither a place of places.csv"):
        extractor.extract(meta_for(REPORT, place="nowhere", plan_year=2026))
