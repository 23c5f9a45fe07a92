"""Small text helpers shared by the recognisers: clauses, quoted spans, verb stripping."""

from __future__ import annotations

import re

CLAUSE_BREAKS = "，。；：！？,;:!?"
QUOTES = {"“": "”", "《": "》", "「": "」", "‘": "’", "\"": "\""}


def quoted_mask(text: str) -> list[bool]:
    """True for characters inside quotation marks or book-title marks: names and slogans, not facts."""
    mask = [False] * len(text)
    i = 0
    while i < len(text):
        close = QUOTES.get(text[i])
        if close:
            j = text.find(close, i + 1)
            if j != -1:
                for k in range(i, j + 1):
                    mask[k] = True
                i = j + 1
                continue
        i += 1
    return mask


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of clauses split at clause punctuation outside quotation marks."""
    mask = quoted_mask(text)
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in CLAUSE_BREAKS and not mask[i]:
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def strip_prefixes(phrase: str, words: list[str], keep: tuple[str, ...] = ()) -> tuple[str, str]:
    """Repeatedly strip the longest of `words` from the front, never cutting into a word of `keep`.

    Returns (stripped prefix, rest).
    """
    ordered = sorted(words, key=len, reverse=True)
    removed = ""
    changed = True
    while changed and phrase:
        changed = False
        if phrase.startswith(keep):
            break
        for w in ordered:
            if phrase.startswith(w) and len(phrase) > len(w):
                phrase = phrase[len(w):]
                removed += w
                changed = True
                break
    return removed, phrase


def strip_suffixes(phrase: str, words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    changed = True
    while changed and phrase:
        changed = False
        for w in ordered:
            if phrase.endswith(w) and len(phrase) > len(w):
                phrase = phrase[: -len(w)]
                changed = True
                break
    return phrase


def starts_with_any(phrase: str, words: list[str]) -> bool:
    return any(phrase.startswith(w) for w in words)


def tidy(phrase: str) -> str:
    """Trim separators and stray punctuation from the ends of a phrase."""
    return re.sub(r"^[、，,；;：:\s]+|[、，,；;：:\s]+$", "", phrase)
