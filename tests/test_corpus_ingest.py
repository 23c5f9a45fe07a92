"""`jjkg ingest FOLDER` over real reports, as a user adds them: a sample of ../shared/corpus/ (every level, every
decade of the national reports, news articles, the report that crashed) goes in with no option, in one build,
each on its own place and years; a re-run changes nothing; a file that says nothing of itself is refused with the
reason while the others go in. `make corpus` runs the whole corpus."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import run_cli
from corpus_table import CORPUS, EXPECTED

SAMPLE = [
    *(f"national/guowuyuan-{y}.txt" for y in (1954, 1964, 1975, 1982, 1985, 1994, 2001, 2008, 2013, 2024)),
    "provinces-2026/shaanxi-2026.txt",  # KeyError: 'rank' before
    "provinces-2026/fujian-2026.txt",  # its review part's heading names no year
    "provinces-2026/guangdong-2026.txt",  # signature line, dateline on two lines
    "ladder-fujian/quanzhou-2026-news.txt", "ladder-fujian/guowuyuan-2026-news.txt",
    "ladder-fujian/guowuyuan-2026-news-zh-hant.txt", "ladder-fujian/fujian-2025-news.txt",
]


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """The sample ingested once into a private copy of data/, with the manifest of the build."""
    from conftest import PROJECT_ROOT

    root = tmp_path_factory.mktemp("corpus")
    folder = root / "reports-to-add"
    for name in SAMPLE:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, folder / name)
    shutil.copy(CORPUS / "README.md", folder / "README.md")  # notes beside the reports are not reports
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    env = {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var"), "COLUMNS": "400"}
    done = run_cli("ingest", str(folder), "--format", "tsv", env=env)
    return done, env, folder, root


def test_every_report_of_the_sample_goes_in_with_no_option(added):
    done, _env, _folder, root = added
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr + done.stdout
    assert f"added {len(SAMPLE)} of {len(SAMPLE)} report(s)" in done.stderr
    metas = {}
    for meta_path in (root / "data" / "reports").glob("*.meta.yaml"):
        import yaml

        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        metas[meta["slug"]] = (meta["place"], meta["plan_year"], meta["review_year"])
    assert len(metas) == len(SAMPLE) + 2  # and the two seeds
    assert sorted(metas.values()) == sorted([*(EXPECTED[n] for n in SAMPLE),
                                              ("jinjiangshi", 2024, 2023), ("jinjiangshi", 2025, 2024)])
    # Two texts of the same place and year (two news articles of the national 2026 report) are two reports.
    assert {"zhongguo-2026", "zhongguo-2026-2"} <= set(metas)


def test_the_rows_say_where_each_fact_came_from(added):
    import csv

    rows = {r["file"]: r for r in csv.DictReader(added[0].stdout.splitlines(), delimiter="\t")}
    assert sorted(rows) == sorted(SAMPLE)
    assert "session 1 of the National People's Congress's term 1" in rows["national/guowuyuan-1954.txt"]["from the words"]
    assert "the State Council" in rows["national/guowuyuan-2024.txt"]["from the words"]
    assert rows["provinces-2026/guangdong-2026.txt"]["place"] == "广东省"
    fujian = rows["provinces-2026/fujian-2026.txt"]
    assert "result 2025" in fujian["figures by kind and year"] and "target 2026" in fujian["figures by kind and year"]
    assert all(float(r["seconds"]) >= 0 and int(r["statements"]) > 0 for r in rows.values())


def test_the_graph_holds_them_all_with_fujians_results_as_results(added):
    _done, env, _folder, _root = added
    query = """SELECT ?kind (COUNT(?f) AS ?n) WHERE {
        ?f a jjo:Figure ; jjo:report <https://w3id.org/jinjiang-kg/id/report/fujiansheng-2026> ; jjo:kind ?kind ;
           jjo:year ?y .
        FILTER((?kind = jjo:Result && STR(?y) = "2025") || (?kind = jjo:Target && STR(?y) = "2026")) } GROUP BY ?kind"""
    done = run_cli("query", query, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    counts = {b["kind"]["value"].rsplit("#", 1)[-1]: int(b["n"]["value"]) for b in json.loads(done.stdout)["results"]["bindings"]}
    assert counts["Result"] > 100 and counts["Target"] > 10
    places = run_cli("query", "SELECT ?p WHERE { <https://w3id.org/jinjiang-kg/id/place/fujiansheng> jjo:within ?p }",
                     "--format", "csv", env=env)
    assert "https://w3id.org/jinjiang-kg/id/place/zhongguo" in places.stdout  # 中国 is the root of the tree


def test_a_second_run_changes_nothing(added):
    _done, env, folder, root = added
    before = sorted(p.name for p in (root / "data" / "reports").iterdir())
    again = run_cli("ingest", str(folder), env=env)
    assert again.returncode == 0, again.stderr
    assert "every report in" in again.stderr and "already in" in again.stdout
    assert sorted(p.name for p in (root / "data" / "reports").iterdir()) == before


def test_a_file_that_says_nothing_of_itself_is_refused_and_the_others_go_in(tmp_path, data_copy):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "ladder-fujian" / "quanzhou-2026-news.txt", folder / "quanzhou.txt")
    (folder / "notes.txt").write_text("今天开会讨论了很多事情。\n大家都很认真。\n", encoding="utf-8")
    env = {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var"), "COLUMNS": "400"}
    done = run_cli("ingest", str(folder), env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "notes.txt → refused: cannot tell the reporting government" in done.stderr
    assert "quanzhou.txt" in done.stdout and "notes.txt" in done.stdout  # the table, a row each
    assert "added 1 of 2 report(s)" in done.stderr
    assert (data_copy / "reports" / "quanzhoushi-2026.txt").exists()
    assert not any("notes" in p.name for p in (data_copy / "reports").iterdir())


def test_options_describe_one_report_not_a_folder(tmp_path, data_copy):
    done = run_cli("ingest", str(tmp_path), "--year", "2026", env={"JJKG_DATA_DIR": str(data_copy)})
    assert done.returncode == 2 and "--year describe(s) one report" in done.stderr
