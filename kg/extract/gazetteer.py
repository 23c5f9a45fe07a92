"""The national gazetteer: every division of China (divisions.csv) under the curated places (places.csv).

A curated row with a division code stands for that division (its slug, names, aliases and coordinates win);
curated rows without one (sites, parks, new districts) hang below a division. Which place a name means depends
on who is speaking: `lexicon(home)` gives the names a report of `home` can use, each resolved to one place —
full names anywhere, preferring the place nearest home (鼓楼区 in a report of 晋江市 is Fuzhou's); short names
(安海 for 安海镇, 石狮 for 石狮市) only where home would use them: townships of its own county, counties of its
own prefecture, prefectures of its own province, any province. A name two places could equally mean links
to neither.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from kg.errors import InputError

DIVISIONS_SOURCE = ("NBS division code, via modood/Administrative-divisions-of-China (data as of 2022-10-31): "
                    "data/reference/divisions.csv")
LEVEL_DIGITS = (2, 4, 6, 9)  # digits of the code that name the province, prefecture, county and township
LEVEL_OF_TYPE = {"country": 0, "province": 1, "prefecture": 2, "county": 3}
LEVEL_NAMES = {0: "country", 1: "province", 2: "prefecture", 3: "county", 4: "township"}
# The root of the tree, the country, reports too (the State Council's reports). GB/T 2260 and the NBS codes start
# at the province, so it has no division code of its own: the curated row of type `country` (places.csv) stands
# for it, held here under a code of twelve zeros that no division has and that contains every other.
COUNTRY_CODE = "0" * 12


def full_code(code: str) -> str | None:
    """The 12-digit NBS code of a division code written with 2, 4, 6, 9 or 12 digits; None if it is none."""
    if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
        return None
    return code.ljust(12, "0")


def level(code12: str) -> int:
    """0 the country, 1 province, 2 prefecture, 3 county, 4 township: the last level whose digits are not all
    zero."""
    if code12 == COUNTRY_CODE:
        return 0
    for n, digits in enumerate(LEVEL_DIGITS[:3], start=1):
        if not code12[digits:].strip("0"):
            return n
    return 4


def closeness(a: str, b: str) -> int:
    """How many levels two 12-digit codes share (0: other provinces … 4: the same township)."""
    n = 0
    for digits in LEVEL_DIGITS:
        if a[:digits] != b[:digits]:
            break
        n += 1
    return n


def contains(outer: str, inner: str) -> bool:
    """Whether division `outer` contains division `inner` (or is it)."""
    if outer == COUNTRY_CODE:
        return True
    digits = LEVEL_DIGITS[level(outer) - 1]
    return inner[:digits] == outer[:digits] and level(inner) >= level(outer)


@dataclass(frozen=True)
class PlaceRef:
    slug: str
    name_zh: str
    name_en: str
    pinyin: str
    type: str
    parent: str | None
    division_code: str | None
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]
    source: str
    line: int
    file: str = "places.csv"  # divisions.csv for a division no curated row describes


@dataclass(frozen=True)
class Naming:
    suffixes: dict[str, tuple[str, ...]]
    ethnic: tuple[str, ...]
    not_short: frozenset[str]
    area_heads: tuple[str, ...]
    province_one_char: dict[str, str] = field(default_factory=dict)  # 豫 → 河南省: read in projects' names only

    @classmethod
    def from_data(cls, data, path: Path) -> "Naming":
        """From the parsed place_names.yaml at `path` (named in errors)."""
        keys = ("suffixes", "ethnic_names", "not_short_names", "area_heads")
        if not isinstance(data, dict) or not all(k in data for k in keys):
            raise InputError(f"must map {', '.join(keys)}", file=path)
        suffixes = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in data["suffixes"].items()}
        if set(suffixes) != {"province", "prefecture", "county", "township"}:
            raise InputError("suffixes must list province, prefecture, county and township", file=path)
        one_char = {str(ch): str(name) for name, ch in (data.get("province_one_char") or {}).items()}
        if any(len(ch) != 1 for ch in one_char):
            raise InputError("province_one_char maps a province's name to one character", file=path)
        return cls(suffixes, tuple(sorted(data["ethnic_names"], key=len, reverse=True)),
                   frozenset(data["not_short_names"]), tuple(data["area_heads"]), one_char)

    def short(self, name: str, lvl: int) -> str | None:
        """安海镇 → 安海, 延边朝鲜族自治州 → 延边, 晋江市 → 晋江; None when nothing usable is left."""
        for suffix in self.suffixes[LEVEL_NAMES[lvl]]:
            if name.endswith(suffix) and len(name) > len(suffix):
                stem = name[: -len(suffix)]
                if "自治" in suffix or "民族" in suffix:
                    stem = self._drop_ethnic(stem)
                if len(stem) >= 2 and stem not in self.not_short:
                    return stem
                return None
        return None

    def _drop_ethnic(self, stem: str) -> str:
        changed = True
        while changed:
            changed = False
            for e in self.ethnic:
                if stem.endswith(e) and len(stem) >= len(e) + 2:
                    stem, changed = stem[: -len(e)], True
                    break
        return stem


class Division(NamedTuple):  # a tuple, not a dataclass: 44,000 of them are made at every load
    slug: str
    name: str
    type: str
    parent: str | None  # slug
    code: str  # 12 digits
    level: int
    line: int


class _Places(Mapping):
    """slug → PlaceRef for every place; a division's PlaceRef is made when first asked for (44,000 are never)."""

    def __init__(self, curated: dict[str, PlaceRef], divisions: dict[str, Division], file: str):
        self.curated, self.divisions, self.file, self.made = curated, divisions, file, {}

    def __getitem__(self, slug: str) -> PlaceRef:
        p = self.curated.get(slug) or self.made.get(slug)
        if p is None:
            d = self.divisions[slug]  # KeyError for an unknown slug, as a dict would
            p = self.made[slug] = PlaceRef(d.slug, d.name, "", "", d.type, d.parent, _written(d.code), None, None, (),
                                           f"{DIVISIONS_SOURCE}:{d.line}", d.line, self.file)
        return p

    def __contains__(self, slug: object) -> bool:
        return slug in self.curated or slug in self.divisions

    def __iter__(self):
        yield from self.curated
        yield from (s for s in self.divisions if s not in self.curated)

    def __len__(self) -> int:
        return len(self.curated) + sum(1 for s in self.divisions if s not in self.curated)


