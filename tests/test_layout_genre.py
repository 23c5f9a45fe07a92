"""The heading forms kg/extract/layout.py reads are the genre's, not one seed report's (issue 28).

A part's slogan, 以 X 为 Y，Z, is how government work reports open the paragraphs of their parts and items
('（一）以……为引领，……');
a newspaper digest prints it alone on a line as the part's heading. The real corpus (../shared/corpus: formal full
texts) must show the slogan opening paragraphs in several reports of both levels; the digest's own heading form (a
short line ending in its section's number) is layout, checked on texts of our own in tests/test_segment.py."""

from __future__ import annotations

import re

from kg.extract.read import normalise
from kg.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SLOGAN_OPENING = re.compile(r"^[\s　]*(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}是|\d{1,2}[.、．])?\s*以[^，。！？]{2,20}为[^，。！？]{1,6}[，,]", re.M)


def test_the_parts_slogan_opens_paragraphs_across_the_corpus():
    with_slogans = {f.parent.name: set() for f in CORPUS.glob("*/*.txt")}
    for f in sorted(CORPUS.glob("*/*.txt")):
        if SLOGAN_OPENING.search(normalise(f.read_text(encoding="utf-8", errors="replace"))):
            with_slogans[f.parent.name].add(f.name)
    assert len(with_slogans["national"]) >= 3 and len(with_slogans["provinces-2026"]) >= 3, with_slogans
