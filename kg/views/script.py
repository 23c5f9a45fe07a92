"""Which script a Chinese text is written in, for `lang` attributes: `zh-Hant` when OpenCC's t2s changes a
noticeable share of its characters (the reports are read through it: kg/extract/read.py), else `zh`."""

from __future__ import annotations

from kg.extract.read import normalise

SHARE = 0.02  # simplified texts change ~0 characters; traditional ones a tenth or more


def lang_of(text: str) -> str:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "zh"
    sample = "".join(han[:20000])
    changed = sum(a != b for a, b in zip(sample, normalise(sample)))
    return "zh-Hant" if changed / len(sample) >= SHARE else "zh"
