"""A report's fingerprint: the same text saved again (another encoding, an HTML page of it with the page's own
title, traditional or simplified characters, other line breaks or spacing) matches, so `jjkg ingest` can refuse
a duplicate; and its statements, so that a near-duplicate (most of a report already in: its first 85 %, say) is
refused too."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from kg.extract.read import normalise

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
MIN_LINE = 6  # characters: shorter lines (headings like 一、, page furniture) say little about sameness
SAME_SHARE = 0.9  # of the longer text's lines found in the other: the same report with a title or a line more
MIN_STATEMENT = 8  # characters of a statement compared for near-duplicates (shorter ones recur in any report)
# A statement: the text between two sentence or clause ends, spaces and line breaks out (a text wrapped
# otherwise has the same statements).
_STATEMENT_END = re.compile(r"(?<=[。！？!?；;])")


@dataclass(frozen=True)
class Fingerprint:
    digest: str  # SHA-256 of the normalised text with every space and line break out
    lines: frozenset[str]  # its normalised lines of MIN_LINE characters or more
    statements: frozenset[str]  # its normalised statements of MIN_STATEMENT characters or more

    def matches(self, other: Fingerprint) -> bool:
        if self.digest == other.digest:
            return True
        longer = max(len(self.lines), len(other.lines))
        return longer > 0 and len(self.lines & other.lines) >= SAME_SHARE * longer

    def share_in(self, other: Fingerprint) -> float:
        """The share of this text's statements that `other` holds too: 1.0 for any part of a report cut from it."""
        return len(self.statements & other.statements) / len(self.statements) if self.statements else 0.0


def fingerprint(text: str) -> Fingerprint:
    plain = normalise(text)
    lines = frozenset(s for s in (_SPACE.sub("", ln) for ln in plain.splitlines()) if len(s) >= MIN_LINE)
    compact = _SPACE.sub("", plain)
    statements = frozenset(s for s in _STATEMENT_END.split(compact) if len(s) >= MIN_STATEMENT)
    return Fingerprint(hashlib.sha256(compact.encode("utf-8")).hexdigest(), lines, statements)