class Gazetteer:
    """Every place a report can name: divisions by code, curated places by slug, names resolved per speaker."""

    def __init__(self, curated: list[PlaceRef], divisions_path: Path, naming: Naming):
        self.naming = naming
        self.curated = curated
        curated_by_code = {full_code(p.division_code): p for p in curated if p.division_code}
        countries = [p for p in curated if p.type == "country"]
        if len(countries) > 1:
            raise InputError("only one place may be of type country (the root of the tree)",
                             file=divisions_path.with_name(countries[1].file), line=countries[1].line)
        self.country = countries[0].slug if countries else None
        self.divisions = _read_divisions(divisions_path, curated_by_code, countries[0] if countries else None)
        self.code_of = {d.slug: d.code for d in self.divisions.values()}  # slug → 12-digit code
        self.slug_of_code = {d.code: d.slug for d in self.divisions.values() if d.level > 0}
        for p in curated:
            if p.division_code and full_code(p.division_code) not in self.slug_of_code:
                raise InputError(f"division_code {p.division_code} of {p.slug!r} is not in {divisions_path.name}",
                                 file=divisions_path.with_name(p.file), line=p.line)
            if not p.division_code and p.slug in self.divisions and p.slug != self.country:
                raise InputError(f"slug {p.slug!r} is also a division's in {divisions_path.name}: choose another",
                                 file=divisions_path.with_name(p.file), line=p.line)
        self.places: Mapping[str, PlaceRef] = _Places({p.slug: p for p in curated}, self.divisions, divisions_path.name)
        self._forms_of: dict[str, dict[str, str]] = {}
        # What every speaker shares: the names of provinces, prefectures and counties; townships by prefecture.
        # The country is not among them: 中国 in running text is mostly part of a phrase (中国式现代化).
        self._upper = [d for d in self.divisions.values() if 0 < d.level < 4]
        self._townships: dict[str, list[Division]] = {}
        for d in self.divisions.values():
            if d.level == 4:
                self._townships.setdefault(d.code[:4], []).append(d)

    # -- structure -----------------------------------------------------------------------------------------

    def ancestors(self, slug: str) -> list[str]:
        out, node = [], self.places[slug].parent
        while node:
            out.append(node)
            node = self.places[node].parent
        return out

    def anchor(self, slug: str) -> str | None:
        """The division a place is or lies in (龙山寺 → 安海镇)."""
        for s in (slug, *self.ancestors(slug)):
            if s in self.divisions:
                return s
        return None

    def is_division(self, slug: str) -> bool:
        return slug in self.divisions

    def within(self, inner: str, outer: str) -> bool:
        return inner == outer or outer in self.ancestors(inner)

    # -- names ---------------------------------------------------------------------------------------------

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for d in self.divisions.values():
            out.setdefault(d.name, []).append(d.slug)
        return out

    @cached_property
    def _by_short(self) -> dict[str, list[str]]:
        """Short names of provinces, prefectures and counties (a township's alone names no government)."""
        out: dict[str, list[str]] = {}
        for d in self._upper:
            short = self.naming.short(d.name, d.level)
            if short:
                out.setdefault(short, []).append(d.slug)
        for p in self.curated:
            if p.division_code or p.slug == self.country:
                for alias in p.aliases:
                    if p.slug not in out.get(alias, []):
                        out.setdefault(alias, []).append(p.slug)
        return out

    def is_full_name(self, name: str) -> bool:
        """Whether `name` is some division's full name (七台河市, 五台县, 万家寨镇)."""
        return name in self._by_name

    def named(self, name: str) -> list[str]:
        """Divisions whose full name (or, failing that, short name or alias: 中华人民共和国) is `name`, anywhere in
        China."""
        return list(self._by_name.get(name) or self._by_short.get(name) or [])

    def level_of(self, slug: str) -> int | None:
        d = self.divisions.get(slug)
        return d.level if d else None

    def forms(self, home: str) -> dict[str, str]:
        """The names a report of `home` uses for places → the place each means (made once per home)."""
        found = self._forms_of.get(home)
        if found is None:
            found = self._forms_of[home] = self._forms(home)
        return found

    def _forms(self, home: str) -> dict[str, str]:
        anchor = self.anchor(home)
        if anchor is None:
            raise InputError(f"place {home!r} lies in no division of China: a report needs a government's place")
        here = self.code_of[anchor]
        here_level = level(here)
        best: dict[str, tuple[int, int, str | None]] = {}  # form → (rank, nearness, slug or None if ambiguous)

        def offer(form: str, rank: int, near: int, slug: str) -> None:
            old = best.get(form)
            if old is None or (rank, -near) < (old[0], -old[1]):
                best[form] = (rank, near, slug)
            elif (rank, near) == (old[0], old[1]) and old[2] != slug:
                best[form] = (rank, near, None)

        def in_scope(d: Division) -> bool:
            """Short names a report of `here` uses: any province, the prefectures of its province, the counties
            of its prefecture, the townships of its county."""
            return d.level == 1 or (d.level == 2 and d.code[:2] == here[:2]) or \
                (d.level == 3 and here_level >= 2 and d.code[:4] == here[:4]) or \
                (d.level == 4 and here_level >= 3 and d.code[:6] == here[:6])

        # A township of another prefecture is left out: its name (城关镇, 新华街道) more likely means another.
        townships = self._townships.get(here[:4], []) if here_level >= 2 else []
        for d in (*self._upper, *townships):
            near = closeness(here, d.code)
            if len(d.name) > 2 or near >= 1:  # 新县, 范县 elsewhere are words (示范县城), not places
                offer(d.name, 0, near, d.slug)
            if in_scope(d):
                short = self.naming.short(d.name, d.level)
                if short:
                    offer(short, 2, near, d.slug)
        for p in self.curated:
            if p.division_code:
                d = self.divisions[p.slug]
                if in_scope(d):
                    for alias in p.aliases:  # short forms, under the same rule as the national ones
                        offer(alias, 1, closeness(here, d.code), p.slug)
                continue
            site = self.anchor(p.slug)
            if site is None or here_level == 0:
                continue
            site_code = self.code_of[site]
            local = site_code if level(site_code) < 3 else site_code[:6].ljust(12, "0")  # the site's county
            if contains(local, here) or contains(here, local) and self._says_where(site, (p.name_zh, *p.aliases)):
                # A site is named by the reports of its own county and of the divisions within it; a report from
                # above reads only the names that carry a place word of where it lies (泉州晋江国际机场, 紫帽山):
                # 中心城区 or 高铁新区 in a province's report is its own, not this county's.
                for form in (p.name_zh, *p.aliases):
                    if contains(local, here) or self._says_where(site, (form,)):
                        offer(form, 1, closeness(here, site_code), p.slug)
        return {form: slug for form, (_r, _n, slug) in best.items() if slug is not None}

    def _says_where(self, site: str, forms: tuple[str, ...]) -> bool:
        """Whether any of `forms` holds the full or short name of the division `site` or one above it, up to the
        prefecture (紫帽山 holds 紫帽, 晋江机场 holds 晋江)."""
        words = []
        for slug in (site, *self.ancestors(site)):
            d = self.divisions.get(slug)
            if d is None or d.level < 2:
                continue
            short = self.naming.short(d.name, d.level)
            words += [d.name, short] if short else [d.name]
        return any(w in form for form in forms for w in words)

    def name_forms(self, home: str) -> dict[str, str]:
        """The names a report of `home` uses for places inside a project's name: its running-text forms and, in a
        province's report, the short names of the province's counties (黄骅港, 新郑综保区: a county's works are named
        after it) where one county of the province bears that short name."""
        forms = dict(self.forms(home))
        if self.level_of(home) != 1:
            return forms
        here = self.code_of[home][:2]
        counties: dict[str, list[str]] = {}
        for d in self._upper:
            if d.level == 3 and d.code[:2] == here:
                short = self.naming.short(d.name, d.level)
                if short:
                    counties.setdefault(short, []).append(d.slug)
        for short, slugs in counties.items():
            if len(slugs) == 1 and short not in forms:
                forms[short] = slugs[0]
        return forms

    # -- a place given by a user ---------------------------------------------------------------------------

    def resolve(self, given: str) -> str:
        """A slug from what a user typed: a slug, an NBS code (2–12 digits) or a Chinese name."""
        given = given.strip()
        if given in self.places:
            return given
        code = full_code(given)
        if code is not None:
            slug = self.slug_of_code.get(code)
            if slug is None:
                raise InputError(f"no division has the code {given} (codes as of 2022-10-31, "
                                 "data/reference/divisions.csv)")
            return slug
        found = self.named(given)
        if len(found) == 1:
            return found[0]
        if not found:
            raise InputError(f"no place is named {given!r}: give a Chinese name (石狮市), an NBS code (350581) or a "
                             "slug of data/reference/places.csv or divisions.csv")
        listed = "; ".join(f"{self.describe(s)}" for s in sorted(found, key=lambda s: self.code_of[s])[:10])
        raise InputError(f"{given!r} names {len(found)} places: {listed}; pass the code or the slug instead")

    def describe(self, slug: str) -> str:
        """'诏安县 (350624, in 漳州市, 福建省; slug zhaoanxian)'."""
        p = self.places[slug]
        code = _written(self.code_of[slug]) if slug in self.code_of else None
        up = "、".join(self.places[a].name_zh for a in self.ancestors(slug) if a != self.country)  # all are in it
        parts = ([code] if code else []) + ([f"in {up}"] if up else []) + [f"slug {slug}"]
        return f"{p.name_zh} ({', '.join(parts)})"


