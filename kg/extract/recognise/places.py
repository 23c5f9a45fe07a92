"""Places: gazetteer names and their short forms (安海 → 安海镇), longest match first."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.reference import Reference


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    slug: str


def find_places(text: str, ref: Reference) -> list[PlaceMention]:
    return [PlaceMention(m.start, m.end, m.surface, m.key) for m in ref.place_lexicon.find(text)]


def most_specific(slugs: list[str], ref: Reference) -> list[str]:
    """Drop every place that contains another of the list: 安海镇 and 龙山寺 → 龙山寺."""
    keep = []
    for s in dict.fromkeys(slugs):
        if not any(s in ref.place_ancestors(o) for o in slugs if o != s):
            keep.append(s)
    return keep
