"""The curated indicators (data/reference/indicators.csv) are the statistics' own, not one seed report's (issue 28).

Each must be written, by its name or an alias, in at least two of the real reports of ../shared/corpus (the State
Council's and 21 provinces'; the seed reports are not counted), or be listed below with why it is curated although the
corpus writes it less: the real corpus holds no county's report, so a statistic that only counties publish (rankings
of county economies, village collectives' income) cannot be in it. Such a concept names figures of county reports
only: it cannot raise a score on the real corpus, which is the measure.
"""

from __future__ import annotations

import pytest

from kg.extract.read import normalise
from kg.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
MIN_TEXTS = 2

_COUNTY = "a county's statistic: the real corpus holds no county's report"
BEYOND_THE_CORPUS = {
    "xianyujingjijibenjingzhengli": _COUNTY + " (the national ranking of county economies)",
    "xianyujingjiyushehuizonghefazhan": _COUNTY + " (the national ranking of county economies)",
    "xianyutouzijingzhengli": _COUNTY + " (the national ranking of county economies)",
    "gongyebaiqiangxian": _COUNTY + " (the national ranking of industrial counties)",
    "cunjunjitijingyingxingshouru": _COUNTY + " (village collectives' income, averaged over a county's villages)",
    "jitizengshouxiangmu": _COUNTY + " (projects raising village collectives' income)",
    "daqijingzhunzhilijianpaixiangmu": _COUNTY + " (a county's count of air-pollution control projects)",
    "yiliaoweishengxiangmu": _COUNTY + " (a county's count of medical and health projects)",
    "panhuodixiaoyongdi": _COUNTY + " (land brought back into use, the natural resources ministry's own term)",
    "gaozhongshengxuelv": _COUNTY + " (a county's senior secondary enrolment rate)",
    "sishangqiye": "an NBS term (四上企业: enterprises above designated size in four sectors), beside 规上企业",
}


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    files = sorted(CORPUS.glob("*/*.txt"))
    assert len(files) >= 70, f"the real corpus is expected at {CORPUS}"
    return [normalise(f.read_text(encoding="utf-8", errors="replace")) for f in files]


def test_every_curated_indicator_is_written_in_the_real_reports(reference, corpus_texts):
    rare = {}
    for indicator in reference.indicators:
        forms = (indicator.name_zh, *indicator.aliases)
        texts = sum(any(form in text for form in forms) for text in corpus_texts)
        if texts < MIN_TEXTS and indicator.slug not in BEYOND_THE_CORPUS:
            rare[indicator.slug] = (indicator.name_zh, texts)
    assert not rare, f"in fewer than {MIN_TEXTS} real reports and not explained in BEYOND_THE_CORPUS: {rare}"


def test_every_exception_is_still_a_curated_indicator(reference):
    assert not set(BEYOND_THE_CORPUS) - {i.slug for i in reference.indicators}, "no longer curated: drop them here"
