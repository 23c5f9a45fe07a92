"""A report's fingerprint: the same text saved again (another encoding, an HTML page of it with the page's own
title, traditional or simplified characters, other line breaks or spacing) matches, so `jjkg ingest` can refuse
a duplicate."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.extract.read import normalise

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
MIN_LINE = 6  # characters: shorter lines (headings like 一、, page furniture) say little about sameness
SAME_SHARE = 0.9  # of the longer text's lines found in the other: the same report with a title or a line more


@dataclass(frozen=True)
class Fingerprint:
    digest: str  # SHA-256 of the normalised text with every space and line break out
    lines: frozenset[str]  # its normalised lines of MIN_LINE characters or more

    def matches(self, other: Fingerprint) -> bool:
        if self.digest == other.digest:
            return True
        longer = max(len(self.lines), len(other.lines))
        return longer > 0 and len(self.lines & other.lines) >= SAME_SHARE * longer


def fingerprint(text: str) -> Fingerprint:
    plain = normalise(text)
    lines = frozenset(s for s in (_SPACE.sub("", ln) for ln in plain.splitlines()) if len(s) >= MIN_LINE)
    return Fingerprint(hashlib.sha256(_SPACE.sub("", plain).encode("utf-8")).hexdigest(), lines)
