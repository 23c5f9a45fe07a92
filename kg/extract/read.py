"""Read a report file: decode it, and give each physical line a normalised twin of the same length.

Normalisation is character-for-character so that an offset into a normalised line is also an offset into
the original file: traditional → simplified characters (OpenCC t2s), full-width digits, letters and % → ASCII,
the ideographic space → a space. Recognisers only ever see the normalised text; provenance points at the
original.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

from kg.errors import InputError

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


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(raw: str) -> str:
    """Simplified characters and ASCII digits, with exactly one output character per input character."""
    text = raw.translate(_WIDTH_MAP)
    converted = _t2s().convert(text)
    if len(converted) != len(text):
        # A phrase conversion changed the length; fall back to one character at a time to keep offsets.
        converted = "".join(_t2s().convert(ch) if len(_t2s().convert(ch)) == 1 else ch for ch in text)
    return converted


def decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at byte offset {exc.start}); "
                         "save the report as UTF-8 text", file=path, line=line) from None


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


def read_report(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a report file", file=path) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", file=path) from None
    return read_text(decode(data, path), path)
