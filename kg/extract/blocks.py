"""The article trafilatura found, written as text laid out the way the unwrapper and segmenter read a report.

The reader takes a blank line as the end of a paragraph and a line break as a line of the same paragraph (maybe
wrapped by the layout), and a list marker at a line's start as a list item. trafilatura's own text output writes
every block on one line with no blank line between blocks, which merges a digest's boxes and turns its results
into targets. So the article's tree (trafilatura's XML: p, head, list/item, table/row/cell, quote, lb) is written
here: a blank line after every block, a line break for each <br>, a list item on a line of its own with the marker
a browser shows, a table row per line.

Two signals of the page's layout do not survive trafilatura, which trims and collapses spaces and <br>: two <br>
in a row (a paragraph end on many sites) and a line indented with non-breaking or ideographic spaces (the reader
takes an indented line as the start of a new text frame). `mark_layout` leaves a placeholder for each in the page
before extraction; `write` turns them back into a blank line and an indentation.
"""

from __future__ import annotations

import re

from lxml import etree, html

from kg.extract import layout

# Private-use characters that stand for a double <br> and an indentation while trafilatura reads the page.
BLANK = "\ue000"
INDENT = "\ue001"
INDENTATION = "\u3000\u3000"  # how an indented line is written: two ideographic spaces, as Chinese text indents
_HTML_BLOCKS = {"p", "div", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                "section", "article", "tr", "table", "ul", "ol", "dl", "body"}
_INDENTED = re.compile(r"^[ \t\r\n]*[\u00a0\u3000][\s\u00a0\u3000]*")
_BLOCKS = {"p", "head", "quote", "code", "list", "table", "div", "item", "row"}
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def mark_layout(tree: html.HtmlElement) -> html.HtmlElement:
    """Leave BLANK between two <br> with only spaces between them, and INDENT for the indentation of a line."""
    for br in tree.iter("br"):
        nxt = br.getnext()
        if nxt is not None and nxt.tag == "br" and not (br.tail or "").strip():
            br.tail = BLANK
    _mark_indents(tree)
    return tree


def _mark_indents(tree: html.HtmlElement) -> None:
    """The first text of each line (after a block starts or a <br>), in reading order, keeps its indentation."""
    line_start = True

    def mark(text: str | None) -> str | None:
        nonlocal line_start
        if not line_start or text is None or not text.strip(" \t\r\n"):
            return text  # spaces a browser collapses are no indentation; the line's first text may come later
        line_start = False
        return _INDENTED.sub(INDENT, text, count=1)

    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue  # a comment or processing instruction
        if event == "start":
            line_start = line_start or el.tag in _HTML_BLOCKS
            el.text = mark(el.text)
        else:
            line_start = line_start or el.tag in _HTML_BLOCKS or el.tag == "br"
            el.tail = mark(el.tail)


def _marker(item: etree._Element, ordered: bool, number: int) -> str:
    """What a browser shows before a list item: the reader needs it to tell the items apart."""
    text = "".join(item.itertext()).strip()
    if layout.marker_at(text) is not None:
        return ""  # the site typed its own marker ('◎', '1.')
    return f"{number}." if ordered else "•"


def _inline(el: etree._Element, out: list[str]) -> None:
    """The text of an element and its inline children; <lb/> is a line break, a nested block starts a line."""
    out.append(el.text or "")
    for child in el:
        if child.tag == "lb":
            out.append("\n")
        elif child.tag in _BLOCKS:
            if _line_open(out):
                _newline(out)
            _block(child, out)
            _newline(out)
        else:
            _inline(child, out)
        out.append(child.tail or "")


def _newline(out: list[str]) -> None:
    """End the line being written, once: a blank line comes only from the page (BLANK) or between blocks."""
    last = next((piece for piece in reversed(out) if piece), "\n")
    if not last.endswith("\n"):
        out.append("\n")


def _line_open(out: list[str]) -> bool:
    """Whether the line being written holds text (a list marker alone does not: its item's text goes on it)."""
    tail: list[str] = []
    for piece in reversed(out):  # back to the last line break only: articles run to thousands of pieces
        tail.append(piece.rsplit("\n", 1)[-1])
        if "\n" in piece:
            break
    line = "".join(reversed(tail)).strip()
    return bool(line) and layout.marker_at(line + "x") is None


def _list(el: etree._Element, out: list[str]) -> None:
    ordered = el.get("rend") == "ol"
    for number, item in enumerate(el.iterfind("item"), 1):
        _newline(out)
        out.append(_marker(item, ordered, number))
        _inline(item, out)
        _newline(out)


def _table(el: etree._Element, out: list[str]) -> None:
    for row in el.iter("row"):
        cells = []
        for cell in row.iterfind("cell"):
            parts: list[str] = []
            _inline(cell, parts)
            cells.append(" ".join("".join(parts).replace(INDENT, "").split()))
        _newline(out)
        out.append(" | ".join(cells) + "\n")


def _block(el: etree._Element, out: list[str]) -> None:
    if el.tag == "list":
        _list(el, out)
    elif el.tag == "table":
        _table(el, out)
    else:
        _inline(el, out)


def _tidy(text: str) -> str:
    """Spaces collapsed and trimmed per line, the placeholders written back, at most one blank line in a row."""
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    lines = ["" if line == BLANK else line.replace(BLANK, "") for line in lines]
    lines = [INDENTATION + line.lstrip(INDENT + " ").replace(INDENT, "") if line.startswith(INDENT)
             else line.replace(INDENT, "") for line in lines]
    text = "\n".join(line if line.strip() else "" for line in lines)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def write(body: etree._Element) -> str:
    """The article as text: blocks separated by a blank line."""
    blocks = []
    for el in body:
        out: list[str] = []
        _block(el, out)
        text = _tidy("".join(out))
        if text:
            blocks.append(text)
        if el.tail and el.tail.strip():
            blocks.append(_tidy(el.tail))
    return "\n\n".join(blocks)
