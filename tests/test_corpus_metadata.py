"""Every real report of ../shared/corpus/ says who gives it and which years it plans and reviews, with no option
(tests/corpus_table.py holds what a reader takes from each)."""

from __future__ import annotations

import pytest
from corpus_table import CORPUS, EXPECTED

from kg.extract.metadata import read_facts, settle
from kg.extract.read import load_report, read_text


def test_the_table_covers_the_whole_corpus():
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.txt")}
    assert on_disk == set(EXPECTED) and len(EXPECTED) == 77


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_report_names_its_government_and_years(reference, name):
    path = CORPUS / name
    facts = read_facts(read_text(load_report(path).text, path), reference.gazetteer, reference.congress)
    settled = settle(facts, reference.gazetteer)
    assert (settled.place, settled.plan_year, settled.review_year) == EXPECTED[name], settled.reasons
    assert all(" — " in line for line in settled.reasons[:3])  # place and years each say where they came from
