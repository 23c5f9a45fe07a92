"""Fuzz (issue 27): a real-shaped report mangled at random — lines deleted, duplicated, swapped, words of the
reports' kind inserted, the text cut short — is extracted or refused with an InputError, never a traceback. No
statement may need the per-statement guard either: a skipped statement here is a recogniser bug to fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract.extractor import Extractor
from kg.extract.model import ReportExtraction
from kg.extract.reports import ReportMeta

SEED = (FIXTURES / "formats" / "report.txt").read_text(encoding="utf-8") + (
    "（四）深化改革开放\n"
    "市属国企营收和净利润分别居全省第3、第7位，其中净利润增长12.5%。\n"
    "城镇、农村居民人均可支配收入分别增长5%、6.5%左右，完成年度计划的102%。\n")
SEED_LINES = SEED.split("\n")

# Words that steer the recognisers (ranks, 'respectively', parts, qualifiers, units, markers, headings).
CUES = ["分别", "第", "位", "全国", "全省", "居", "其中", "增长", "下降", "左右", "以上", "突破", "达到", "%", "万",
        "亿", "元", "个", "家", "、", "，", "。", "；", "（一）", "一、", "●", "1.", "2025年", "工作回顾", "主要工作"]
ALPHABET = sorted(set("".join(SEED_LINES)) | set("0123456789.%，。；：、（）“”《》！？—…●◎■\t "))
fragment = st.lists(st.one_of(st.sampled_from(CUES), st.text(ALPHABET, max_size=5)), max_size=4).map("".join)
index = st.integers(min_value=0, max_value=10_000)
mutation = st.one_of(
    st.tuples(st.just("delete"), index),
    st.tuples(st.just("duplicate"), index),
    st.tuples(st.just("swap"), index, index),
    st.tuples(st.just("insert"), index, index, fragment),
    st.tuples(st.just("cut"), index),
)


def mutate(lines: list[str], mutations: list[tuple]) -> str:
    lines = list(lines)
    for kind, *args in mutations:
        if not lines:
            break
        i = args[0] % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = args[1] % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            at = args[1] % (len(lines[i]) + 1)
            lines[i] = lines[i][:at] + args[2] + lines[i][at:]
        else:  # cut the text short in the middle of a line, as a truncated download would
            text = "\n".join(lines)
            return text[: args[0] % (len(text) + 1)]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def extractor(reference) -> Extractor:
    return Extractor(reference)


@pytest.fixture(scope="module")
def report_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mutated") / "report.txt"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
@example(mutations=[("cut", 0)])
@example(mutations=[("insert", 26, 0, "两项指标分别居全国第二、第四位，")])
def test_a_mangled_report_is_extracted_or_refused(extractor, report_path, mutations):
    text = mutate(SEED_LINES, mutations)
    report_path.write_text(text, encoding="utf-8")
    meta = ReportMeta("jinjiangshi-2026", report_path, report_path.with_suffix(".meta.yaml"), "t", "t", "", "", None,
                      2026, 2025, "jinjiangshi", "zh")
    try:
        out = extractor.extract(meta)
    except InputError:
        return  # a clear refusal is fine; anything else is a bug
    assert isinstance(out, ReportExtraction)
    assert out.skipped == [], [s.text() for s in out.skipped]
    for goal in out.goals:
        assert 0 <= goal.span.start < goal.span.end <= len(text)
