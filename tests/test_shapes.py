"""The SHACL gate: a correct graph passes; each mutation makes its shape fire.

Mutations run on the real graph with the fast engine (pyshacl-turbo). The same mutations run on a tiny
graph with the reference engine (pyshacl) too, so the fast engine is known to judge as pyshacl does.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from conftest import FIXTURES
from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.graph.build import make_graph, shapes_dir
from kg.graph.namespaces import JJO, OA
from kg.graph.validate import load_shapes, union, validate
from kg.settings import PROJECT_ROOT, Settings

JJ = "https://w3id.org/jinjiang-kg/id/"


def first(g: Graph, p, o=None, cls=None):
    """The first subject (in IRI order, so every run mutates the same node) with p o, of class cls if given."""
    return sorted(s for s in g.subjects(p, o) if cls is None or (s, RDF.type, cls) in g)[0]


def first_of_type(g: Graph, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


def drop(g, s, p):
    for o in list(g.objects(s, p)):
        g.remove((s, p, o))


# name → (mutation, the shape expected to fire)
def m_goal_no_label(g):
    s = first_of_type(g, JJO.Goal); drop(g, s, RDFS.label)
def m_goal_two_kinds(g):
    s = first_of_type(g, JJO.Goal); g.add((s, JJO.kind, JJO.Target)); g.add((s, JJO.kind, JJO.Result))
def m_goal_year_integer(g):
    s = first_of_type(g, JJO.Goal); drop(g, s, JJO.year); g.add((s, JJO.year, Literal(2025)))
def m_figure_two_values(g):
    s = first_of_type(g, JJO.Figure); g.add((s, JJO.value, Literal("999", datatype=XSD.decimal)))
def m_figure_no_unit(g):
    s = first_of_type(g, JJO.Figure); drop(g, s, JJO.unit)
def extracted_figure(g):
    return sorted(f for f in g.subjects(RDF.type, JJO.Figure) if (f, JJO.report, None) in g)[0]
def curated_figure(g):
    return sorted(f for f in g.subjects(RDF.type, JJO.Figure) if (f, JJO.curatedIn, None) in g)[0]
def m_figure_no_passage(g):
    drop(g, extracted_figure(g), PROV.wasDerivedFrom)
def m_figure_from_nowhere(g):
    s = extracted_figure(g); drop(g, s, PROV.wasDerivedFrom); drop(g, s, JJO.report)
def m_national_no_source(g):
    drop(g, curated_figure(g), DCTERMS.source)
def m_national_source_as_text(g):
    s = curated_figure(g); drop(g, s, DCTERMS.source); g.add((s, DCTERMS.source, Literal("国务院政府工作报告")))
def m_national_two_rows(g):
    s = curated_figure(g); g.add((s, JJO.curatedIn, Literal("national_figures.csv:1")))
def m_figure_value_string(g):
    s = first_of_type(g, JJO.Figure); drop(g, s, JJO.value); g.add((s, JJO.value, Literal("六")))
def m_figure_no_kind(g):
    s = first_of_type(g, JJO.Figure); drop(g, s, JJO.kind)
def m_growth_in_mu(g):
    s = first(g, JJO.statistic, JJO.GrowthRate, JJO.Figure); drop(g, s, JJO.unit); g.add((s, JJO.unit, URIRef(JJ + "unit/mu")))
def m_rank_zero(g):
    s = first(g, JJO.statistic, JJO.Rank, JJO.Figure); drop(g, s, JJO.value); g.add((s, JJO.value, Literal("0", datatype=XSD.decimal)))
def m_project_located_at_indicator(g):
    s = first_of_type(g, JJO.Project); g.add((s, JJO.location, first_of_type(g, JJO.Indicator)))
def m_project_no_provenance(g):
    s = first_of_type(g, JJO.Project); drop(g, s, PROV.wasDerivedFrom)
def m_place_within_itself(g):
    s = URIRef(JJ + "place/anhaizhen"); drop(g, s, JJO.within); g.add((s, JJO.within, s))
def m_place_two_parents(g):
    g.add((URIRef(JJ + "place/anhaizhen"), JJO.within, URIRef(JJ + "place/quanzhoushi")))
def m_bad_division_code(g):
    s = URIRef(JJ + "place/anhaizhen"); drop(g, s, JJO.divisionCode); g.add((s, JJO.divisionCode, Literal("35058")))
def m_bad_gbt_code(g):
    s = URIRef(JJ + "industry/taoci"); drop(g, s, SKOS.notation)
    g.add((s, SKOS.notation, Literal("X999999", datatype=JJO.GBT4754Code)))
def m_quote_mismatch(g):
    q = first(g, RDF.type, OA.TextQuoteSelector); drop(g, q, OA.exact); g.add((q, OA.exact, Literal("不是原文")))
def m_passage_no_source(g):
    s = first_of_type(g, JJO.Passage); drop(g, s, OA.hasSource)
def m_negative_offset(g):
    p = first(g, RDF.type, OA.TextPositionSelector); drop(g, p, OA.start); g.add((p, OA.start, Literal(-1)))
def m_bad_iri(g):
    g.add((URIRef(JJ + "goal/Bad_Slug"), RDF.type, JJO.Goal))
def m_assertion_no_provenance(g):
    a = first(g, RDF.type, RDF.Statement); drop(g, a, PROV.wasDerivedFrom); drop(g, a, URIRef("http://purl.org/dc/terms/source"))
def m_reified_but_not_stated(g):
    a = first(g, RDF.type, RDF.Statement)
    g.remove((g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)))
def m_report_bad_checksum(g):
    r = first_of_type(g, JJO.Report); drop(g, r, JJO.sha256); g.add((r, JJO.sha256, Literal("abc")))
def m_section_no_number(g):
    s = first_of_type(g, JJO.Section); drop(g, s, JJO.number)
def m_unit_no_quantity(g):
    s = URIRef(JJ + "unit/percent"); drop(g, s, JJO.quantityKind)
def m_assessment_mismatched(g):
    a = first_of_type(g, JJO.Assessment)
    for f in list(g.objects(a, JJO.target)):
        g.remove((a, JJO.target, f))
    g.add((a, JJO.target, URIRef(JJ + "figure/jinjiangshi-2024-i44-f2")))
def m_assessment_no_outcome(g):
    a = first_of_type(g, JJO.Assessment); drop(g, a, JJO.outcome)
def m_indicator_no_label(g):
    s = first_of_type(g, JJO.Indicator); drop(g, s, RDFS.label)
def m_indicator_part_of_itself(g):
    s = first_of_type(g, JJO.Indicator); g.add((s, JJO.partOf, s))
def m_indicator_part_of_a_place(g):
    g.add((first_of_type(g, JJO.Indicator), JJO.partOf, URIRef(JJ + "place/anhaizhen")))
def m_plan_share_in_mu(g):
    s = first(g, JJO.statistic, JJO.GrowthRate, JJO.Figure); drop(g, s, JJO.statistic); drop(g, s, JJO.unit)
    g.add((s, JJO.statistic, JJO.PlanShare)); g.add((s, JJO.unit, URIRef(JJ + "unit/mu")))


SCHEMA = "https://schema.org/"


def m_range_without_ends(g):
    g.add((extracted_figure(g), JJO.qualifier, JJO.Range))
def m_ends_of_no_range(g):
    s = extracted_figure(g); g.add((s, URIRef(SCHEMA + "maxValue"), Literal("9", datatype=XSD.decimal)))
def m_range_upside_down(g):
    s = extracted_figure(g); g.add((s, JJO.qualifier, JJO.Range))
    g.add((s, URIRef(SCHEMA + "minValue"), Literal("9", datatype=XSD.decimal)))
    g.add((s, URIRef(SCHEMA + "maxValue"), Literal("5", datatype=XSD.decimal)))


MUTATIONS = {
    "goal without a Chinese label": (m_goal_no_label, "jjs:GoalShape"),
    "goal with two kinds": (m_goal_two_kinds, "jjs:GoalShape"),
    "goal year as an integer": (m_goal_year_integer, "jjs:GoalShape"),
    "figure with two values": (m_figure_two_values, "jjs:FigureShape"),
    "figure without a unit": (m_figure_no_unit, "jjs:FigureShape"),
    "figure without its passage": (m_figure_no_passage, "jjs:ReportedShape"),
    "figure from neither a report nor a curated row": (m_figure_from_nowhere, "jjs:FigureShape"),
    "national figure without its document": (m_national_no_source, "jjs:CuratedShape"),
    "national figure whose document is text": (m_national_source_as_text, "jjs:FigureShape"),
    "national figure of two rows": (m_national_two_rows, "jjs:CuratedShape"),
    "figure value not a decimal": (m_figure_value_string, "jjs:FigureShape"),
    "figure without a kind": (m_figure_no_kind, "jjs:FigureShape"),
    "growth rate in mu": (m_growth_in_mu, "jjs:FigureShape"),
    "rank of zero": (m_rank_zero, "jjs:FigureShape"),
    "project located at an indicator": (m_project_located_at_indicator, "jjs:ProjectShape"),
    "project without provenance": (m_project_no_provenance, "jjs:ProjectShape"),
    "place within itself": (m_place_within_itself, "jjs:PlaceShape"),
    "place with two parents": (m_place_two_parents, "jjs:PlaceShape"),
    "bad division code": (m_bad_division_code, "jjs:PlaceShape"),
    "bad GB/T 4754 code": (m_bad_gbt_code, "jjs:IndustryShape"),
    "quote that is not the text": (m_quote_mismatch, "jjs:PassageShape"),
    "passage without a source": (m_passage_no_source, "jjs:PassageShape"),
    "negative offset": (m_negative_offset, "jjs:PositionSelectorShape"),
    "IRI not matching the pattern": (m_bad_iri, "jjs:EntityIRIShape"),
    "link without provenance": (m_assertion_no_provenance, "jjs:AssertionShape"),
    "reified link not stated": (m_reified_but_not_stated, "jjs:AssertionShape"),
    "report with a bad checksum": (m_report_bad_checksum, "jjs:ReportShape"),
    "section without a number": (m_section_no_number, "jjs:SectionShape"),
    "unit without a quantity kind": (m_unit_no_quantity, "jjs:UnitShape"),
    "indicator without a label": (m_indicator_no_label, "jjs:IndicatorShape"),
    "indicator part of itself": (m_indicator_part_of_itself, "jjs:IndicatorShape"),
    "indicator part of a place": (m_indicator_part_of_a_place, "jjs:IndicatorShape"),
    "share of a plan in mu": (m_plan_share_in_mu, "jjs:FigureShape"),
    "range without its ends": (m_range_without_ends, "jjs:FigureShape"),
    "ends on a figure that is no range": (m_ends_of_no_range, "jjs:FigureShape"),
    "range whose lower end is above its upper": (m_range_upside_down, "jjs:FigureShape"),
    "assessment of mismatched figures": (m_assessment_mismatched, "jjs:AssessmentShape"),
    "assessment without an outcome": (m_assessment_no_outcome, "jjs:AssessmentShape"),
}


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(shapes_dir())


@pytest.fixture(scope="module")
def real_graph(built):
    return union(built.dataset)


def keep_national_rows(path, keep: str) -> None:
    """The national table cut to the rows whose year and indicator are `keep` (with its comments and header). The
    reference engine (pyshacl) parses each SPARQL constraint anew for every focus node, about 30 ms a parse: the
    table's 79 figures of 中国, each checked by jjs:FigureShape's two SPARQL constraints, made each of its validations
    of the tiny graph 0.6 s → 8 s. A target and its result are enough to judge the curated figures' shapes."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    data = [ln for ln in lines if ln[:4].isdigit()]
    kept = [ln for ln in data if ln.startswith(keep + ",")]
    assert {ln.split(",")[2] for ln in kept} == {"target", "result"}, kept
    path.write_text("".join(ln for ln in lines if ln not in data or ln in kept), encoding="utf-8")


