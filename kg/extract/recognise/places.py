"""Places: the names a report of one place uses for places (安海 → 安海镇 in a report of 晋江市), longest first.

Which place a name means depends on who speaks (kg/extract/gazetteer.py); every function here takes the
reporting place, `home`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.reference import Reference


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    slug: str


def find_places(text: str, ref: Reference, home: str) -> list[PlaceMention]:
    return [PlaceMention(m.start, m.end, m.surface, m.key) for m in ref.place_lexicon(home).find(text)]


def most_specific(slugs: list[str], ref: Reference) -> list[str]:
    """Drop every place that contains another of the list: 安海镇 and 龙山寺 → 龙山寺."""
    keep = []
    for s in dict.fromkeys(slugs):
        if not any(s in ref.place_ancestors(o) for o in slugs if o != s):
            keep.append(s)
    return keep


def places_in_name(name: str, ref: Reference, home: str) -> list[str]:
    """Where a project is, as far as the words of its name say.

    Not every place word in a name is a location: a place in brackets is an organisation's registered city
    (中科华清（泉州）精细陶瓷研究院); the reporting place and the places above it say nothing a report of it does
    not (and 晋江 in 晋江隧道 is the river); and an area named after a division and a site in it contains the site:
    it lies in the division, not within the site (安海北环-龙山寺片区 is in 安海镇).
    """
    inside = _bracketed(name)
    found = [m.key for m in ref.place_lexicon(home).find(name) if not any(inside[m.start:m.end])]
    return located(found, name, ref, home)


def located(places: list[str], name: str, ref: Reference, home: str | None = None) -> list[str]:
    """The most specific places a project named `name` lies in, from candidate places (of its name or curated);
    with `home`, the reporting place and those above it are left out."""
    obvious = {*ref.place_ancestors(home)} if home else set()
    if home and ref.gazetteer.level_of(home) != 1:
        # A province's own name in a name says where (雄商高铁河南段 in Henan's report); a county's or a city's
        # is often a river's or a brand's (晋江隧道), and says nothing a report of it does not.
        obvious.add(home)
    gazetteer = ref.gazetteer
    if name.endswith(tuple(gazetteer.naming.area_heads)):
        # An area named after a division and a site in it (安海北环-龙山寺片区) contains the site.
        named = set(places)
        places = [s for s in places if gazetteer.is_division(s) or gazetteer.anchor(s) not in named]
    out = [s for s in dict.fromkeys(places) if s not in obvious]
    return most_specific(out, ref)


def _bracketed(text: str) -> list[bool]:
    """True for characters inside round brackets, full- or half-width."""
    mask, depth = [False] * len(text), 0
    for i, ch in enumerate(text):
        if ch in "（(":
            depth += 1
        mask[i] = depth > 0
        if ch in "）)" and depth:
            depth -= 1
    return mask


_SUBJECT_LEAD = re.compile(r"^(?:\d{4}年)?(?:全年|其中|今年|去年)?$")
_CLAUSE_ENDS = "，。；：！？,;:!?\n"


def figure_place(text: str, at: int, mentions: list[PlaceMention], home: str, ref: Reference) -> str | None:
    """The place a figure at `at` is of, when its clause opens with another division as its subject
    ('2022年南诏镇完成12个……' in a report of 诏安县); None keeps the reporting place. A list of places
    ('福州、厦门、泉州三市……') names no single one."""
    start = max(text.rfind(p, 0, at) for p in _CLAUSE_ENDS) + 1
    inside = [m for m in mentions if start <= m.start < at]
    if not inside:
        return None
    first = inside[0]
    if not _SUBJECT_LEAD.match(text[start:first.start].strip()) or text[first.end:first.end + 1] in "、和与及":
        return None
    if first.slug == home or not ref.gazetteer.is_division(first.slug) or first.slug in ref.place_ancestors(home):
        return None
    return first.slug
