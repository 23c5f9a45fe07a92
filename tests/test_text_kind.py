"""The kind of a report's text (issue 29): formal report, digest or news article, read from the head of the text
(kg/extract/text_kind.py) or from its metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.errors import InputError
from kg.extract.text_kind import detect

QUALITY = Path(__file__).parent / "quality"


def test_every_development_text_is_read_as_the_layout_its_gold_names():
    """The development set's 24 texts (8 of each layout, 7 in traditional characters) say their layout in their
    gold file: the detector agrees on each."""
    golds = sorted(QUALITY.glob("*.gold.yaml"))
    assert len(golds) >= 24
    wrong = {}
    for gold in golds:
        layout = yaml.safe_load(gold.read_text(encoding="utf-8"))["layout"]
        found = detect(gold.with_name(gold.name.replace(".gold.yaml", ".txt")).read_text(encoding="utf-8"))
        if found != layout:
            wrong[gold.name] = (layout, found)
    assert wrong == {}


@pytest.mark.parametrize(("text", "kind"), [
    ("政府工作报告\n——2024年1月23日在福建省第十四届人民代表大会第二次会议上\n各位代表：\n", "formal"),
    ("各位代表！\n现在，我代表国务院……\n", "formal"),
    ("某县十八届人大一次会议开幕\n本報訊（記者 某某）12月28日，……\n", "news"),
    ("侨乡泉州面向“十五五”\n  中新网泉州1月14日电 (记者 孙虹)……\n", "news"),
    ("一图读懂政府工作报告\n\n●地区生产总值增长6%\n●……\n", "digest"),
    # A session named inside running text, far down a digest, makes no formal report.
    ("报告要点\n" + "●一项\n" * 30 + "在人民代表大会第二次会议上\n", "digest"),
])
def test_the_head_of_a_text_tells_its_kind(text, kind):
    assert detect(text) == kind


def test_metadata_may_say_the_kind_and_a_wrong_one_is_refused(data_copy):
    from kg.extract.reports import load_meta

    meta = next((data_copy / "reports").glob("*.meta.yaml"))
    original = meta.read_text(encoding="utf-8")
    meta.write_text(original + "text_kind: news\n", encoding="utf-8")
    assert load_meta(meta).text_kind == "news"
    meta.write_text(original + "text_kind: speech\n", encoding="utf-8")
    with pytest.raises(InputError, match="text_kind must be one of formal, digest, news"):
        load_meta(meta)