@pytest.fixture(scope="module")
def tiny_graph(tmp_path_factory):
    data = tmp_path_factory.mktemp("tiny") / "data"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", data / "reference")
    keep_national_rows(data / "reference" / "national_figures.csv", "2024,diqushengchanzongzhi")
    shutil.copytree(FIXTURES / "tiny", data / "reports")
    settings = dataclasses.replace(Settings.from_env(), data_dir=data)
    return union(make_graph(settings).dataset)


def parts(shapes: Graph, node_shape: str) -> set[str]:
    """A node shape and the named property shapes it reuses (jjs:zhLabel, jjs:derived)."""
    from kg.graph.namespaces import SH
    iri = URIRef("https://w3id.org/jinjiang-kg/shapes#" + node_shape.split(":", 1)[1])
    named = {"jjs:" + str(p).rsplit("#", 1)[1] for p in shapes.objects(iri, SH.property) if isinstance(p, URIRef)}
    return {node_shape} | named


def copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def test_real_graph_conforms(real_graph, shapes):
    report = validate(real_graph, shapes)
    assert report.conforms, report.text()


@pytest.mark.parametrize("name", MUTATIONS)
def test_mutation_fires_its_shape(real_graph, shapes, name):
    mutate, shape = MUTATIONS[name]
    g = copy(real_graph)
    mutate(g)
    report = validate(g, shapes)
    assert not report.conforms
    assert parts(shapes, shape) & {v.shape for v in report.violations}, report.text()


