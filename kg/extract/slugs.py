"""Slugs: the toneless pinyin of a name, made here so that extraction (a report's slug) and IRI minting agree.

IRIs are minted in `kg.graph.iris`; the slug inside each one comes from this module.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 72


def slugify(name: str) -> str:
    """Toneless pinyin of the Han characters, ASCII words kept, every other character a separator.

    '安海北环-龙山寺片区' → 'anhaibeihuan-longshansipianqu'; '中科先见IBT融合创新' → 'zhongkexianjian-ibt-ronghechuangxin'.
    Over-long slugs are cut and given a short hash of the full name so they stay unique.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    words: list[str] = []
    current = ""
    kind = None  # 'han' or 'ascii': a switch between them starts a new word
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            new_kind = "han"
        elif ch.isascii() and ch.isalnum():
            new_kind = "ascii"
        else:
            new_kind = None
        if new_kind != kind and current:
            words.append(current)
            current = ""
        kind = new_kind
        if new_kind:
            current += ch
    if current:
        words.append(current)
    parts = []
    for word in words:
        if "a" <= word[0] <= "z" or word[0].isdigit():
            parts.append(word)
        else:
            from pypinyin import Style, lazy_pinyin  # not at the top: 0.15 s that server start-up does not need
            parts.append("".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore")).replace("ü", "v"))
    slug = "-".join(p for p in parts if p)
    slug = re.sub(r"[^a-z0-9-]", "", slug).strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    if not slug:
        slug = "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    if len(slug) > MAX_SLUG:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
        slug = slug[: MAX_SLUG - 9].rstrip("-") + "-" + digest
    return slug



def join_slug(*parts: object) -> str:
    """A structural slug such as 'jinjiangshi-2025-s04-t1-2' from already-clean parts."""
    return "-".join(str(p).strip("-") for p in parts if str(p))
