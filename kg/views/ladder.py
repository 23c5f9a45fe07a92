"""The ladder of targets (issue 17): a place's target of a year on one indicator and statistic beside the targets of
every place it lies within (jjo:within, up to 中国), the step from each level to the one above, the result where
known and whether the target was met.

How the ladder is made is jjo:TargetLadderRule in the ontology (its comment, in English and Chinese, is shown on the
page): the same indicator (jjo:indicator), the same statistic (jjo:statistic), the step only between figures of the
same unit — the difference in percentage points for percentages, the ratio otherwise; a level's curated figure (the
national table: jjo:curatedIn) is its figure where there is one; met or missed is the graph's own assessment
(kg/graph/assess.py, jjo:QualifierIntervalRule), not judged again here. A level without a target is a row with no
figure: missing, never zero.

`ladder_rows` gives the same rows as the example query kg/sparql/queries/9-target-ladder.rq (tests/test_ladder.py
checks they agree) from two queries, the levels and then their targets; the steps are computed here from those
rows. The example, one query with FILTER NOT EXISTS for "a curated figure where there is one", took 31.7 s for a
county's ladder on a graph of 2,000 generated reports (pyoxigraph 0.5 reads every target of the indicator for it);
these two take 0.01 s there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.sparql.query import QueryService

STATISTICS = {"growth": "GrowthRate", "level": "Level", "change": "Change", "rank": "Rank", "plan-share": "PlanShare"}
PERCENT = str(iris.entity("unit", "percent"))
RULE = str(JJO.TargetLadderRule)

# Rows: one per level (the place and each place above it, deepest first) and target; a level with no target has one
# row whose ?target is unbound. The result and the outcome come from the target's assessment (the derived graph).
# A level's depth counts the places it lies within by `jjo:within*` (itself included, hence − 1), not by an OPTIONAL
# `jjo:within+`: Virtuoso 7 drops the row of the root (中国, which lies within nothing) under such an OPTIONAL.
# The levels: the place and each place it lies within, with its depth (the places it lies within by `jjo:within*`,
# itself included, hence − 1; not an OPTIONAL `jjo:within+`: Virtuoso 7 drops the row of the root, 中国).
LEVELS_QUERY = """
SELECT ?place (COUNT(?up) - 1 AS ?depth) WHERE {{
  <{place}> jjo:within* ?place .
  ?place jjo:within* ?up
}} GROUP BY ?place
"""
# Their names and kinds, asked of the places written out (joined in one query with the levels, pyoxigraph 0.5 read
# every label of the store first: 0.43 s a ladder at 2,000 reports).
NAMES_QUERY = """
SELECT ?place ?place_zh ?level WHERE {{
  VALUES ?place {{ {places} }}
  ?place rdfs:label ?place_zh . FILTER (lang(?place_zh) = "zh")
  OPTIONAL {{ ?place jjo:placeType ?level }}
}}
"""
# The levels' targets, each with its curated row and its assessment where there are: asked of the levels' places
# written out, so that the engine starts from them (in one query with the levels, pyoxigraph 0.5 read every target
# of the indicator: 0.45 s a ladder at 2,000 reports, 9.9 s with the example's FILTER NOT EXISTS).
TARGETS_QUERY = """
SELECT ?place ?target ?value ?unit ?text ?curated ?result ?result_value ?result_text ?outcome WHERE {{
  VALUES ?place {{ {places} }}
  ?target jjo:refPlace ?place ; jjo:indicator <{indicator}> ; jjo:year "{year:04d}"^^xsd:gYear ; jjo:kind jjo:Target ;
          jjo:statistic jjo:{statistic} ; jjo:value ?value ; jjo:unit ?unit ; jjo:numberText ?text .
  OPTIONAL {{ ?target jjo:curatedIn ?curated }}
  OPTIONAL {{ ?assessment jjo:target ?target ; jjo:result ?result ; jjo:outcome ?outcome .
             ?result jjo:value ?result_value ; jjo:numberText ?result_text }}
}}
"""
_TARGET_COLUMNS = ("target", "value", "unit", "text", "curated", "result", "result_value", "result_text", "outcome")

STATISTIC_QUERY = """
SELECT ?statistic (COUNT(DISTINCT ?place) AS ?levels) WHERE {{
  <{place}> jjo:within* ?place .
  ?target jjo:refPlace ?place ; jjo:indicator <{indicator}> ; jjo:year "{year:04d}"^^xsd:gYear ; jjo:kind jjo:Target ;
          jjo:statistic ?statistic .
}} GROUP BY ?statistic
"""


@dataclass
class Step:
    above: str  # the place of the level the step is from (the nearest above with a figure in the same unit)
    above_zh: str
    kind: str  # points (a difference of percentages) or ratio
    value: Decimal

    def text(self) -> str:
        if self.kind == "points":
            return f"{self.value:+} 个百分点"
        return f"×{self.value}"


@dataclass
class Rung:
    place: str
    place_zh: str
    level: str | None  # country, province, prefecture, county, …
    depth: int  # how many places it lies within (中国: 0)
    target: str | None = None  # None: this level states no such target (missing, not zero)
    value: Decimal | None = None
    unit: str | None = None
    text: str | None = None
    curated: str | None = None  # the curated row it comes from (national_figures.csv:45), when it is one
    result: str | None = None
    result_value: Decimal | None = None
    result_text: str | None = None
    outcome: str | None = None  # Exceeded, Met, Missed, NotComparable
    step: Step | None = None

    def as_json(self) -> dict:
        return {"place": self.place, "place_zh": self.place_zh, "level": self.level, "depth": self.depth,
                "target": self.target, "value": None if self.value is None else str(self.value), "unit": self.unit,
                "as_written": self.text, "curated": self.curated, "result": self.result,
                "result_value": None if self.result_value is None else str(self.result_value),
                "result_as_written": self.result_text, "outcome": self.outcome,
                "step": None if self.step is None else {"from": self.step.above, "from_zh": self.step.above_zh,
                                                        "kind": self.step.kind, "value": str(self.step.value)}}


@dataclass
class Ladder:
    place: str
    indicator: str
    year: int
    statistic: str  # the slug: growth, level, …
    rungs: list[Rung] = field(default_factory=list)

    def levels_with_figures(self) -> int:
        return len({r.place for r in self.rungs if r.target is not None})

    def missing(self) -> list[Rung]:
        return [r for r in self.rungs if r.target is None]


def ladder_rows(service: QueryService, place: str, indicator: str, year: int, statistic: str) -> list[dict]:
    """The rows of the example query (kg/sparql/queries/9-target-ladder.rq), in its order (deepest level first, then
    by target and result): one per level and target, a level without a target one row with it unbound; of a level
    with a curated figure (the national table's), only that figure."""
    depths = service.select(LEVELS_QUERY.format(place=place))
    if not depths:
        return []
    places = " ".join(f"<{r['place'].value}>" for r in depths)
    depth_of = {r["place"].value: r["depth"] for r in depths}
    levels = [{"place": r["place"], "place_zh": r["place_zh"], "level": r["level"], "depth": depth_of[r["place"].value]}
              for r in service.select(NAMES_QUERY.format(places=places))]
    targets = service.select(TARGETS_QUERY.format(places=places, indicator=indicator, year=year,
                                                  statistic=STATISTICS[statistic]))
    by_place: dict[str, list[dict]] = {}
    for t in targets:
        by_place.setdefault(t["place"].value, []).append(t)
    rows = []
    for level in sorted(levels, key=lambda r: -int(r["depth"].value)):
        own = sorted(by_place.get(level["place"].value, []),
                     key=lambda t: (t["target"].value, t["result"] is not None, t["result"].value if t["result"] else ""))
        if any(t["curated"] is not None for t in own):
            own = [t for t in own if t["curated"] is not None]
        for t in own or [dict.fromkeys(_TARGET_COLUMNS)]:
            rows.append({**level, **{c: t[c] for c in _TARGET_COLUMNS}})
    return rows


def default_statistic(service: QueryService, place: str, indicator: str, year: int) -> str:
    """The statistic most levels state a target in (growth before level on a tie); growth when none does."""
    rows = service.select(STATISTIC_QUERY.format(place=place, indicator=indicator, year=year))
    by_local = {v: k for k, v in STATISTICS.items()}
    counted = [(-int(r["levels"].value), list(STATISTICS).index(by_local.get(r["statistic"].value.rsplit("#", 1)[-1],
                                                                            "plan-share")),
                by_local.get(r["statistic"].value.rsplit("#", 1)[-1])) for r in rows]
    counted = [c for c in counted if c[2]]
    return min(counted)[2] if counted else "growth"


def _decimal(term) -> Decimal | None:
    return Decimal(term.value) if term is not None else None


def _value(term) -> str | None:
    return term.value if term is not None else None


def step(rung: Rung, above: Rung) -> Step | None:
    """The step from the level above to this one: points for percentages, a ratio otherwise; None across units."""
    if rung.value is None or above.value is None or rung.unit != above.unit:
        return None
    if rung.unit == PERCENT:
        return Step(above.place, above.place_zh, "points", (rung.value - above.value).normalize())
    if above.value == 0:
        return None
    return Step(above.place, above.place_zh, "ratio", (rung.value / above.value).quantize(Decimal("0.01")).normalize())


def rungs_of(rows) -> list[Rung]:
    """The query's rows as rungs, in its order (deepest level first), each with its step from the nearest level above
    that has a figure (that level's first)."""
    rungs = [Rung(r["place"].value, r["place_zh"].value, _value(r["level"]), int(r["depth"].value),
                  _value(r["target"]), _decimal(r["value"]), _value(r["unit"]), _value(r["text"]),
                  _value(r["curated"]), _value(r["result"]),
                  _decimal(r["result_value"]), _value(r["result_text"]),
                  r["outcome"].value.rsplit("#", 1)[-1] if r["outcome"] is not None else None) for r in rows]
    for rung in rungs:
        above = [a for a in rungs if a.depth < rung.depth and a.value is not None and a.unit == rung.unit]
        if above:
            nearest = max(a.depth for a in above)
            rung.step = step(rung, next(a for a in above if a.depth == nearest))
    return rungs


def ladder(service: QueryService, place: str, indicator: str, year: int, statistic: str | None = None) -> Ladder:
    """The ladder of `place` (an IRI) for `indicator` (an IRI) in `year`, on `statistic` (a slug of STATISTICS; by
    default the one most levels state a target in)."""
    statistic = statistic or default_statistic(service, place, indicator, year)
    return Ladder(place, indicator, year, statistic, rungs_of(ladder_rows(service, place, indicator, year, statistic)))
