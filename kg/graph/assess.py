"""Targets against results: for each indicator with a target and a result for the same place, year and
statistic, derive an assessment — exceeded, met, missed or not comparable.

The rule (jjo:QualifierIntervalRule) reads each figure as an interval set by its qualifiers:
  no qualifier → [v, v];  左右 about → [v − δ, v + δ];  以上/超/突破 at least, passed → [v, ∞);
  以下/以内 at most → (−∞, v];  a range (5%—5.5%) → [its lower end, its upper end];
  预计 estimated changes nothing but makes the assessment provisional.
δ is 0.5 percentage points for rates in percent and 5 % of the value otherwise.
With T the target's interval, t its stated value (a range's upper end) and R the result's interval, for indicators
where more is better (all but ranks, and targets stated 'at most'):
  exceeded      when min(R) > t + δ (the result is surely above the target and its tolerance),
  met           when min(R) ≥ min(T),
  missed        when max(R) < min(T),
  not comparable otherwise (the intervals overlap in a way that decides nothing), or when units differ.
Where less is better (a rank: 1 is best; an 'at most' target; an indicator whose jjo:direction is jjo:LessIsBetter,
energy consumption per unit of GDP) the comparison is mirrored; there a negative 'at least' is a fall of at least so
much: 下降3%以上 → (−∞, −3].
Where the indicator's jjo:direction is jjo:Ceiling (consumer prices, unemployment rates: data/reference/indicators.csv)
the target is a limit not to pass, whatever its qualifier: met when max(R) ≤ max(T), missed when min(R) > max(T), not
comparable otherwise, never exceeded. The direction is the statistic's meaning, so it applies to growth rates, levels
and changes; a rank or a share of a plan keeps its own rule.
Example: 2024 居民消费价格 target 涨幅3%左右 → [2.5, 3.5], a ceiling; result 0.2% → [0.2, 0.2]: 0.2 ≤ 3.5 → met.
Example: 2024 地区生产总值 target 增长6%左右 → [5.5, 6.5]; result 增长7%以上 → [7, ∞): 7 > 6.5 → exceeded.
一般公共预算总收入 target 6% → [6, 6]; result 1.7% → [1.7, 1.7]: 1.7 < 6 → missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, XSD

from kg.graph import iris
from kg.graph.namespaces import JJO

INF = Decimal("Infinity")
PERCENT = iris.entity("unit", "percent")
RATE_TOLERANCE = Decimal("0.5")  # percentage points
LEVEL_TOLERANCE = Decimal("0.05")  # share of the stated value
OUTCOME_ZH = {"exceeded": "超额完成", "met": "完成", "missed": "未完成", "not-comparable": "无法比较"}
OUTCOME_IRI = {"exceeded": JJO.Exceeded, "met": JJO.Met, "missed": JJO.Missed, "not-comparable": JJO.NotComparable}


@dataclass(frozen=True)
class Figure:
    iri: URIRef
    value: Decimal
    unit: URIRef
    statistic: URIRef
    qualifiers: frozenset[URIRef]
    label: str
    ends: tuple[Decimal, Decimal] | None = None  # a range's (schema:minValue, schema:maxValue)


@dataclass(frozen=True)
class Assessment:
    outcome: str
    provisional: bool
    difference: Decimal | None  # result − target, in the unit, when both are numbers


def tolerance(fig: Figure) -> Decimal:
    if JJO.About not in fig.qualifiers:
        return Decimal(0)
    return RATE_TOLERANCE if fig.unit == PERCENT else abs(fig.value) * LEVEL_TOLERANCE


def interval(fig: Figure, falls: bool = False) -> tuple[Decimal, Decimal]:
    """`falls`: a negative 'at least' is a fall of at least so much ('下降3%以上' → (−∞, −3]), as it is read where
    less is better; elsewhere it stays [v, ∞)."""
    v, d = fig.value, tolerance(fig)
    if fig.ends is not None:
        return fig.ends
    if fig.qualifiers & {JJO.AtLeast, JJO.Passed}:
        if falls and v < 0:
            return -INF, v
        return v, INF
    if JJO.AtMost in fig.qualifiers:
        return -INF, v
    return v - d, v + d


DIRECTED = (JJO.GrowthRate, JJO.Level, JJO.Change)  # the statistics an indicator's direction applies to


def assess(target: Figure, result: Figure, direction: URIRef | None = None) -> Assessment:
    """`direction`: the indicator's jjo:direction (jjo:LessIsBetter, jjo:Ceiling), None where more is better."""
    provisional = JJO.Estimated in result.qualifiers or JJO.Estimated in target.qualifiers
    if target.unit != result.unit or target.statistic != result.statistic:
        return Assessment("not-comparable", provisional, None)
    if target.statistic not in DIRECTED:
        direction = None
    falls = direction == JJO.LessIsBetter
    t_lo, t_hi = interval(target, falls)
    r_lo, r_hi = interval(result, falls)
    if direction == JJO.Ceiling:
        t_hi = target.value if t_hi == INF else t_hi  # '以上' on a ceiling: the stated value is the limit
        outcome = "met" if r_hi <= t_hi else "missed" if r_lo > t_hi else "not-comparable"
        return Assessment(outcome, provisional, result.value - target.value)
    less_is_better = target.statistic == JJO.Rank or JJO.AtMost in target.qualifiers or direction == JJO.LessIsBetter
    t, d = target.value, tolerance(target)
    if target.ends is not None:  # a range is exceeded above its far end: its upper one, or its lower where less is better
        t = target.ends[0] if less_is_better else target.ends[1]
    if less_is_better:  # mirror: negate everything and compare as if more were better
        t_lo, t_hi, r_lo, r_hi, t = -t_hi, -t_lo, -r_hi, -r_lo, -t
    if r_lo > t + d:
        outcome = "exceeded"
    elif r_lo >= t_lo:
        outcome = "met"
    elif r_hi < t_lo:
        outcome = "missed"
    else:
        outcome = "not-comparable"
    return Assessment(outcome, provisional, result.value - target.value)


