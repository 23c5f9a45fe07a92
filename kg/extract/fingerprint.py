"""A report's fingerprint: the same text saved again (another encoding, an HTML page of it, traditional or
simplified characters, other line breaks or spacing) has the same one, so `jjkg ingest` can refuse a duplicate."""

from __future__ import annotations

import hashlib
import re

from kg.extract.read import normalise

_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def fingerprint(text: str) -> str:
    """SHA-256 of the normalised text (simplified characters, ASCII digits) with every space and line break out."""
    return hashlib.sha256(_SPACE.sub("", normalise(text)).encode("utf-8")).hexdigest()