def _read_divisions(path: Path, curated_by_code: dict[str, PlaceRef], country: PlaceRef | None) -> dict[str, Division]:
    """divisions.csv, checked; a division a curated row describes takes that row's slug. With a country, it is
    the root: the provinces lie within it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("reference file is missing (make it with scripts/derive_divisions.py)", file=path) from None
    lines = text.splitlines()
    header_at = next((i for i, ln in enumerate(lines) if ln and not ln.startswith("#")), None)
    if header_at is None or lines[header_at] != "code,name,type,parent,slug":
        raise InputError("header must be code,name,type,parent,slug", file=path, line=(header_at or 0) + 1)
    raw: list[tuple[int, str, list[str]]] = []
    slug_of = {}
    for n, record in enumerate(csv.reader(lines[header_at + 1:]), start=header_at + 2):
        code12 = full_code(record[0]) if len(record) == 5 and record[1] else None
        if code12 is None:
            raise InputError("expected a division code, a name, a type, a parent code and a slug", file=path, line=n)
        raw.append((n, code12, record))
        curated = curated_by_code.get(code12)
        slug_of[code12] = curated.slug if curated is not None else record[4]
    out: dict[str, Division] = {}
    root = country.slug if country is not None else None
    if country is not None:
        out[root] = Division(root, country.name_zh, "country", None, COUNTRY_CODE, 0, country.line)
    for n, code12, (_code, name, type_, parent, _slug) in raw:
        up = slug_of.get(parent.ljust(12, "0")) if parent else root
        if parent and up is None:
            raise InputError(f"parent {parent} is not a code of this file", file=path, line=n)
        slug = slug_of[code12]
        if slug in out:
            raise InputError(f"slug {slug!r} appears twice", file=path, line=n)
        out[slug] = Division(slug, name, type_, up, code12, LEVEL_OF_TYPE.get(type_, 4), n)
    return out


def _written(code12: str) -> str | None:
    """As the graph writes a division code: 6 digits down to the county, all 12 for a township; none for the
    country."""
    if code12 == COUNTRY_CODE:
        return None
    return code12[:6] if level(code12) < 4 else code12
