"""An HTML page reads as its text does: each seed report saved as a news site's page (a <p> per paragraph, <br>
between its lines, navigation and footer around it) gives the same goals, figures and projects as its text, through
the extractor and through `jjkg ingest`; lists and headings of a page stay lines of their own."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from formats import FOOTER, NAVIGATION, news_page

from kg.extract.extractor import Extractor
from kg.extract.read import load_report
from kg.extract.reports import load_meta
from kg.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "data" / "reports"
SEEDS = ["000_4f93ed80d38190e7", "001_d3d386ef33043f5b"]  # the 2025 digest and the 2024 one


def _facts(extractor: Extractor, meta) -> dict[str, list]:
    goals = extractor.extract(meta).goals
    return {
        "goals": [(g.kind, g.year, g.text) for g in goals],
        "figures": [(f.indicator, f.year, f.kind, f.value, f.unit) for g in goals for f in g.figures],
        "projects": [p.name for g in goals for p in g.projects],
    }


def _as_page(tmp_path: Path, stem: str, article: str) -> Path:
    page = tmp_path / f"{stem}.html"
    page.write_text(news_page((REPORTS / f"{stem}.txt").read_text(encoding="utf-8"), article), encoding="utf-8")
    return page


@pytest.mark.parametrize("article", ["article", "div"])
@pytest.mark.parametrize("stem", SEEDS)
def test_a_seed_as_a_page_gives_the_goals_figures_and_projects_of_its_text(tmp_path, reference, stem, article):
    meta = load_meta(REPORTS / f"{stem}.meta.yaml")
    loaded = load_report(_as_page(tmp_path, stem, article))
    assert loaded.html
    for frame in [*NAVIGATION[1:], *FOOTER, "当前位置", "分享到", "晋江新闻网", "联系我们"]:
        assert frame not in loaded.text, frame
    stored = tmp_path / f"{stem}.txt"
    stored.write_text(loaded.text, encoding="utf-8")
    extractor = Extractor(reference)
    text, page = _facts(extractor, meta), _facts(extractor, dataclasses.replace(meta, path=stored))
    assert len(text["goals"]) > 100 and len(text["figures"]) > 40 and len(text["projects"]) > 40
    for what in ("goals", "figures", "projects"):
        assert page[what] == text[what], what


def test_lists_and_headings_of_a_page_stay_lines_of_their_own(tmp_path):
    items = ["新增优质学位2.6万个以上", "实施老旧小区改造工程14个", "植树造林5000亩"]
    steps = ["完成城市更新项目规划", "启动片区改造工程建设"]
    lead = "今年全市将聚焦民生实事，持续推进各项重点工作落地见效，让群众有更多获得感。"
    page = tmp_path / "lists.html"
    page.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><title>要点</title></head><body>
<nav>{"".join(f'<a href="/{i}">{name}</a>' for i, name in enumerate(NAVIGATION))}</nav>
<article><h1>2026年工作要点</h1><p>{lead}</p>
<h2>民生实事</h2><ul>{"".join(f"<li>{item}</li>" for item in items)}</ul>
<h2>城市更新</h2><ol>{"".join(f"<li>{step}</li>" for step in steps)}</ol>
<p>{lead}</p></article>
<footer><p>{FOOTER[0]}</p></footer></body></html>""", encoding="utf-8")
    lines = load_report(page).text.splitlines()
    # A heading is a paragraph of its own; a list item a line with the marker a browser shows before it.
    for heading in ("2026年工作要点", "民生实事", "城市更新"):
        at = lines.index(heading)
        assert lines[at - 1:at] in ([], [""]) and lines[at + 1] == "", heading
    assert [f"•{item}" for item in items] == lines[lines.index("民生实事") + 2:][:3]
    assert [f"{n}.{step}" for n, step in enumerate(steps, 1)] == lines[lines.index("城市更新") + 2:][:2]
    assert lines.count(lead) == 2 and not any(name in lines for name in NAVIGATION[1:]) and FOOTER[0] not in lines


def test_a_double_line_break_ends_a_paragraph_and_an_indentation_is_kept(tmp_path):
    first = "全市地区生产总值增长5.8%，一般公共预算总收入增长3.5%，规模以上工业增加值增长6.1%。"
    second = "新增城镇就业1.6万人，完成23个老旧小区改造，城镇居民人均可支配收入增长4.6%。"
    page = tmp_path / "breaks.html"
    page.write_text(f"""<!doctype html><html><body><nav><a href="/">首页</a></nav>
<div class="article"><div class="content">{first}<br>{second}<br><br>&nbsp;&nbsp;{first}<br>\u3000\u3000{second}
</div></div><footer>{FOOTER[0]}</footer></body></html>""", encoding="utf-8")
    text = load_report(page).text
    assert text.splitlines()[:5] == [first, second, "", f"\u3000\u3000{first}", f"\u3000\u3000{second}"], text


# -- through the command line -------------------------------------------------------------------------------


def _graph(env) -> tuple[list[str], list[str]]:
    """The goals and figures of the 2025 digest in the store, as CSV rows."""
    report = "https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2025"
    out = []
    for query in (f"""SELECT ?key ?kind ?year ?label WHERE {{ ?g a jjo:Goal ; jjo:report <{report}> ; jjo:key ?key ;
                         jjo:kind ?kind ; jjo:year ?year ; rdfs:label ?label }} ORDER BY ?key""",
                  f"""SELECT ?indicator ?year ?kind ?value ?unit WHERE {{ ?f jjo:report <{report}> ;
                         jjo:indicator/rdfs:label ?indicator ; jjo:year ?year ; jjo:kind ?kind ; jjo:value ?value ;
                         jjo:unit ?unit . FILTER(LANG(?indicator) = "zh") }} ORDER BY ?indicator ?year ?value"""):
        res = run_cli("query", query, "--format", "csv", env=env)
        assert res.returncode == 0, res.stderr
        out.append(res.stdout.strip().splitlines()[1:])
    return out[0], out[1]


def _without_the_2025_digest(root: Path) -> dict[str, str]:
    """A copy of data/ holding only the 2024 seed, so that the 2025 digest is new to it (the same text is refused)."""
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    for path in (root / "data" / "reports").glob(f"{SEEDS[0]}.*"):
        path.unlink()
    return {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var")}


def test_ingesting_the_digest_as_a_page_makes_the_graph_its_text_makes(tmp_path):
    graphs = []
    for source in ("text", "page"):
        env = _without_the_2025_digest(tmp_path / source)
        path = REPORTS / f"{SEEDS[0]}.txt" if source == "text" else _as_page(tmp_path, SEEDS[0], "div")
        # The digest names no government in its header: the user says which.
        res = run_cli("ingest", str(path), "--year", "2025", "--place", "晋江市", env=env)
        assert res.returncode == 0, res.stderr
        assert "added jinjiangshi-2025" in res.stderr and ("an HTML page" in res.stderr) == (source == "page")
        graphs.append(_graph(env))
    (text_goals, text_figures), (page_goals, page_figures) = graphs
    assert len(text_goals) > 100 and len(text_figures) > 40
    assert page_goals == text_goals and page_figures == text_figures
