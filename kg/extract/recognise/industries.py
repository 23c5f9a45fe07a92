"""Industries: names and aliases from the industry lexicon, longest match first."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.reference import Reference


@dataclass(frozen=True)
class IndustryMention:
    start: int
    end: int
    surface: str
    slug: str


def find_industries(text: str, ref: Reference) -> list[IndustryMention]:
    return [IndustryMention(m.start, m.end, m.surface, m.key) for m in ref.industry_lexicon.find(text)]
