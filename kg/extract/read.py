"""Read a report file: decode it, and give each physical line a normalised twin of the same length.

`load_report` takes a file as a user has it (any encoding, a byte-order mark, an HTML page) to the plain text
that `jjkg ingest` stores; `read_report` reads a stored report, whose offsets the graph's provenance counts in.

Normalisation is character-for-character so that an offset into a normalised line is also an offset into
the original file: traditional → simplified characters (OpenCC t2s), full-width digits, letters and % → ASCII,
the ideographic space → a space. Recognisers only ever see the normalised text; provenance points at the
original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

from kg.errors import InputError
from kg.extract.article import article_text, is_html
from kg.extract.decode import Decoded, decode

# Full-width forms that carry no Chinese punctuation meaning: digits, Latin letters, %, the decimal point.
_WIDTH_MAP = {cp: cp - 0xFEE0 for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B))}
_WIDTH_MAP.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0x3000: ord(" "), 0xFEFF: ord(" "), 0xFF0B: ord("+")})


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the file
    start: int  # offset (code points) of the line's first character in the decoded file
    raw: str  # the line as in the file, without its line break
    text: str  # normalised; len(text) == len(raw)


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str  # the decoded file, exactly as stored
    lines: tuple[Line, ...]

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


# Standard simplified characters that t2s maps by their commonest traditional reading (乾 → 干 as in 乾燥): kept, for
# they name places in simplified texts (乾安县, 乾县, 濛江镇), which the gazetteer writes with them.
_KEEP = frozenset("乾濛")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# A comma between digits before a group of three ('８，７２５，４８３，０００元', as the 1950s reports write amounts):
# a thousands separator, not a clause break; written as the Unicode thousands separator, which the number reader
# skips (kg/extract/recognise/figures.py).
_GROUPING = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
THOUSANDS = "\u066c"


# Digits spaced one by one, as some PDF text has them ('4 0 0 万吨'): one number, its spaces written as the separator.
# Not a date ('1 9 9 3 年3 月'): its year is read as written (kg/extract/years.py).
_LETTER_SPACED = re.compile(r"(?<![\d ])\d(?: \d)++(?!\d)(?! ?[年月日])")


def normalise(raw: str) -> str:
    """Simplified characters and ASCII digits, with exactly one output character per input character."""
    text = _GROUPING.sub(THOUSANDS, raw.translate(_WIDTH_MAP))
    text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", THOUSANDS), text)
    converted = _t2s().convert(text)
    if len(converted) != len(text):
        # A phrase conversion changed the length; fall back to one character at a time to keep offsets.
        converted = "".join(_t2s().convert(ch) if len(_t2s().convert(ch)) == 1 else ch for ch in text)
    if any(ch in _KEEP for ch in text):
        converted = "".join(ch if ch in _KEEP else new for ch, new in zip(text, converted))
    return converted


def split_lines(text: str) -> list[tuple[int, str]]:
    """(start offset, line without its break) for \n, \r\n and \r line ends."""
    out: list[tuple[int, str]] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n" or ch == "\r":
            out.append((start, text[start:i]))
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            start = i + 1
        i += 1
    if start < n:
        out.append((start, text[start:]))
    return out


def read_text(text: str, path: Path) -> SourceText:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("contains a NUL character: this looks like a binary file, not a report", file=path, line=line)
    lines = tuple(Line(i + 1, start, raw, normalise(raw)) for i, (start, raw) in enumerate(split_lines(text)))
    return SourceText(path=path, text=text, lines=lines)


@dataclass(frozen=True)
class LoadedReport:
    """A user's file as the plain text to store, and how it was read (for the ingest summary)."""

    text: str
    encoding: str
    bom: bool
    html: bool

    def describe(self) -> str:
        how = "an HTML page" if self.html else "text"
        mark = " with a byte-order mark" if self.bom else ""
        kept = f", article text kept ({len(self.text):,} characters)" if self.html else ""
        return f"{how} in {self.encoding.upper().replace('_', '-')}{mark}{kept}"


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a report file", file=path) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", file=path) from None


def load_report(path: Path) -> LoadedReport:
    """Decode a user's file and, for an HTML page, take its article out; the result is checked like a stored
    report (no NUL, split into lines) before anything is written."""
    decoded: Decoded = decode(_bytes(path), path)
    html = is_html(decoded.text, path)
    text = article_text(decoded.text, path) if html else decoded.text
    read_text(text, path)
    return LoadedReport(text, decoded.encoding, decoded.bom, html)


def read_report(path: Path) -> SourceText:
    """A stored report: its decoded text is what offsets count in. An HTML page is refused here: `jjkg ingest`
    stores its article's text instead, so that quotes and offsets point at what is kept."""
    decoded = decode(_bytes(path), path)
    if is_html(decoded.text, path):
        raise InputError("is an HTML page: add it with `jjkg ingest FILE`, which stores the article's text "
                         "without the page's markup, navigation and footers", file=path)
    return read_text(decoded.text, path)
