"""Regional specialities (一镇一品): a place name written directly before an industry name ('磁灶陶瓷')."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.recognise.industries import IndustryMention
from kg.extract.recognise.places import PlaceMention


@dataclass(frozen=True)
class Speciality:
    start: int
    end: int
    place: str
    industry: str


def find_specialities(places: list[PlaceMention], industries: list[IndustryMention]) -> list[Speciality]:
    by_start = {i.start: i for i in industries}
    out = []
    for p in places:
        ind = by_start.get(p.end)
        if ind is not None:
            out.append(Speciality(p.start, ind.end, p.slug, ind.slug))
    return out
