"""Link mentions to entities: one Indicator per concept and one Project per work, across all reports.

Names go through the curated lexicons first (保租房 → 保障性租赁住房, 国际芯创港 → 南翼国际芯创港), so the same
thing written two ways in two reports gets one IRI; anything the lexicons do not know is its own entity,
named as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.model import FigureRecord, ProjectRecord, ReportExtraction
from kg.extract.recognise.places import located
from kg.extract.reference import Reference
from kg.extract.slugs import slugify


@dataclass
class IndicatorEntity:
    slug: str
    name_zh: str
    name_en: str | None
    broader: str | None  # slug of the stock indicator a flow indicator counts additions to
    curated: bool
    reports: set[str] = field(default_factory=set)
    part_of: set[str] = field(default_factory=set)  # slugs of the totals it is a part of (其中)


@dataclass
class ProjectEntity:
    slug: str
    name_zh: str
    name_en: str | None
    is_group: bool
    places: list[str] = field(default_factory=list)
    is_programme: bool = False  # a programme without a site (医疗卫生强基工程), not works on the ground
    industries: list[str] = field(default_factory=list)
    groups: set[str] = field(default_factory=set)  # slugs of groups it belongs to
    reports: set[str] = field(default_factory=set)
    curated_place: str | None = None


@dataclass
class Linked:
    indicators: dict[str, IndicatorEntity]
    projects: dict[str, ProjectEntity]
    figure_indicator: dict[int, str]  # id(FigureRecord) → indicator slug
    project_slug: dict[int, str]  # id(ProjectRecord) → project slug


class Linker:
    def __init__(self, ref: Reference):
        self.ref = ref
        self.flow_en: dict[str, str] = dict(ref.phrases["flow_verbs"])
        self.indicators: dict[str, IndicatorEntity] = {}
        self.projects: dict[str, ProjectEntity] = {}
        self.names: dict[str, str] = {}  # slug → the name that minted it, to catch two names on one slug

    def _claim(self, slug: str, name: str, what: str) -> str:
        """Two different names that transliterate alike get distinct slugs, deterministically."""
        owner = self.names.get(f"{what}:{slug}")
        if owner is None or owner == name:
            self.names[f"{what}:{slug}"] = name
            return slug
        n = 2
        while self.names.get(f"{what}:{slug}-{n}") not in (None, name):
            n += 1
        self.names[f"{what}:{slug}-{n}"] = name
        return f"{slug}-{n}"

    def indicator(self, fig: FigureRecord) -> IndicatorEntity:
        whole_slug = self.ref.indicator_lexicon.lookup(fig.indicator) if fig.flow else None
        # The curated name may itself carry the flow verb ('新增城镇就业' is 城镇就业, already a count of additions).
        base_slug = whole_slug or self.ref.indicator_lexicon.lookup(fig.indicator_base)
        base = self.ref.indicator_by_slug.get(base_slug) if base_slug else None
        if base is not None and (not fig.flow or whole_slug):
            key, name, en, broader, curated = base.slug, base.name_zh, base.name_en, None, True
        elif base is not None:
            name = fig.flow + base.name_zh
            key, en, broader, curated = slugify(name), f"{base.name_en}, {self.flow_en[fig.flow]}", base.slug, True
            self._ensure_curated(base.slug)
        elif fig.flow and fig.indicator_base:
            # A flow of a stock named only in the text ('新建县域医疗次中心'): the stock is an indicator too, broader
            # than the flow, so that what is counted is found under its own name.
            name = fig.indicator
            key, en, curated = slugify(name), None, False
            broader = self._minted(fig.indicator_base)
        else:
            name = fig.indicator
            key, en, broader, curated = slugify(name), None, None, False
        key = self._claim(key, name, "indicator")
        entity = self.indicators.get(key)
        if entity is None:
            entity = self.indicators[key] = IndicatorEntity(key, name, en, broader, curated)
        return entity

    def _minted(self, name: str) -> str:
        """The slug of the indicator named `name` in the text, made when it is not there yet."""
        key = self._claim(slugify(name), name, "indicator")
        if key not in self.indicators:
            self.indicators[key] = IndicatorEntity(key, name, None, None, False)
        return key

    def _ensure_curated(self, slug: str) -> None:
        if slug not in self.indicators:
            ref = self.ref.indicator_by_slug[slug]
            self.indicators[slug] = IndicatorEntity(slug, ref.name_zh, ref.name_en, None, True)
            self.names[f"indicator:{slug}"] = ref.name_zh

    def project(self, rec: ProjectRecord) -> ProjectEntity:
        entry_slug = self.ref.project_lexicon.lookup(rec.name)
        entry = self.ref.project_by_slug.get(entry_slug) if entry_slug else None
        if entry is not None:
            key, name, en, place = entry.slug, entry.name_zh, entry.name_en or None, entry.place
        else:
            name = rec.name
            if rec.kind == "group":
                ind = self.ref.indicator_lexicon.lookup(rec.name)
                if ind:
                    name = self.ref.indicator_by_slug[ind].name_zh  # 老旧小区改造工程 → 老旧小区改造
            key, en, place = slugify(name), None, None
        key = self._claim(key, name, "project")
        entity = self.projects.get(key)
        if entity is None:
            entity = self.projects[key] = ProjectEntity(key, name, en, rec.kind == "group", curated_place=place)
        entity.is_group = entity.is_group or rec.kind == "group"
        entity.is_programme = rec.kind == "programme" and entry is None  # by its name, the same at every mention
        return entity

    def link(self, extractions: list[ReportExtraction]) -> Linked:
        figure_indicator: dict[int, str] = {}
        project_slug: dict[int, str] = {}
        for ex in extractions:
            report = ex.meta.slug
            for goal in ex.goals:
                for fig in goal.figures:
                    ind = self.indicator(fig)
                    ind.reports.add(report)
                    figure_indicator[id(fig)] = ind.slug
                    if fig.part_of:
                        whole = self.indicator(FigureRecord(fig.span, "", "", fig.value, fig.unit, fig.statistic, [],
                                                            fig.part_of, fig.part_of, "", fig.kind, fig.year))
                        if whole.slug != ind.slug:
                            ind.part_of.add(whole.slug)
                group_slugs: dict[str, str] = {}
                for rec in goal.projects:
                    if rec.kind == "group":
                        group_slugs[rec.name] = self.project(rec).slug
                for rec in goal.projects:
                    proj = self.project(rec)
                    proj.reports.add(report)
                    proj.places = list(dict.fromkeys(proj.places + rec.places))
                    proj.industries = list(dict.fromkeys(proj.industries + rec.industries))
                    if rec.group:
                        group = group_slugs.get(rec.group)
                        if group is None:
                            group = self.project(ProjectRecord(rec.group, rec.span, "group", [], [])).slug
                        if group != proj.slug:
                            proj.groups.add(group)
                    project_slug[id(rec)] = proj.slug
        for proj in self.projects.values():
            places = proj.places + ([proj.curated_place] if proj.curated_place else [])
            proj.places = located(places, proj.name_zh, self.ref)
        return Linked(self.indicators, self.projects, figure_indicator, project_slug)
