"""`jjkg` as a user runs it: build, validate, query, stats, ingest — and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli


@pytest.fixture
def env(tmp_path, data_copy):
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}


def test_build_then_build_if_stale_does_nothing(env):
    first = run_cli("build", env=env)
    assert first.returncode == 0, first.stderr
    assert "goals from 2 report(s)" in first.stderr
    again = run_cli("build", "--if-stale", env=env)
    assert again.returncode == 0 and "up to date" in again.stderr


def test_stats_and_query_on_the_built_graph(published):
    env = {"JJKG_VAR_DIR": str(published.var_dir)}
    stats = run_cli("stats", "--json", env=env)
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert data["classes"]["Goal"] >= 250 and data["classes"]["Figure"] >= 120
    assert [r["plan"] for r in data["reports"]] == ["2024", "2025"]
    table = run_cli("query", 'SELECT ?l WHERE { <https://w3id.org/jinjiang-kg/id/place/anhaizhen> rdfs:label ?l } '
                             'ORDER BY ?l', env=env)
    assert table.returncode == 0, table.stderr
    assert "安海镇" in table.stdout and "Anhai Town" in table.stdout and "2 row(s)" in table.stderr
    ask = run_cli("query", "ASK {}", "--format", "json", env=env)
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}


def test_query_errors_are_one_readable_line(published):
    env = {"JJKG_VAR_DIR": str(published.var_dir)}
    bad = run_cli("query", "SELEC ?x", env=env)
    assert bad.returncode == 1 and "syntax error" in bad.stderr and "Traceback" not in bad.stderr
    service = run_cli("query", "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", env=env)
    assert service.returncode == 1 and "SERVICE is not allowed" in service.stderr
    update = run_cli("query", "INSERT DATA { <a:a> <a:b> <a:c> }", env=env)
    assert update.returncode == 1 and "read-only" in update.stderr


def test_validate_passes_and_a_broken_dump_fails_with_the_reason(published, tmp_path):
    ok = run_cli("validate", env={"JJKG_VAR_DIR": str(published.var_dir)})
    assert ok.returncode == 0 and "conforms" in ok.stdout
    dump = (published.store_link.resolve() / "dataset.nq").read_text(encoding="utf-8")
    broken = tmp_path / "broken.nq"
    lines = [ln for ln in dump.splitlines() if "/ontology#unit>" not in ln or "/figure/" not in ln]
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = run_cli("validate", str(broken))
    assert bad.returncode == 1
    assert "a figure has exactly one unit" in bad.stdout


def test_ingest_a_report_in_another_layout(env):
    src = FIXTURES / "other" / "jinjiang-2026-traditional.txt"
    done = run_cli("ingest", str(src), "--year", "2026", "--title", "2026年政府工作报告", env=env)
    assert done.returncode == 0, done.stderr
    assert "added jinjiangshi-2026" in done.stderr
    q = """SELECT ?year ?kind ?value WHERE {
             ?f jjo:report <https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2026> ;
                jjo:indicator/rdfs:label ?i ; jjo:year ?year ; jjo:kind ?k ; jjo:value ?value .
             BIND(STRAFTER(STR(?k), "#") AS ?kind) FILTER(?i IN ("地区生产总值"@zh, "老旧小区改造"@zh, "新增保障性租赁住房"@zh))
           } ORDER BY ?year ?value"""
    out = run_cli("query", q, "--format", "csv", env=env)
    rows = [ln.split(",") for ln in out.stdout.strip().splitlines()[1:]]
    assert rows == [["2025", "Result", "6.2"], ["2025", "Result", "18"],
                    ["2026", "Target", "6"], ["2026", "Target", "12"], ["2026", "Target", "1200"]]
    where = run_cli("query", """SELECT ?p WHERE { ?p jjo:location/jjo:within* <https://w3id.org/jinjiang-kg/id/place/zimaozhen> ;
        jjo:appearsIn <https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2026> }""", "--format", "csv", env=env)
    assert "zimaoshanshengtaibaohugongcheng" in where.stdout
    # The rebuilt store's index of pages' lists knows the new report's rows.
    from kg.views import list_index
    index = list_index.open_index((Path(env["JJKG_VAR_DIR"]) / "store").resolve())
    zimao = index.lists("place", "https://w3id.org/jinjiang-kg/id/place/zimaozhen")
    assert any(report.endswith("/jinjiangshi-2026") for _p, report in zimao.rows("projects"))


def test_ingest_of_a_bad_file_names_it_and_changes_nothing(env, tmp_path, data_copy):
    assert run_cli("build", env=env).returncode == 0
    before = run_cli("stats", "--json", env=env).stdout
    bad = tmp_path / "noise.txt"  # no encoding reads it (GBK and the others are detected: test_input_formats.py)
    bad.write_bytes("第一行\n".encode() + b"\xff\xfe\x00\x00\xff" * 50)
    res = run_cli("ingest", str(bad), "--year", "2026", env=env)
    assert res.returncode == 1
    assert f"{bad}:2:" in res.stderr and "UTF-8" in res.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    res = run_cli("ingest", str(empty), "--year", "2026", env=env)
    assert res.returncode == 1 and "empty" in res.stderr
    assert sorted(p.name for p in (data_copy / "reports").iterdir()) == [
        "000_4f93ed80d38190e7.meta.yaml", "000_4f93ed80d38190e7.txt",
        "001_d3d386ef33043f5b.meta.yaml", "001_d3d386ef33043f5b.txt"]
    assert run_cli("stats", "--json", env=env).stdout == before


def test_a_broken_reference_file_stops_the_build_with_file_and_line(env, data_copy):
    places = data_copy / "reference" / "places.csv"
    places.write_text(places.read_text(encoding="utf-8") + "broken,行\n", encoding="utf-8")
    res = run_cli("build", env=env)
    assert res.returncode == 1
    n = len(places.read_text(encoding="utf-8").splitlines())
    assert f"places.csv:{n}:" in res.stderr and "Traceback" not in res.stderr


def test_bad_setting_is_reported(env):
    res = run_cli("build", env={**env, "JJKG_QUERY_TIMEOUT": "soon"})
    assert res.returncode == 1 and "JJKG_QUERY_TIMEOUT" in res.stderr


def test_serve_help_lists_settings():
    res = run_cli("serve", "--help")
    assert res.returncode == 0
    for text in ("--port", "--host", "--query-timeout", "--max-result-rows", "--max-query-length", "--max-body-bytes",
                 "--query-workers", "--query-memory-mb", "JJKG_QUERY_TIMEOUT", "JJKG_MAX_RESULT_ROWS"):
        assert text in res.stdout


# -- errors print as written, never as console markup, never as a traceback -------------------------------------------

@pytest.mark.parametrize("odd", ["a[bold]b", "a[/bold]b", "[red]x[/red]", "a[link=x]b"])
def test_error_paths_with_markup_print_as_written(tmp_path, odd):
    var = tmp_path / odd
    res = run_cli("query", "ASK {}", env={"JJKG_VAR_DIR": str(var)})
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and "MarkupError" not in res.stderr
    assert f"error: {var / 'store'}: no graph has been built yet" in res.stderr
    report = tmp_path / "reports" / odd / "report.txt"  # `[/bold]` in a path: a folder `[` holding `bold]`
    report.parent.mkdir(parents=True)
    report.write_text("\n", encoding="utf-8")
    res = run_cli("ingest", str(report), "--year", "2026", env={"JJKG_VAR_DIR": str(var)})
    assert res.returncode == 1 and f"{report}: the report is empty" in res.stderr, res.stderr


def full_disk_text(dest: Path, text: str) -> None:
    """The same, for the stored text of a new report: part of it written, then ENOSPC."""
    import errno

    dest.write_bytes(text.encode("utf-8")[:20])
    raise OSError(errno.ENOSPC, "No space left on device", str(dest))


@pytest.mark.parametrize("what", ["a new report", "a report replacing another"])
def test_a_full_disk_under_data_is_one_line_and_leaves_nothing_half_written(env, data_copy, tmp_path, monkeypatch,
                                                                              what):
    """The text is staged outside data/reports/ (kg/pipeline/staging.py): a write that fails half-way leaves
    data/reports/ as it was, and the report a replacement was to replace stays."""
    from click.testing import CliRunner

    from kg import cli
    from kg.pipeline import ingest

    reports = data_copy / "reports"
    before = {p.name: p.read_bytes() for p in reports.iterdir()}
    if what == "a new report":
        source = tmp_path / "new-report.txt"
        source.write_text("2026年政府工作报告\n一、过去一年\n地区生产总值增长5%。\n", encoding="utf-8")
        args = ["ingest", str(source), "--year", "2026", "--place", "晋江市"]
    else:
        existing = reports / "000_4f93ed80d38190e7.txt"  # jinjiangshi-2025, replaced by its own text
        source = tmp_path / existing.name
        source.write_bytes(existing.read_bytes())
        args = ["ingest", str(source), "--year", "2025", "--place", "晋江市", "--replace"]
    monkeypatch.setattr(ingest, "_store_text", full_disk_text)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output and "error:" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, OSError)
    assert {p.name: p.read_bytes() for p in reports.iterdir()} == before  # nothing new, nothing half-written
    assert not (data_copy / ".jjkg-staging").exists()  # and nothing staged left behind


def test_query_ordering_numbers_and_strings_together_does_not_crash(published):
    """pyoxigraph 0.5.13 aborts on this ORDER BY as written (kg/sparql/total_order.py); the CLI runs it keyed."""
    values = " ".join(f'{i} "{i}"' for i in range(40))
    res = run_cli("query", f"SELECT ?o WHERE {{ VALUES ?o {{ {values} }} }} ORDER BY ?o", "--format", "csv",
                  env={"JJKG_VAR_DIR": str(published.var_dir)})
    assert res.returncode == 0, res.stderr
    assert res.stdout.split()[1:42] == [str(i) for i in range(40)] + ["0"]
