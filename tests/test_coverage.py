"""Every number in the texts is a Figure, or is listed with a reason in fixtures/skipped_numbers.yaml."""

import re

import yaml
from conftest import FIXTURES

NUMBER = re.compile(
    r"\d+(?:\.\d+)?"
    r"|[零一二两三四五六七八九十百千万]+(?=[个家户套张场所项人亩名位年届期级批方面大条座次类])"
    r"|(?<=第)[零一二两三四五六七八九十百千]+")


def uncovered(extraction):
    out = set()
    for ex in extraction.values():
        spans = [(f.span.start, f.span.end) for g in ex.goals for f in g.figures]
        text = ex.source.text
        for m in NUMBER.finditer(text):
            if not any(s <= m.start() and m.end() <= e for s, e in spans):
                out.add((ex.meta.path.name, text.count("\n", 0, m.start()) + 1, m.group(0)))
    return out


def listed():
    entries = yaml.safe_load((FIXTURES / "skipped_numbers.yaml").read_text(encoding="utf-8"))
    assert all(e["reason"].strip() for e in entries)
    return [(e["file"], e["line"], str(e["number"])) for e in entries]


def test_every_number_is_a_figure_or_deliberately_skipped(extraction):
    missing = sorted(uncovered(extraction) - set(listed()))
    assert missing == [], "numbers that are neither a Figure nor listed in skipped_numbers.yaml"


def test_every_skipped_number_exists_and_is_really_not_a_figure(extraction):
    stale = sorted(set(listed()) - uncovered(extraction))
    assert stale == [], "entries of skipped_numbers.yaml that are now Figures or not in the text"


def test_the_reports_hold_many_figures(extraction):
    assert sum(len(g.figures) for ex in extraction.values() for g in ex.goals) >= 120