def test_a_range_with_both_ends_conforms(tiny_graph, shapes):
    g = copy(tiny_graph)
    s = extracted_figure(g)
    value = g.value(s, JJO.value).toPython()
    g.add((s, JJO.qualifier, JJO.Range))
    g.add((s, URIRef(SCHEMA + "minValue"), Literal(value, datatype=XSD.decimal)))
    g.add((s, URIRef(SCHEMA + "maxValue"), Literal(value + 1, datatype=XSD.decimal)))
    assert validate(g, shapes).conforms
    assert validate(g, shapes, engine=pyshacl_validate).conforms


def test_tiny_graph_conforms_for_both_engines(tiny_graph, shapes):
    assert validate(tiny_graph, shapes).conforms
    assert validate(tiny_graph, shapes, engine=pyshacl_validate).conforms


TINY = [n for n in MUTATIONS if n not in ("bad GB/T 4754 code", "assessment of mismatched figures",
                                          "assessment without an outcome")]


@pytest.mark.parametrize("name", TINY)
def test_reference_engine_agrees(tiny_graph, shapes, name):
    mutate, shape = MUTATIONS[name]
    g = copy(tiny_graph)
    mutate(g)
    fast = validate(g, shapes)
    reference = validate(g, shapes, engine=pyshacl_validate)
    assert not reference.conforms and parts(shapes, shape) & {v.shape for v in reference.violations}, reference.text()
    assert {v.shape for v in fast.violations} == {v.shape for v in reference.violations}


