"""Undo the newspaper layout: join wrapped physical lines into logical units (items, sentences, labels).

Each unit keeps, for every character of its text, the offset of that character in the original file, so
any span found later can be quoted and highlighted in the source.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.extract import layout
from kg.extract.read import Line, SourceText

FULL_LINE = 0.8  # a line at least this share of the local column width was wrapped by the layout
PARAGRAPH_FULL = 0.75  # ... or this share of the widest line of its own paragraph (narrow columns vary more)
LONG_LINE = 0.6  # a line this long that stops mid-sentence before a blank line was wrapped, not ended
SENTENCE_CLOSE_LINES = 3  # how far a sentence left open before a blank line may run on after it
WINDOW = 8  # lines either side (within the same text frame) that define the local column width


@dataclass
class Unit:
    text: str = ""  # normalised, joined, marker removed
    offsets: list[int] = field(default_factory=list)  # original offset of each character of `text`
    first_line: int = 0
    last_line: int = 0
    frame_start: bool = False  # begins a new text frame (indented first line)
    marker: layout.Marker | None = None
    heading: layout.Heading | None = None
    blank_before: bool = False

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1

    def span_of(self, i: int, j: int) -> tuple[int, int]:
        """Original (start, end) offsets of text[i:j]."""
        return self.offsets[i], self.offsets[j - 1] + 1


def _is_cjk(ch: str) -> bool:
    return not ch.isascii()


def _clean(line: Line, skip: int = 0) -> tuple[str, list[int]]:
    """Drop layout spaces (any whitespace not between two ASCII letters/digits) and the first `skip` chars."""
    text, base = line.text, line.start
    chars: list[str] = []
    offs: list[int] = []
    # Skip leading whitespace, then the marker.
    i = 0
    while i < len(text) and text[i].isspace():
        i += 1
    i += skip
    while i < len(text) and text[i].isspace():
        i += 1
    ahead = i  # the next non-space character after a space: moves only forward, so a line is cleaned in linear time
    for j in range(i, len(text)):
        ch = text[j]
        if ch.isspace():
            prev = chars[-1] if chars else ""
            if ahead <= j:
                ahead = j + 1
                while ahead < len(text) and text[ahead].isspace():
                    ahead += 1
            nxt = text[ahead] if ahead < len(text) else ""
            if prev and nxt and prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
                chars.append(" ")
                offs.append(base + j)
            continue
        chars.append(ch)
        offs.append(base + j)
    return "".join(chars), offs


_TAIL_FRAGMENT = re.compile(r"^[^\s、，,；;：:。！？]{1,2}[、，,；;：:。]")


def _is_frame_start(line: Line) -> bool:
    return bool(line.text.strip()) and line.text[:1].isspace()


def _widths(lines: tuple[Line, ...]) -> list[float]:
    return [layout.display_width(ln.text.strip()) for ln in lines]


def _column_widths(lines: tuple[Line, ...], widths: list[float]) -> list[float]:
    """For each line, the widest line near it in the same text frame: the local column width.

    A frame starts at an indented line; a long caption in one frame must not make the lines of the
    neighbouring frame look short.
    """
    frame = []
    current = 0
    for i, ln in enumerate(lines):
        if _is_frame_start(ln):
            current = i
        frame.append(current)
    # The window counts printed lines only: blank lines between every paragraph (a page's <p>) must not shrink it.
    printed = [i for i, w in enumerate(widths) if w]
    rank = {i: r for r, i in enumerate(printed)}
    out = []
    for i in range(len(lines)):
        r = rank.get(i, bisect.bisect_left(printed, i))
        near = printed[max(0, r - WINDOW):r + WINDOW + 1]
        out.append(max((widths[j] for j in near if frame[j] == frame[i]), default=0))
    return out


class _Paragraphs:
    """The runs of non-blank lines (paragraphs), found once: for any line, where its run ends, the widest line of
    its run and the first non-blank line after it, each in constant time. Scanning the run from every line made
    unwrapping quadratic on a text without blank lines (issue 30: 2.35 → 9.39 CPU s when the text doubled)."""

    def __init__(self, lines: tuple[Line, ...], widths: list[float]):
        self.lines = lines
        n = len(lines)
        blank = [not ln.text.strip() for ln in lines]
        self.end = list(range(n))  # a non-blank line's run ends before this index; a blank line's run is empty
        self.widest = [0.0] * n
        i = 0
        while i < n:
            if blank[i]:
                i += 1
                continue
            j = i
            while j < n and not blank[j]:
                j += 1
            widest = max(widths[i:j])
            for k in range(i, j):
                self.end[k] = j
                self.widest[k] = widest
            i = j
        self.next_nonblank: list[Line | None] = [None] * (n + 1)  # the first non-blank line at this index or later
        for k in range(n - 1, -1, -1):
            self.next_nonblank[k] = self.next_nonblank[k + 1] if blank[k] else lines[k]

    def after(self, idx: int, limit: int) -> tuple[Line, ...]:
        """The first `limit` lines of the run of non-blank lines starting at index `idx`."""
        return self.lines[idx:min(self.end[idx], idx + limit)]

    def widest_around(self, line: Line) -> float:
        """The widest line of the run of non-blank lines that contains `line`."""
        return self.widest[line.number - 1]

    def next_nonblank_after(self, idx: int) -> Line | None:
        """The first non-blank line after the run that starts at `idx` (skipping its blank lines)."""
        return self.next_nonblank[self.end[idx]]


def _continues(cur: Unit, depth: int, prev: Line, paragraphs: _Paragraphs, idx: int, blank_between: bool,
               column: float) -> bool:
    """Whether line `idx` continues the unit `cur`, whose last physical line is `prev` and whose text leaves
    `depth` quotation marks or brackets open.

    Without a blank line between them, a line continues a list item or a full-width line. Across a blank
    line (the layout puts them inside items too), it continues only on positive evidence: the item is one
    of a bulleted list that goes on after it, or the line completes a long line that stopped mid-sentence.
    """
    prev_text = prev.text.strip()
    nxt_text = paragraphs.lines[idx].text.strip()
    if cur.heading is not None or layout.BRACKET_LABEL.match(nxt_text):
        return False
    if prev_text and prev_text[-1] in layout.SENTENCE_END:
        return False
    if depth > 0:
        return True
    if prev_text and prev_text[-1] in layout.JOINERS:
        return True
    if layout.CONTINUATION_START.match(nxt_text):
        return True
    width = layout.display_width(prev_text)
    if not blank_between:
        paragraph = paragraphs.widest_around(prev)
        # Inside a bulleted item every following line belongs to it; a numbered theme heading is often a
        # short line of its own, so it continues only when the line is full.
        bulleted = cur.marker is not None and cur.marker.kind == "bullet"
        return bulleted or width >= FULL_LINE * column or width >= PARAGRAPH_FULL * paragraph
    if cur.marker is not None and cur.marker.kind == "bullet":
        after = paragraphs.next_nonblank_after(idx)
        if after is not None and after.text.strip()[:1] == cur.marker.symbol:
            return True  # a bulleted list has no unbulleted items: this paragraph belongs to the item above
    if width < LONG_LINE * column:
        return False
    if _TAIL_FRAGMENT.match(nxt_text):
        return True  # '茏成为常态。' or '富裕，以……': the tail of a word split by the wrap
    # The sentence left open above closes within the next few lines, before any blank line.
    return any(ch in layout.SENTENCE_END for ln in paragraphs.after(idx, SENTENCE_CLOSE_LINES) for ch in ln.text)


def unwrap(source: SourceText) -> list[Unit]:
    units: list[Unit] = []
    texts: list[list[str]] = []  # each unit's pieces, joined at the end (`text +=` on an attribute copies it each time)
    widths = _widths(source.lines)
    columns = _column_widths(source.lines, widths)
    paragraphs = _Paragraphs(source.lines, widths)
    cur: Unit | None = None
    pieces: list[str] = []
    depth = 0  # quotation marks and brackets open at the end of the current unit's text
    prev: Line | None = None
    blanks = 0
    indent_alone = False  # an indentation printed on a line of its own ('　　' and a line break: a page's <p>　　<b>…)
    for idx, line in enumerate(source.lines):
        stripped = line.text.strip()
        if not stripped or all(ch in layout.RUBRICS for ch in stripped):
            blanks += 1
            indent_alone = not stripped and bool(line.text) and line.text.isspace()
            continue
        frame_start = _is_frame_start(line) or indent_alone
        indent_alone = False
        compact = "".join(stripped.split())
        marker = layout.marker_at(stripped)
        heading = layout.heading_at(compact) if marker is None else None
        starts_new = (
            cur is None or prev is None or frame_start or marker is not None or heading is not None
            or stripped[0] in layout.RUBRICS
            or not _continues(cur, depth, prev, paragraphs, idx, blanks > 0, columns[idx])
        )
        if starts_new:
            cur = Unit(first_line=line.number, frame_start=frame_start, marker=marker, heading=heading,
                       blank_before=blanks > 0 or not units)
            units.append(cur)
            pieces = []
            texts.append(pieces)
            depth = 0
        text, offs = _clean(line, skip=marker.length if (starts_new and marker) else 0)
        pieces.append(text)
        depth = layout.bracket_depth(text, depth)
        cur.offsets.extend(offs)
        cur.last_line = line.number
        prev = line
        blanks = 0
    for unit, parts in zip(units, texts, strict=True):
        unit.text = "".join(parts)
    return [u for u in units if u.text]
