"""What kind of text a report is: the formal report as delivered, a newspaper's digest of it, or a news article
about it (issue 29: reports are listed and titled by their kind of text).

Read from the head of the text, in its normalised (simplified) form, the way a reader tells them apart at a glance:
- a news article opens with a dateline (`本报讯`, `新华社福州1月18日电`, `中新网泉州1月14日电`) within its first lines;
- the formal report names the session it is delivered at (`——2024年1月23日在福建省第十四届人民代表大会第二次会议上`)
  or addresses the delegates (`各位代表：`, `各位代表！`) near its start;
- anything else is a digest: the newspaper's summary, bullet points or "一图读懂" of the report.
A report's `.meta.yaml` may say it instead (`text_kind: formal | digest | news`), which wins.
The development set (tests/quality/, each text's gold `layout`) is the check: tests/test_text_kind.py.
"""

from __future__ import annotations

import re

from kg.errors import InputError
from kg.extract.read import normalise

KINDS = ("formal", "digest", "news")
NEWS_LINES = 8  # non-blank lines in which a dateline counts
FORMAL_LINES = 25  # non-blank lines in which the session line or the address to the delegates counts

_DATELINE = re.compile(r"本报讯|\d{1,2}月\d{1,2}日电")
_SESSION = re.compile(r"在.{0,40}(?:人民代表大会|人大).{0,16}会议上")
_DELEGATES = re.compile(r"^\s*各位代表\s*[:：！!，,]")


def detect(text: str) -> str:
    """formal, digest or news, from the head of a report's text."""
    lines = [line for line in normalise(text[:20_000]).splitlines() if line.strip()]
    if any(_DATELINE.search(line) for line in lines[:NEWS_LINES]):
        return "news"
    if any((len(line) <= 80 and _SESSION.search(line)) or _DELEGATES.match(line) for line in lines[:FORMAL_LINES]):
        return "formal"
    return "digest"


def checked(value: object, where) -> str:
    """A `text_kind` written in a report's metadata: one of KINDS, or '' when none is written."""
    if value in (None, ""):
        return ""
    if value not in KINDS:
        raise InputError(f"text_kind must be one of {', '.join(KINDS)}, not {value!r}", file=where)
    return str(value)
