"""Properties of the extraction, over generated input: any text is handled without crashing, and figures
written in the reports' style read back to the value they were written from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import Extractor
from kg.recognise.figures import FigureRecogniser
from kg.reports import ReportMeta
from kg.settings import PROJECT_ROOT

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
