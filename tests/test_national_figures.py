"""The national headline targets and results (data/reference/national_figures.csv, issue 17): the table loads and
every row names its document and words; they are in the graph as figures of 中国 with that provenance, checked by
the shapes; a curated figure is the reference where a report's extracted figure says the same."""

from decimal import Decimal

import pytest
from conftest import run_cli
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.errors import InputError
from kg.extract import national
from kg.graph.assess import derive
from kg.graph.namespaces import JJO
from kg.settings import PROJECT_ROOT

ID = "https://w3id.org/jinjiang-kg/id/"
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "national"
HEADLINE = ("diqushengchanzongzhi", "juminxiaofeijiage", "chengzhenjiuye")


def test_the_table_loads_and_every_row_names_its_source(reference):
    rows = reference.national
    assert len(rows) >= 70
    for row in rows:
        assert row.quote and row.source_title and row.source_file.startswith("guowuyuan-")
        assert row.source_url.startswith("https://") and row.source_date[:4] == row.source_file[10:14]
        # a target is read from that year's report, a result from the next year's (its review of the year before)
        assert int(row.source_file[10:14]) == row.year + (row.kind == "result")
        if row.kind == "result":
            assert "preliminary" in row.note
    targets = {(r.year, r.indicator) for r in rows if r.kind == "target"}
    for year in (2015, 2016, 2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025):  # no 2020 report in the corpus
        assert all((year, ind) in targets for ind in HEADLINE), year
    assert {(y, "chengzhendiaochashiyelv") for y in (2018, 2019, 2021, 2022, 2023, 2024, 2025)} <= targets
    assert (2015, "chengzhendiaochashiyelv") not in targets  # a target only from 2018 on
    assert {(y, "chizilv") for y in (2015, 2017, 2024, 2025)} <= targets


def test_every_quote_is_the_reports_own_words():
    if not CORPUS.is_dir():
        pytest.skip(f"the national reports are not at {CORPUS}")
    sources = {line.split("\t")[0]: line.split("\t") for line in
               (CORPUS / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    for row in national.load(PROJECT_ROOT / "data" / "reference", {"diqushengchanzongzhi", "juminxiaofeijiage",
                             "chengzhenjiuye", "chengzhendiaochashiyelv", "chizilv"}, {"percent", "ren"}):
        text = (CORPUS / row.source_file).read_text(encoding="utf-8").replace("\n", "")
        assert row.quote in text, (row.line, row.quote)
        assert sources[row.source_file][1:3] == [row.source_title, row.source_url], row.line


@pytest.mark.parametrize("column, value, message", [
    ("indicator", "guomin", "not in indicators.csv"),
    ("source_url", "", "source_url is empty"),
    ("quote", "", "quote is empty"),
    ("value", "about", "not a number"),
    ("qualifiers", "roughly", "qualifiers"),
])
def test_a_bad_row_is_an_error_naming_its_line(tmp_path, reference, column, value, message):
    table = (PROJECT_ROOT / "data" / "reference" / national.FILE).read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("year,"))
    columns = table[header].split(",")
    cells = table[header + 1].split(",")
    cells[columns.index(column)] = value
    table[header + 1] = ",".join(cells)
    (tmp_path / national.FILE).write_text("\n".join(table) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        national.load(tmp_path, reference.indicator_by_slug, {u.slug for u in reference.units})
    assert message in str(err.value) and str(header + 2) in str(err.value)


def test_the_figures_are_in_the_graph_as_chinas(built):
    g = built.union
    f = URIRef(ID + "figure/zhongguo-national-2024-diqushengchanzongzhi-target-growth")
    assert (f, RDF.type, JJO.Figure) in g
    assert g.value(f, JJO.refPlace) == URIRef(ID + "place/zhongguo")
    assert g.value(f, JJO.value) == Literal("5", datatype=XSD.decimal)
    assert (f, JJO.qualifier, JJO.About) in g
    assert str(g.value(f, JJO.numberText)) == "国内生产总值增长5%左右"
    assert str(g.value(f, JJO.curatedIn)).startswith("national_figures.csv:")
    doc = g.value(f, DCTERMS.source)
    assert str(doc).startswith("https://zh.wikisource.org/wiki/2024")
    assert str(g.value(doc, DCTERMS.title)) == "2024年中华人民共和国国务院政府工作报告"
    assert g.value(doc, DCTERMS.date) == Literal("2024-03-05", datatype=XSD.date)
    assert (URIRef(ID + "indicator/chizilv"), RDF.type, JJO.Indicator) in g  # used by the table alone: described
    # assessed by the same rule as every target: 2023 growth 5%左右 against the 2024 report's 5.2%
    outcomes = {g.value(a, JJO.outcome) for a in g.subjects(JJO.target, URIRef(
        ID + "figure/zhongguo-national-2023-diqushengchanzongzhi-target-growth"))}
    assert outcomes == {JJO.Met}


def test_the_shapes_pass_the_graph_with_the_national_figures(built):
    from kg.graph.build import shapes_dir
    from kg.graph.validate import load_shapes, validate

    report = validate(built.union, load_shapes(shapes_dir()))
    assert report.conforms, report


def test_a_curated_figure_without_its_source_is_refused(built):
    from kg.graph.build import shapes_dir
    from kg.graph.validate import load_shapes, validate

    g = Graph()
    for triple in built.union:
        g.add(triple)
    f = URIRef(ID + "figure/zhongguo-national-2024-diqushengchanzongzhi-target-growth")
    g.remove((f, DCTERMS.source, None))
    report = validate(g, load_shapes(shapes_dir()))
    assert not report.conforms and any("CuratedShape" in v.shape for v in report.violations)


def test_the_curated_figure_is_the_reference_over_an_extracted_one():
    """A national report ingested for 2024 says 增长5%左右 too: the assessment is the curated figures' alone."""
    g = Graph()
    ind, place, pct = URIRef(ID + "indicator/x"), URIRef(ID + "place/zhongguo"), URIRef(ID + "unit/percent")

    def figure(slug, kind, value, curated):
        f = URIRef(ID + "figure/" + slug)
        for p, o in ((RDF.type, JJO.Figure), (JJO.indicator, ind), (JJO.refPlace, place), (JJO.kind, kind),
                     (JJO.year, Literal("2024", datatype=XSD.gYear)), (JJO.statistic, JJO.GrowthRate),
                     (JJO.value, Literal(Decimal(value))), (JJO.unit, pct)):
            g.add((f, p, o))
        if curated:
            g.add((f, JJO.curatedIn, Literal("national_figures.csv:1")))
        return f

    curated_target = figure("a", JJO.Target, "5", True)
    figure("b", JJO.Target, "5", False)  # the same target, read from the report's text
    figure("c", JJO.Result, "5", False)  # a result only a report states: judged against the curated target
    out = Graph()
    assert derive(g, out) == 1
    assert set(out.objects(None, JJO.target)) == {curated_target}


def test_jjkg_validate_passes_on_the_whole_graph():
    done = run_cli("validate")
    assert done.returncode == 0, done.stderr[-2000:]
