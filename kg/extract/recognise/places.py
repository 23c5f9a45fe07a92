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

    Not every place word in a name is a location: a place in brackets is an organisation's registered city when a
    place outside them says where it is, else the only place said (中科华清（泉州）精细陶瓷研究院 lies in 泉州市);
    the reporting county or city says nothing a report of it does not (晋江 in 晋江隧道 is the river); and an area named after a division and a site in it contains the site:
    it lies in the division, not within the site (安海北环-龙山寺片区 is in 安海镇).
    """
    inside = _bracketed(name)
    running = ref.place_lexicon(home).forms
    matches, prev = [], 0
    for m in ref.name_lexicon(home).find(name):
        # a county's short name read only in names (Gazetteer.name_forms) opens the name or follows a place word
        # or a bracket (萧山 of 杭州萧山国际机场), never within a word (资源 of 水资源配置工程)
        if m.surface not in running and name.startswith(("江", "河", "湖"), m.end):
            continue  # 黄浦江 is the river, not 黄浦区
        if m.surface in running or m.start == 0 or m.start == prev or name[m.start - 1] in "（(":
            matches.append(m)
            prev = m.end
    found = [m.key for m in matches if not any(inside[m.start:m.end])]
    found += _provinces_by_one_char(name, ref, home) + _route_ends(name, ref)
    out = located(found, name, ref, home)
    if not out:
        # With no place outside them, the brackets' place is where it is (北方（沧州）跨境电商物流基地; 中科华清（泉州）…
        # in Jinjiang's report lies in 泉州市, if no nearer: the name says no more), as `located` leaves it.
        out = located([m.key for m in matches if all(inside[m.start:m.end])], name, ref, home)
    return out


_ROUTE_HEADS = "铁路|高铁|高速|城际|公路|航道|运河|管道|输电|直流|干线|通道"


def _provinces_by_one_char(name: str, ref: Reference, home: str) -> list[str]:
    """川藏铁路 → 四川省, 西藏自治区; 豫东… → 河南省: provinces by their one-character forms (place_names.yaml),
    in the opening of a name only, in a report of the nation or a province only (a county's writes one character
    for itself: 晋 = 晋江)."""
    gazetteer = ref.gazetteer
    one = gazetteer.naming.province_one_char
    if not one or home not in gazetteer.divisions or gazetteer.level_of(home) > 1:
        return []
    chars = re.escape("".join(one))
    m = re.match(rf"([{chars}]{{2,4}})(?:{_ROUTE_HEADS})", name) or re.match(rf"([{chars}])[东西南北中]", name)
    if not m:
        return []
    return [slug for ch in m.group(1) for slug in gazetteer.named(one[ch])[:1]]


def _route_ends(name: str, ref: Reference) -> list[str]:
    """阜阳至黄冈段, 崇左至凭祥铁路: the two ends of a route, each the one prefecture or county of China so named
    (a name borne by several names none)."""
    m = re.search(r"([^\W\d_至]{2,4})至([^\W\d_至]{2,4}?)(?:段|[（(]|" + _ROUTE_HEADS + ")", name)
    if not m:
        return []
    gazetteer = ref.gazetteer
    out = []
    for word, from_end in ((m.group(1), True), (m.group(2), False)):
        for k in range(len(word), 1, -1):
            part = word[-k:] if from_end else word[:k]
            named = [s for s in gazetteer.named(part) if gazetteer.level_of(s) in (2, 3)]
            if len(named) == 1:
                out.append(named[0])
                break
    return out


def located(places: list[str], name: str, ref: Reference, home: str | None = None) -> list[str]:
    """The most specific places a project named `name` lies in, from candidate places (of its name or curated);
    with `home`, the reporting place and those above it are left out."""
    obvious = {ref.gazetteer.country} if home else set()
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
        if ch in "（(" and not (depth == 0 and re.match(r"[（(][^（）()]{1,10}段[）)]", text[i:])):
            depth += 1  # a bracketed section of a route or a park (大运河国家文化公园（河南段）) is read
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
