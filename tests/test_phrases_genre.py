"""The words the recognisers rely on (data/reference/phrases.yaml) are the genre's, not one report's (issue 28).

Every word must be written in at least two of the real reports of ../shared/corpus (77 texts: the State Council's
reports and 21 provinces'; the seed reports are not counted), or be listed below with the reason it belongs to the
genre although the corpus has it fewer times: a member of a closed paradigm whose other members the corpus has, or a
term of the statistics' own vocabulary. A phrase lifted from one sentence of a seed report fails here.
"""

from __future__ import annotations

import re

import pytest

from kg.extract.read import normalise
from kg.extract.reference import read_yaml
from kg.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
PHRASES = PROJECT_ROOT / "data" / "reference" / "phrases.yaml"
KEYS_OF_SLUGS = {"period_end_levels", "period_end_names"}  # indicators' slugs, not words of the text
MIN_TEXTS = 2

_PARADIGM_GROWTH = "a growth verb of the paradigm whose members 增长, 下降, 上涨 the corpus has: a slight rise or fall"
_BASIS = "a phrasing of the basis of a growth, beside 按可比价格计算 and 同比 which the corpus has"
_GAPS = "the paradigm of comparisons with the nation or the province, beside 高于全国 which the corpus has"
_SPANS = "the span verbs' paradigm (增加到/增加至, 提高到/提高至 …): 至 beside 到"
BEYOND_THE_CORPUS = {
    "站上": "a threshold crossed, beside 迈上, 跃上 and 突破 (the NBS and the reports write each)",
    "初步核算": "the NBS's own word for preliminary accounting (its communiqués open 初步核算，全年国内生产总值…)",
    "比降": _PARADIGM_GROWTH, "微涨": _PARADIGM_GROWTH, "微降": _PARADIGM_GROWTH, "略增": _PARADIGM_GROWTH,
    "略降": _PARADIGM_GROWTH,
    "排在": "a rank's verb, beside 居, 位居 and 排名",
    "新争取": "争取 with 新 (newly), as 新增 and 新建 are 增 and 建 with it",
    "全面开工": "what was done to things counted, beside 全部开工 and 建成通车",
    "援助中心": "a common noun of public facilities (法律援助中心)", "福利中心": "a common noun of public facilities (儿童福利中心)",
    "隧道": "a common noun of works (tunnel)", "北站": "a common noun of works (a city's north railway station)",
    "博物院": "a common noun of works (museum), beside 博物馆",
    "输水": "a common noun of water works (water conveyance), beside 调水, 引水 and 供水",
    "全镇": "the scope words' paradigm (全省, 全市, 全县, 全区) for a town",
    "全自治区": "the scope words' paradigm (全省, 全市, 全县, 全区) for an autonomous region",
    "按同口径计算": _BASIS, "按可比价计算": _BASIS, "按现价计算": _BASIS, "扣除物价因素": _BASIS, "考虑价格因素": _BASIS,
    "现价": _BASIS, "比上年同期": _BASIS, "较上年": _BASIS, "较去年": _BASIS,
    "平均值": "beside 平均: the year's mean of monthly values",
    "年均提高": "a form of an average over years, beside 年均增长", "每年平均增长": "a form of an average over years",
    "年均递增": "a form of an average over years, in the older reports' wording (递增)",
    "低于全国": _GAPS, "快于全国": _GAPS, "慢于全国": _GAPS, "低于全省": _GAPS, "快于全省": _GAPS, "慢于全省": _GAPS,
    "增长至": _SPANS, "上升至": _SPANS, "减少至": _SPANS, "降低至": _SPANS,
    "跌幅": "a rate of fall, beside 降幅 and 涨幅",
    "应到": "the congress's attendance (应到代表, 实到代表)", "应出席": "the congress's attendance",
    "实际出席": "the congress's attendance",
    "利润总额": "the NBS's measure of enterprises' profit (规模以上工业企业利润总额)",
    "总共": "one word that holds the adverb 共 (so 共 is not cut from it)",
    "同类城市": "a population a rank is among (全国同类城市第…)", "百强县": "a population a rank is among (全国百强县第…)",
    "约合": "a total converted into another unit (约合…美元)",
    "项重点工作": "a count of the report's own parts, beside 方面工作", "大重点工作": "a count of the report's own parts",
}


def words_of(value) -> list[str]:
    """The Chinese words of a list or map of phrases.yaml (a map's keys; its values when they are lists)."""
    if isinstance(value, str):
        return [value] if re.search(r"[\u3400-\u9fff]", value) else []
    if isinstance(value, list):
        return [w for item in value for w in words_of(item)]
    if isinstance(value, dict):
        return [w for key, item in value.items() for w in words_of(key) + (words_of(item) if isinstance(item, list) else [])]
    return []


@pytest.fixture(scope="module")
def phrases() -> dict[str, list[str]]:
    return {key: words_of(value) for key, value in read_yaml(PHRASES).items() if key not in KEYS_OF_SLUGS}


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    files = sorted(CORPUS.glob("*/*.txt"))
    assert len(files) >= 70, f"the real corpus is expected at {CORPUS}"
    return [normalise(f.read_text(encoding="utf-8", errors="replace")) for f in files]


def test_every_word_is_the_genres(phrases, corpus_texts):
    rare = {}
    for key, words in phrases.items():
        for word in words:
            if word not in BEYOND_THE_CORPUS and sum(word in text for text in corpus_texts) < MIN_TEXTS:
                rare.setdefault(key, []).append(word)
    assert not rare, f"in fewer than {MIN_TEXTS} real reports and not explained in BEYOND_THE_CORPUS: {rare}"


def test_every_exception_is_still_a_word_of_the_phrases(phrases):
    listed = {w for words in phrases.values() for w in words}
    assert not set(BEYOND_THE_CORPUS) - listed, "explained but no longer in phrases.yaml: drop them here"
