"""Curated reference data from `data/reference/`: the gazetteer, the industry, indicator, unit and project
lexicons, and the function-word phrases. Every loader checks its file and names the file and line of any
problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.extract import national as national_table
from kg.extract import yaml_load
from kg.extract.congress import Calendar
from kg.extract.gazetteer import Gazetteer, Naming, PlaceRef
from kg.extract.national import NationalFigure
from kg.extract.reference_csv import read_csv
from kg.extract.slugs import SLUG_RE

PLACE_TYPES = {
    "country", "province", "prefecture", "county", "subdistrict", "town", "mountain", "river", "temple", "heritage-site",
    "township", "park", "area", "new-district", "station", "airport", "port", "industrial-park", "landmark",
}


def _aliases(value: str) -> list[str]:
    return [a.strip() for a in value.split("|") if a.strip()]


def _check_slug(slug: str, path: Path, line: int, seen: set[str]) -> None:
    if not SLUG_RE.match(slug):
        raise InputError(f"slug {slug!r} must be lowercase ASCII words joined by hyphens", file=path, line=line)
    if slug in seen:
        raise InputError(f"slug {slug!r} appears twice", file=path, line=line)
    seen.add(slug)


@dataclass(frozen=True)
class IndustryRef:
    slug: str
    name_zh: str
    name_en: str
    broader: str | None
    code: str | None
    code_name: str | None
    aliases: tuple[str, ...]
    source: str
    line: int


@dataclass(frozen=True)
class IndicatorRef:
    slug: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    source: str
    line: int
    direction: str = ""  # "", "less" or "ceiling": how a result is judged against a target (kg/graph/assess.py)
    related: str | None = None  # the curated indicator that replaced this one when the statistic was redefined


DIRECTIONS = ("", "less", "ceiling")


@dataclass(frozen=True)
class UnitRef:
    token: str
    slug: str
    name_zh: str
    name_en: str
    quantity: str
    qudt: str | None
    source: str


@dataclass(frozen=True)
class ProjectRef:
    slug: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    place: str | None
    source: str
    line: int


def load_places(path: Path) -> list[PlaceRef]:
    cols = ("slug", "name_zh", "name_en", "pinyin", "type", "parent", "division_code", "lat", "lon", "aliases", "source")
    out: list[PlaceRef] = []
    seen: set[str] = set()
    for line, r in read_csv(path, cols):
        _check_slug(r["slug"], path, line, seen)
        if not r["name_zh"]:
            raise InputError("name_zh is empty", file=path, line=line)
        if r["type"] not in PLACE_TYPES:
            raise InputError(f"type {r['type']!r} is not one of {', '.join(sorted(PLACE_TYPES))}", file=path, line=line)
        if r["division_code"] and not r["division_code"].isdigit():
            raise InputError(f"division_code {r['division_code']!r} is not digits", file=path, line=line)
        try:
            lat = float(r["lat"]) if r["lat"] else None
            lon = float(r["lon"]) if r["lon"] else None
        except ValueError:
            raise InputError(f"lat/lon {r['lat']!r}/{r['lon']!r} are not decimal degrees", file=path, line=line) from None
        if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)):
            raise InputError("lat and lon must both be given, within range, or both be empty", file=path, line=line)
        if not r["source"]:
            raise InputError("source is empty: every row cites where its facts come from", file=path, line=line)
        out.append(PlaceRef(r["slug"], r["name_zh"], r["name_en"], r["pinyin"], r["type"], r["parent"] or None,
                            r["division_code"] or None, lat, lon, tuple(_aliases(r["aliases"])), r["source"], line))
    _check_tree({p.slug: p.parent for p in out}, path, {p.slug: p.line for p in out}, "parent")
    return out


def load_industries(path: Path) -> list[IndustryRef]:
    cols = ("slug", "name_zh", "name_en", "broader", "gbt4754_code", "gbt4754_name", "aliases", "source")
    out: list[IndustryRef] = []
    seen: set[str] = set()
    for line, r in read_csv(path, cols):
        _check_slug(r["slug"], path, line, seen)
        if not r["name_zh"] or not r["source"]:
            raise InputError("name_zh and source must not be empty", file=path, line=line)
        out.append(IndustryRef(r["slug"], r["name_zh"], r["name_en"], r["broader"] or None, r["gbt4754_code"] or None,
                               r["gbt4754_name"] or None, tuple(_aliases(r["aliases"])), r["source"], line))
    _check_tree({i.slug: i.broader for i in out}, path, {i.slug: i.line for i in out}, "broader")
    return out


def load_indicators(path: Path) -> list[IndicatorRef]:
    out: list[IndicatorRef] = []
    seen: set[str] = set()
    for line, r in read_csv(path, ("slug", "name_zh", "name_en", "aliases", "source", "direction", "related")):
        _check_slug(r["slug"], path, line, seen)
        if not r["name_zh"] or not r["source"]:
            raise InputError("name_zh and source must not be empty", file=path, line=line)
        if r["direction"] not in DIRECTIONS:
            raise InputError(f"direction {r['direction'][:20]!r} is not empty, 'less' or 'ceiling'", file=path, line=line)
        out.append(IndicatorRef(r["slug"], r["name_zh"], r["name_en"], tuple(_aliases(r["aliases"])), r["source"], line,
                                r["direction"], r["related"] or None))
    slugs = {i.slug for i in out}
    for i in out:
        if i.related is not None and (i.related not in slugs or i.related == i.slug):
            raise InputError(f"related {i.related[:40]!r} is not another indicator's slug", file=path, line=i.line)
    return out


def load_units(path: Path) -> list[UnitRef]:
    out: list[UnitRef] = []
    tokens: set[str] = set()
    for line, r in read_csv(path, ("token", "slug", "name_zh", "name_en", "quantity", "qudt", "source")):
        if not r["token"] or r["token"] in tokens:
            raise InputError(f"token {r['token']!r} is empty or repeated", file=path, line=line)
        if not SLUG_RE.match(r["slug"]):
            raise InputError(f"slug {r['slug']!r} is not a valid slug", file=path, line=line)
        tokens.add(r["token"])
        out.append(UnitRef(r["token"], r["slug"], r["name_zh"], r["name_en"], r["quantity"], r["qudt"] or None, r["source"]))
    return out


def load_projects(path: Path) -> list[ProjectRef]:
    out: list[ProjectRef] = []
    seen: set[str] = set()
    for line, r in read_csv(path, ("slug", "name_zh", "name_en", "aliases", "place", "source")):
        _check_slug(r["slug"], path, line, seen)
        out.append(ProjectRef(r["slug"], r["name_zh"], r["name_en"], tuple(_aliases(r["aliases"])), r["place"] or None,
                              r["source"], line))
    return out


def read_yaml(path: Path, missing: str = "reference file is missing"):
    """The parsed YAML file; a missing or malformed file is an InputError naming the file and line."""
    try:
        return yaml_load.load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(missing, file=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 ({exc.reason})", file=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', exc)}", file=path,
                         line=mark.line + 1 if mark else None) from None


def load_phrases(path: Path) -> dict:
    data = read_yaml(path)
    required = ("qualifiers_before", "qualifiers_after", "estimate_cues", "growth_verbs", "rank_verbs", "review_cues",
                "target_cues", "action_verbs", "noun_starts", "flow_verbs", "trailing_words", "project_heads", "facility_heads", "placed_works_heads", "placed_works_stops",
                "construction_verbs", "works_suffixes", "place_works", "scope_words", "basis_words", "growth_nouns",
                "distributive_pairs", "meeting_cues", "meeting_heads", "generic_measures", "rank_generic", "rank_scopes",
                "concept_modifiers", "rank_populations", "generic_totals", "measure_verbs", "modal_words", "review_openings",
                "period_words", "gap_words", "span_verbs", "basis_suffixes", "report_parts",
                "period_openings", "year_openings", "task_verbs", "infrastructure_heads", "physical_works_words",
                "verbs_before_count", "project_kind_words")
    if not isinstance(data, dict):
        raise InputError("must be a mapping of lists", file=path)
    missing = [k for k in required if k not in data]
    if missing:
        raise InputError(f"lacks key(s) {', '.join(missing)}", file=path)
    return data


def _check_tree(parent_of: dict[str, str | None], path: Path, lines: dict[str, int], what: str) -> None:
    """Every row's `what` (parent, broader) is a slug of the same file, and no chain of them loops."""
    for slug, parent in parent_of.items():
        if parent and parent not in parent_of:
            raise InputError(f"{what} {parent!r} is not a slug of this file", file=path, line=lines[slug])
    for start in parent_of:
        seen = {start}
        node = parent_of.get(start)
        while node:
            if node in seen:
                raise InputError(f"{what} chain from {start!r} loops back to {node!r}", file=path, line=lines[start])
            seen.add(node)
            node = parent_of.get(node)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    surface: str
    key: str  # slug of the entry matched


