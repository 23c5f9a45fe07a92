"""Places of the generated corpus (issue 14), drawn from the national gazetteer data/reference/divisions.csv:
the reporting government (a province, a prefecture or a county), the places above it that a report names, and the
places below it where its projects lie (the towns of a county, the counties of a prefecture, the prefectures of a
province)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DIVISIONS = Path(__file__).resolve().parent.parent / "data" / "reference" / "divisions.csv"
# Suffix of a government's name → (the head of that government, how the report says "the whole of it").
# Longest first: 自治县 before 县. Divisions ending otherwise (地区, 盟 …) are not drawn: few, and their heads'
# titles vary.
GOVERNMENTS = (("自治区", "主席", "全区"), ("自治州", "州长", "全州"), ("自治县", "县长", "全县"), ("省", "省长", "全省"),
               ("市", "市长", "全市"), ("县", "县长", "全县"), ("区", "区长", "全区"), ("旗", "旗长", "全旗"))
LEVEL_SHARE = (("county", 0.7), ("prefecture", 0.2), ("province", 0.1))
BELOW = {"province": ("prefecture",), "prefecture": ("county",), "county": ("town", "township")}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    type: str
    parent: str
    slug: str


@dataclass(frozen=True)
class Government:
    """A reporting place with what its report needs of the gazetteer."""

    place: Division
    above: tuple[Division, ...]  # nearest first: its prefecture, its province
    below: tuple[Division, ...]  # where its projects may lie
    head: str  # 县长, 市长 …
    whole: str  # 全县, 全市 …

    @property
    def level(self) -> str:
        return self.place.type


class Gazetteer:
    def __init__(self, path: Path = DIVISIONS):
        with path.open(encoding="utf-8") as f:
            rows = csv.DictReader(line for line in f if not line.startswith("#"))
            self.divisions = [Division(r["code"], r["name"], r["type"], r["parent"], r["slug"]) for r in rows]
        self.by_code = {d.code: d for d in self.divisions}

    @cached_property
    def children(self) -> dict[str, list[Division]]:
        out: dict[str, list[Division]] = {}
        for d in self.divisions:
            out.setdefault(d.parent, []).append(d)
        return out

    def government(self, division: Division) -> Government | None:
        """The division as a reporting government, or None when its name or its places below do not fit."""
        titles = next(((head, whole) for suffix, head, whole in GOVERNMENTS if division.name.endswith(suffix)), None)
        if titles is None:
            return None
        head, whole = titles
        below = tuple(d for d in self.children.get(division.code, []) if d.type in BELOW[division.type]
                      and len(d.name) >= 3)
        if len(below) < 3:
            return None
        above, code = [], division.parent
        while code:
            up = self.by_code[code]
            above.append(up)
            code = up.parent
        return Government(division, tuple(above), below, head, whole)

    @cached_property
    def candidates(self) -> dict[str, list[Government]]:
        out: dict[str, list[Government]] = {}
        for d in self.divisions:
            if d.type in BELOW:
                gov = self.government(d)
                if gov is not None:
                    out.setdefault(d.type, []).append(gov)
        return out

    def draw(self, rng: random.Random) -> Government:
        levels, weights = zip(*LEVEL_SHARE)
        level = rng.choices(levels, weights)[0]
        return rng.choice(self.candidates[level])