Key = tuple  # (indicator, place, year, statistic, kind): the figures an assessment pairs share all but the kind


@dataclass(frozen=True)
class FigureRow:
    """What an assessment reads of one figure: small enough to keep for every figure of a corpus whose graphs are
    made and released a report at a time (kg/graph/stream.py)."""
    key: Key
    figure: Figure
    curated: bool  # jjo:curatedIn: a row of the national table (data/reference/national_figures.csv)


def figure_rows(g: Graph) -> list[FigureRow]:
    """Every figure of `g`."""
    rows = []
    for f in g.subjects(RDF.type, JJO.Figure):
        key = (g.value(f, JJO.indicator), g.value(f, JJO.refPlace), g.value(f, JJO.year), g.value(f, JJO.statistic),
               g.value(f, JJO.kind))
        label = next((str(o) for o in g.objects(f, RDFS.label) if getattr(o, "language", None) == "zh"), str(f))
        low, high = g.value(f, SDO.minValue), g.value(f, SDO.maxValue)
        figure = Figure(f, Decimal(str(g.value(f, JJO.value))), g.value(f, JJO.unit), g.value(f, JJO.statistic),
                        frozenset(g.objects(f, JJO.qualifier)), label,
                        (Decimal(str(low)), Decimal(str(high))) if low is not None and high is not None else None)
        rows.append(FigureRow(key, figure, (f, JJO.curatedIn, None) in g))
    return rows


def directions(g: Graph) -> dict[URIRef, URIRef]:
    """Each indicator's jjo:direction (kg/graph/emit.py states them with the indicators, in the reference graph)."""
    return dict(g.subject_objects(JJO.direction))


def _groups(rows: list[FigureRow]) -> dict[Key, list[Figure]]:
    """Figures by key. Where a group holds a curated figure it is the reference: the group is its curated figures
    alone, and figures extracted from a report for the same key are not judged a second time."""
    groups: dict[Key, list[Figure]] = {}
    curated: dict[Key, set[URIRef]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row.figure)
        if row.curated:
            curated.setdefault(row.key, set()).add(row.figure.iri)
    for key, chosen in curated.items():
        groups[key] = [fig for fig in groups[key] if fig.iri in chosen]
    return groups


def derive(g: Graph, out: Graph) -> int:
    """Add an assessment to `out` for every target/result pair of `g`; return how many."""
    return derive_rows(figure_rows(g), directions(g), out)


def derive_rows(rows: list[FigureRow], direction: dict[URIRef, URIRef], out: Graph) -> int:
    """Add an assessment to `out` for every target/result pair among `rows` (`direction`: of each indicator that
    has one); return how many."""
    groups = _groups(rows)
    n = 0
    for (indicator, place, year, statistic, kind), targets in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if kind != JJO.Target:
            continue
        results = groups.get((indicator, place, year, statistic, JJO.Result), [])
        pairs = [(t, r) for t in sorted(targets, key=lambda f: str(f.iri)) for r in sorted(results, key=lambda f: str(f.iri))]
        for i, (target, result) in enumerate(pairs, start=1):
            base = iris.join_slug(str(indicator).rsplit("/", 1)[-1], str(place).rsplit("/", 1)[-1], str(year),
                                  str(statistic).rsplit("#", 1)[-1].lower())
            a = iris.entity("assessment", base if len(pairs) == 1 else f"{base}-{i}")
            verdict = assess(target, result, direction.get(indicator))
            out.add((a, RDF.type, JJO.Assessment))
            out.add((a, RDF.type, PROV.Entity))
            out.add((a, JJO.indicator, indicator))
            out.add((a, JJO.refPlace, place))
            out.add((a, JJO.year, year))
            out.add((a, JJO.statistic, statistic))
            out.add((a, JJO.target, target.iri))
            out.add((a, JJO.result, result.iri))
            out.add((a, JJO.outcome, OUTCOME_IRI[verdict.outcome]))
            out.add((a, JJO.provisional, Literal(verdict.provisional)))
            if verdict.difference is not None:
                out.add((a, JJO.difference, Literal(format(verdict.difference.normalize(), "f"), datatype=XSD.decimal)))
            out.add((a, JJO.rule, JJO.QualifierIntervalRule))
            out.add((a, PROV.wasDerivedFrom, target.iri))
            out.add((a, PROV.wasDerivedFrom, result.iri))
            out.add((a, RDFS.label, Literal(f"{year}年 {OUTCOME_ZH[verdict.outcome]}：目标 {target.label}；结果 {result.label}",
                                            lang="zh")))
            out.add((a, RDFS.label, Literal(f"{year}: {verdict.outcome.replace('-', ' ')}", lang="en")))
            n += 1
    return n
