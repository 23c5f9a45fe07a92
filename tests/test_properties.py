"""Properties over generated input: the extraction handles any text without crashing; figures written in the
reports' style read back to the value they were written from, and survive emission as xsd:decimal; the query
guard and the search, where a client's words reach kg/, answer any text."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib.namespace import XSD

from kg.errors import InputError, QueryError
from kg.extract.extractor import Extractor
from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.reports import ReportMeta
from kg.graph.emit import decimal_literal
from kg.sparql.guard import inspect
from kg.store.lookup import Lookup
from kg.views.search import search

REFERENCE = None

# Text made of what reports are made of: Chinese, digits, list markers, punctuation, line breaks, and noise.
report_chars = st.sampled_from(list("晋江市安海镇紫帽山实施推进新增个项目增长左右以上超突破预计全国第亿万元亩%。，、；：“”（）"
                                    "◎●❶❷1234567890.\n \t　ＡＢ１２ｘ")) | st.characters(exclude_categories=("Cs",))  # any text a file can hold
report_text = st.text(report_chars, max_size=400)


def _extractor(reference):
    global REFERENCE
    if REFERENCE is None:
        REFERENCE = Extractor(reference)
    return REFERENCE


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=report_text)
@example(text="")
@example(text="●\n●\n❶\n1.\n在上再出发01\n")
@example(text="增长%左右以上超")
def test_any_text_is_extracted_or_refused_cleanly(reference, tmp_path_factory, text):
    path = tmp_path_factory.mktemp("r") / "x.txt"
    path.write_text(text, encoding="utf-8")
    meta = ReportMeta("jinjiangshi-2031", path, path.with_suffix(".meta.yaml"), "t", "t", "", "", None, 2031, 2030,
                      "jinjiangshi", "zh")
    try:
        out = _extractor(reference).extract(meta)
    except InputError:
        return  # a clear refusal is fine; anything else is a bug
    for goal in out.goals:
        assert goal.text
        assert 0 <= goal.span.start < goal.span.end <= len(text)
        for f in goal.figures:
            assert goal.span.start <= f.span.start < f.span.end <= goal.span.end


units = st.sampled_from(["个", "家", "户", "套", "亩", "元", "%", "人"])
magnitudes = st.sampled_from([("", 1), ("万", 10_000), ("亿", 100_000_000)])
numbers = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("9999"), places=1, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=numbers, magnitude=magnitudes, unit=units, qualifier=st.sampled_from(["", "以上", "左右"]))
def test_written_figures_read_back(reference, number, magnitude, unit, qualifier):
    word, factor = magnitude
    if unit == "%":
        word, factor = "", 1
    written = format(number.normalize(), "f")
    text = f"新增保障性租赁住房{written}{word}{unit}{qualifier}。" if unit != "%" else f"地区生产总值增长{written}%{qualifier}。"
    figs = FigureRecogniser(reference).find(text)
    assert len(figs) == 1
    assert figs[0].value == number * factor
    assert ("at-least" in figs[0].qualifiers) == (qualifier == "以上")
    assert ("about" in figs[0].qualifiers) == (qualifier == "左右")


# -- a figure's value survives the whole way: written in a report → recognised → emitted as xsd:decimal → read
# back from the literal, exactly (no float on the way).

@settings(max_examples=300, deadline=None)
@given(value=st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e15"), places=4, allow_nan=False,
                         allow_infinity=False))
def test_a_figure_value_round_trips_through_its_literal(value):
    literal = decimal_literal(value)
    assert literal.datatype == XSD.decimal
    assert "e" not in str(literal).lower()  # xsd:decimal has no exponent
    assert Decimal(str(literal)) == value
    assert Decimal(ox.Literal(str(literal), datatype=ox.NamedNode(str(XSD.decimal))).value) == value


# -- hostile text at the two places a client's words reach kg/: the query guard and the search.

sparql_chars = st.sampled_from(list("{}()[]<>\"'#?$:;.,*/|^!=&+-\\ \nSELECTWHERASKFROMservice安u0053"))
client_text = st.text(sparql_chars | st.characters(exclude_categories=("Cs",)), max_size=300)


@settings(max_examples=400, deadline=None)
@given(text=client_text)
@example(text='"\\' * 50)
@example(text="\\u0053ERVICE")
@example(text="SELECT * { " + "{" * 150)
def test_the_guard_answers_any_text_with_a_query_or_a_query_error(text):
    """Anything else escaping it would be a 500 in a worker."""
    try:
        info = inspect(text)
    except QueryError:
        return
    assert info.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200).filter(lambda t: "\x00" not in t) | client_text)
def test_search_answers_any_text(service, text):
    hits = search(Lookup(service.store()), text)
    assert all(h.entity.iri.startswith("https://w3id.org/jinjiang-kg/id/") for h in hits)
