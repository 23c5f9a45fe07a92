"""Search in traditional characters finds what simplified finds (issue 29): the query is read as the reports'
texts are, through OpenCC's t2s (kg/extract/read.py normalise)."""

from __future__ import annotations

from kg.views.search import fold_query


def test_a_traditional_query_folds_to_simplified():
    assert fold_query("詔安") == fold_query("诏安")
    assert fold_query("地區生產總值") == fold_query("地区生产总值")
    assert fold_query("Ānhǎi") == "anhai"  # pinyin as before


def test_traditional_and_simplified_find_the_same_entity(client):
    simplified = client.get("/search.json", params={"q": "地区生产总值"}).json()
    traditional = client.get("/search.json", params={"q": "地區生產總值"}).json()
    assert traditional["hits"] and traditional["hits"] == simplified["hits"]
    assert any(h["entity"]["iri"].endswith("/indicator/diqushengchanzongzhi") for h in traditional["hits"])


def test_text_in_traditional_characters_is_marked_zh_hant():
    from kg.views.script import lang_of

    assert lang_of("我們原有工業的基礎雖然薄弱，却是目前我國工業産品的主要來源") == "zh-Hant"
    assert lang_of("我们原有工业的基础虽然薄弱，却是目前我国工业产品的主要来源") == "zh"
    assert lang_of("GDP 5%") == "zh"


def test_the_reader_marks_a_simplified_report_zh(client):
    page = client.get("/read/jinjiangshi-2025").text
    assert '<div class="report-reading" lang="zh">' in page
