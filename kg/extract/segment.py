"""Segment a report's units into sections, themes and statements, undoing the scrambled reading order.

Newspaper extraction can print a section heading after its items and move a theme away from its section.
Two signals put them back: themes are numbered within a section, so a theme number seen twice starts a new
group; and a heading that arrives while the current group has none is that group's heading.

A statement is the smallest unit carrying one claim: a paragraph of running text (the formal full text, a
news article) is cut into its sentences, and a numbered theme that runs on ('（一）产业转型步伐加快。新增……')
into its title and the sentences after it. A bulleted item stays whole: the newspaper made it one claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.extract import layout
from kg.extract.unwrap import Unit
from kg.extract.years import YEAR, year_number


@dataclass
class Section:
    key: str  # 's07': unique within the report
    title: str
    number: int  # the printed number, or the first free number in reading order when none is printed
    printed: bool  # whether `number` was printed in the report
    review: bool  # a review of the past year rather than plans
    unit: Unit
    reading_order: int
    year: int | None = None  # the year its heading names ('一、2022年工作回顾' → 2022)


@dataclass
class Theme:
    key: str
    ordinal: int
    unit: Unit
    section: Section | None
    year: int | None = None  # the year its title names ('（一）一九五七年经济战线上的胜利' → 1957)


@dataclass
class Item:
    """A unit of the report in reading order with its place in the outline."""

    unit: Unit
    role: str  # 'heading', 'theme', 'statement' (inside a section or theme), 'loose', 'byline'
    index: int
    section: Section | None = None
    theme: Theme | None = None
    key: str = ""  # structural key of statements and themes, e.g. 's04-t1-2'
    paragraph: int = -1  # index of the printed paragraph it was cut from (sentences of one paragraph share it)


@dataclass
class Outline:
    sections: list[Section]
    themes: list[Theme]
    items: list[Item]

    def statements(self) -> list[Item]:
        return [i for i in self.items if i.role in ("statement", "theme")]


@dataclass
class _Group:
    heading: Unit | None = None
    themes: list[Item] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    ordinals: set[int] = field(default_factory=set)


_HEADING_YEAR = re.compile(f"({YEAR})年")
THEME_TITLE_LENGTH = 30  # a theme's unit no longer than this is its title, and a year it names is the theme's


def sentences(unit: Unit) -> list[Unit]:
    """The unit cut after each sentence end outside quotation marks; a bulleted item or a heading stays whole."""
    if unit.heading is not None or (unit.marker is not None and unit.marker.kind == "bullet"):
        return [unit]
    text, pieces, start = unit.text, [], 0
    depth = 0
    for i, ch in enumerate(text):
        if ch in layout.OPENERS:
            depth += 1
        elif ch in layout.OPENERS.values() and depth:
            depth -= 1
        elif ch in layout.SENTENCE_END and depth == 0 and (i + 1 == len(text) or text[i + 1] not in layout.SENTENCE_END):
            end = i + 1
            while end < len(text) and text[end] in "”’」）)":
                end += 1
            if end < len(text):
                pieces.append((start, end))
                start = end
    pieces.append((start, len(text)))
    if len(pieces) == 1:
        return [unit]
    out = []
    for n, (i, j) in enumerate(pieces):
        first = n == 0
        out.append(replace(unit, text=text[i:j], offsets=unit.offsets[i:j],
                           marker=unit.marker if first else None, frame_start=unit.frame_start and first,
                           blank_before=unit.blank_before and first))
    return out


PARAGRAPH_STYLE_SHARE = 0.5


def _indentation_is_paragraph_style(units: list[Unit]) -> bool:
    """Whether most paragraphs of the text are indented ('　　2008年是极不平凡的一年。'): then an indented line begins
    a paragraph, as in a formal full text, not a new frame of a newspaper page (a box beside the article)."""
    paragraphs = [u for u in units if u.heading is None]
    return bool(paragraphs) and sum(u.frame_start for u in paragraphs) / len(paragraphs) > PARAGRAPH_STYLE_SHARE


def outline(units: list[Unit]) -> Outline:
    items: list[Item] = []
    groups: list[_Group] = []
    open_group: _Group | None = None
    current_theme: Item | None = None
    paragraph_of: list[int] = []
    pieces: list[Unit] = []
    for n, unit in enumerate(units):
        cut = sentences(unit)
        pieces.extend(cut)
        paragraph_of.extend([n] * len(cut))

    indented_paragraphs = _indentation_is_paragraph_style(units)
    for index, unit in enumerate(pieces):
        if unit.frame_start and unit.heading is None and not indented_paragraphs:
            open_group, current_theme = None, None  # a new text frame ends the section flow
        if layout.BYLINE.match(unit.text):
            open_group, current_theme = None, None
            items.append(Item(unit, "byline", index))
            continue
        if unit.heading is not None:
            item = Item(unit, "heading", index)
            items.append(item)
            if open_group is not None and open_group.heading is None and open_group.items:
                open_group.heading = unit  # the heading printed after its items
            else:
                open_group = _Group(heading=unit)
                groups.append(open_group)
                current_theme = None
            continue
        marker = unit.marker
        if marker is not None and marker.kind in ("circled", "numbered"):
            if open_group is None or marker.ordinal in open_group.ordinals:
                open_group = _Group()
                groups.append(open_group)
            item = Item(unit, "theme", index)
            open_group.ordinals.add(marker.ordinal)
            open_group.themes.append(item)
            open_group.items.append(item)
            current_theme = item
            items.append(item)
            continue
        if open_group is not None:
            item = Item(unit, "statement", index)
            item.theme = None  # resolved below, once themes have keys
            item._parent = current_theme  # type: ignore[attr-defined]
            open_group.items.append(item)
            items.append(item)
            continue
        items.append(Item(unit, "loose", index))

    for item in items:
        item.paragraph = paragraph_of[item.index]
    sections, themes = _resolve(groups)
    _key_statements(groups, items)
    return Outline(sections, themes, items)


def _resolve(groups: list[_Group]) -> tuple[list[Section], list[Theme]]:
    """Turn groups into sections (numbering unnumbered ones) and themes with keys."""
    headed = [g for g in groups if g.heading is not None]
    printed = {g.heading.heading.number for g in headed if g.heading.heading.number is not None}
    free = (n for n in range(1, 1000) if n not in printed)
    sections: list[Section] = []
    by_group: dict[int, Section] = {}
    taken: dict[str, int] = {}
    for order, g in enumerate(headed, start=1):
        h = g.heading.heading
        number = h.number if h.number is not None else next(free)
        year = _HEADING_YEAR.search(h.title)
        key = f"s{number:02d}"
        # A number printed twice (two parts of one text, a long text) must not merge two sections' IRIs.
        taken[key] = taken.get(key, 0) + 1
        key = key if taken[key] == 1 else f"{key}r{taken[key]}"
        section = Section(key=key, title=h.title, number=number, printed=h.number is not None,
                          review=bool(layout.REVIEW_HEADING.search(h.title) or (
                              layout.ACHIEVED_HEADING.search(h.title) and not layout.PLAN_HEADING_WORDS.search(h.title))),
                          unit=g.heading, reading_order=order,
                          year=year_number(year.group(1)) if year else None)
        sections.append(section)
        by_group[id(g)] = section
    themes: list[Theme] = []
    for gi, g in enumerate(groups, start=1):
        section = by_group.get(id(g))
        prefix = section.key if section else f"g{gi}"
        for item in g.themes:
            named = _HEADING_YEAR.search(item.unit.text) if len(item.unit.text) <= THEME_TITLE_LENGTH else None
            theme = Theme(key=f"{prefix}-t{item.unit.marker.ordinal}", ordinal=item.unit.marker.ordinal,
                          unit=item.unit, section=section, year=year_number(named.group(1)) if named else None)
            item.section, item.theme, item.key = section, theme, theme.key
            themes.append(theme)
        g._section = section  # type: ignore[attr-defined]
        g._prefix = prefix  # type: ignore[attr-defined]
    sections.sort(key=lambda s: s.number)
    return sections, themes


def _key_statements(groups: list[_Group], items: list[Item]) -> None:
    """Give statements keys: '{theme}-{k}' inside a theme, '{section}-{k}' directly in a section, 'i{k}' loose."""
    for g in groups:
        counters: dict[str, int] = {}
        for item in g.items:
            if item.role != "statement":
                continue
            parent = item._parent  # type: ignore[attr-defined]
            item.section = g._section  # type: ignore[attr-defined]
            item.theme = parent.theme if parent is not None else None
            prefix = item.theme.key if item.theme else g._prefix  # type: ignore[attr-defined]
            counters[prefix] = counters.get(prefix, 0) + 1
            item.key = f"{prefix}-{counters[prefix]}"
    loose = 0
    for item in items:
        if item.role == "loose":
            loose += 1
            item.key = f"i{loose}"
