"""Who published a text, when the text says so itself: a `来源：福建日报` line (at its head or foot, where
papers and portals print it) or a wire's dateline (`中新网泉州1月14日电`, `新华社北京3月5日电`). Only these two
forms: a publisher is never guessed from anything else (an empty answer leaves the metadata without one)."""

from __future__ import annotations

import re

EDGE_LINES = 15  # the head and the foot a source line is looked for in
SOURCE = re.compile(r"(?:^|[|｜])\s*(?:【\s*)?(?:来源|來源|稿源|文章来源|文章來源)\s*[:：]\s*([^\s，,。；;|/【】()（）]{2,24})")
# A wire or site's dateline: its name (…社, …网, …報/报), a place, a month and day, 电.
DATELINE = re.compile(r"^\s*[（(]?([\u4e00-\u9fff]{1,6}?(?:社|网|網|报|報))[\u4e00-\u9fff]{0,6}?\d{1,2}月\d{1,2}日[电電]")


def publisher_in_text(text: str) -> str:
    """The publisher the text names, or ''."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    edges = lines[:EDGE_LINES] + lines[-EDGE_LINES:]
    for line in edges:
        m = SOURCE.search(line)
        if m:
            return m.group(1)
    for line in lines[:EDGE_LINES]:
        m = DATELINE.match(line)
        if m:
            return m.group(1)
    return ""