def m_shifted_offsets(g):
    p = first(g, RDF.type, OA.TextPositionSelector)
    start, end = g.value(p, OA.start).toPython(), g.value(p, OA.end).toPython()
    drop(g, p, OA.start); drop(g, p, OA.end)
    g.add((p, OA.start, Literal(start + 1))); g.add((p, OA.end, Literal(end + 1)))


@pytest.mark.parametrize("mutate", [None, m_quote_mismatch, m_negative_offset, m_shifted_offsets])
def test_the_quote_rule_checked_in_python_judges_as_its_sparql_form(tiny_graph, shapes, mutate):
    """kg.graph.validate checks jjs:PassageShape's quote rule in Python (linear in the text, where the engine's
    SUBSTR is not): the passages it blames are the ones the SPARQL constraint, run by the engine, blames."""
    from pyshacl_turbo import validate as engine

    from kg.graph.namespaces import SH
    from kg.graph.validate import QUOTE_SHAPE, _quote_constraint, quote_violations

    g = copy(tiny_graph)
    if mutate is not None:
        mutate(g)
    message = str(shapes.value(_quote_constraint(shapes), SH.message))
    _conforms, results, _text = engine(g, shacl_graph=shapes, inference="none", advanced=True)
    by_engine = {results.value(r, SH.focusNode) for r in results.subjects(SH.resultMessage, Literal(message))
                 if results.value(r, SH.sourceShape) is not None}
    by_python = {v.node for v in quote_violations(g, message)}
    assert by_python == by_engine
    if mutate is None:
        assert not by_python
    elif mutate in (m_quote_mismatch, m_shifted_offsets):
        assert len(by_python) == 1
    assert QUOTE_SHAPE in set(shapes.subjects(SH.sparql, None))