class Lexicon:
    """Longest-match-first lookup of surface forms in a text; matches do not overlap."""

    def __init__(self, forms: dict[str, str]):
        self.forms = forms  # surface form → slug
        self.max_len = max((len(f) for f in forms), default=0)

    def find(self, text: str) -> list[Match]:
        out: list[Match] = []
        i = 0
        while i < len(text):
            for n in range(min(self.max_len, len(text) - i), 0, -1):
                key = self.forms.get(text[i:i + n])
                if key is not None:
                    out.append(Match(i, i + n, text[i:i + n], key))
                    i += n
                    break
            else:
                i += 1
        return out

    def lookup(self, surface: str) -> str | None:
        return self.forms.get(surface)


def _forms(entries, path: Path) -> dict[str, str]:
    forms: dict[str, str] = {}
    for e in entries:
        for surface in (e.name_zh, *e.aliases):
            owner = forms.get(surface)
            if owner is not None and owner != e.slug:
                raise InputError(f"name or alias {surface!r} is used by both {owner!r} and {e.slug!r}",
                                 file=path, line=e.line)
            forms[surface] = e.slug
    return forms


@dataclass
class Reference:
    """All curated reference data, loaded and checked, with the lexicons the recognisers use."""

    directory: Path
    places: list[PlaceRef]
    industries: list[IndustryRef]
    indicators: list[IndicatorRef]
    units: list[UnitRef]
    projects: list[ProjectRef]
    phrases: dict
    files: list[Path] = field(default_factory=list)
    gazetteer: Gazetteer = field(default=None)  # type: ignore[assignment]  # set by load()
    _place_lexicons: dict[str, Lexicon] = field(default_factory=dict)
    _name_lexicons: dict[str, Lexicon] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> "Reference":
        files = {name: directory / name for name in
                 ("places.csv", "divisions.csv", "place_names.yaml", "industries.csv", "indicators.csv", "units.csv",
                  "projects.csv", "phrases.yaml")}
        places = load_places(files["places.csv"])
        _forms(places, files["places.csv"])  # alias clashes among curated places, reported with file and line
        ref = cls(directory, places, load_industries(files["industries.csv"]),
                  load_indicators(files["indicators.csv"]), load_units(files["units.csv"]),
                  load_projects(files["projects.csv"]), load_phrases(files["phrases.yaml"]), list(files.values()))
        naming = Naming.from_data(read_yaml(files["place_names.yaml"]), files["place_names.yaml"])
        ref.gazetteer = Gazetteer(places, files["divisions.csv"], naming)
        # Touch the lexicons now so that alias clashes are reported at load time, with their file and line.
        ref.industry_lexicon, ref.indicator_lexicon, ref.project_lexicon  # noqa: B018
        for p in ref.projects:
            if p.place and p.place not in ref.place_by_slug:
                raise InputError(f"place {p.place!r} is not in places.csv", file=files["projects.csv"], line=p.line)
        return ref

    @property
    def place_by_slug(self) -> dict[str, PlaceRef]:
        """Every place: the curated ones and every division of China."""
        return self.gazetteer.places

    @cached_property
    def congress(self) -> Calendar:
        """The sessions of the National People's Congress, by which a national report is dated."""
        return Calendar.load(self.directory / "npc_sessions.csv")

    @cached_property
    def industry_by_slug(self) -> dict[str, IndustryRef]:
        return {i.slug: i for i in self.industries}

    @cached_property
    def indicator_by_slug(self) -> dict[str, IndicatorRef]:
        return {i.slug: i for i in self.indicators}

    @cached_property
    def national(self) -> list[NationalFigure]:
        """The national headline targets and results (national_figures.csv; [] without the file)."""
        return national_table.load(self.directory, self.indicator_by_slug, {u.slug for u in self.units})

    @cached_property
    def project_by_slug(self) -> dict[str, ProjectRef]:
        return {p.slug: p for p in self.projects}

    @cached_property
    def unit_by_token(self) -> dict[str, UnitRef]:
        return {u.token: u for u in self.units}

    def name_lexicon(self, home: str) -> Lexicon:
        """The place names a report of `home` uses inside a project's name (Gazetteer.name_forms)."""
        lex = self._name_lexicons.get(home)
        if lex is None:
            lex = self._name_lexicons[home] = Lexicon(self.gazetteer.name_forms(home))
        return lex

    def place_lexicon(self, home: str) -> Lexicon:
        """The place names a report of `home` (a place slug) uses, each meaning one place."""
        lex = self._place_lexicons.get(home)
        if lex is None:
            lex = self._place_lexicons[home] = Lexicon(self.gazetteer.forms(home))
        return lex

    @cached_property
    def industry_lexicon(self) -> Lexicon:
        return Lexicon(_forms(self.industries, self.directory / "industries.csv"))

    @cached_property
    def indicator_lexicon(self) -> Lexicon:
        return Lexicon(_forms(self.indicators, self.directory / "indicators.csv"))

    @cached_property
    def project_lexicon(self) -> Lexicon:
        return Lexicon(_forms(self.projects, self.directory / "projects.csv"))

    def place_depth(self, slug: str) -> int:
        """How many ancestors a place has: deeper is more specific."""
        return len(self.gazetteer.ancestors(slug))

    def place_ancestors(self, slug: str) -> list[str]:
        return self.gazetteer.ancestors(slug)
