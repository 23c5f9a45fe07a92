"""The fields a page shows of the rows of its long lists, read from the store a window of rows at a time.

Beyond a row's key and name, a place page shows of a project mention (a project named by a report) where the
project is and that report's sentences about it; of a goal its report, the places it mentions and its sentences;
of a figure (on place and indicator pages) its indicator, year, kind, statistic, number and sentences. Reading
them is two VALUES joins and each goal's point lookups: ~4 ms of a cold county page of the 10M-triple graph. The
lists' index (kg/views/list_index.py) holds what these functions give for each list's first page, made by the same
calls at build time, so such a page reads none of it from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rdflib.namespace import PROV

from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, node, text

DERIVED, LOCATION = node(str(PROV.wasDerivedFrom)), node(str(JJO.location))
MENTIONS, REPORT = node(str(JJO.mentionsPlace)), node(str(JJO.report))
# A figure's fields, for ?f; one row per passage (and statistic), in the order the store gives them. ?est: whether it
# is an estimate (预计: qualifier jjo:Estimated), which every page showing the figure says in words (issue 29).
FIGURE_VARS = "?f ?ind ?year ?kind ?stat ?text ?place ?est ?passage"
FIGURE_FIELDS = """?f jjo:indicator ?ind ; jjo:year ?year ; jjo:kind ?kind ; jjo:numberText ?text ; jjo:refPlace ?place .
                   OPTIONAL { ?f jjo:statistic ?stat } OPTIONAL { ?f prov:wasDerivedFrom ?passage }
                   BIND(EXISTS { ?f jjo:qualifier jjo:Estimated } AS ?est)"""


@dataclass(frozen=True)
class MentionFields:
    """A (project, report) row of a place's projects."""

    locations: tuple[str, ...]  # every jjo:location of the project
    passages: tuple[str, ...]  # its passages whose source is that report


@dataclass(frozen=True)
class GoalFields:
    report: str  # '' when it has none
    places: tuple[str, ...]  # every place it mentions
    passages: tuple[str, ...]


@dataclass(frozen=True)
class FigureFields:
    indicator: str
    year: str
    kind: str
    statistic: str | None
    text: str
    passages: tuple[str, ...]  # one per row of the join, as it gives them
    place: str = ""  # the place the figure is of (jjo:refPlace)
    estimated: bool = False  # an estimate (预计), not a final result


def read_mentions(lookup: Lookup, rows: Sequence[tuple[str, str]]) -> dict[tuple[str, str], MentionFields]:
    if not rows:
        return {}
    pairs = " ".join(f"(<{p}> <{r}>)" for p, r in rows)
    said: dict[tuple[str, str], list[str]] = {row: [] for row in rows}
    for r in lookup.select(f"""SELECT ?project ?report ?passage WHERE {{
            VALUES (?project ?report) {{ {pairs} }} ?project prov:wasDerivedFrom ?passage . ?passage oa:hasSource ?report }}"""):
        said[(r["project"].value, r["report"].value)].append(r["passage"].value)
    return {(p, r): MentionFields(tuple(t.value for t in lookup.objects(node(p), LOCATION)), tuple(said[(p, r)]))
            for p, r in rows}


def read_goals(lookup: Lookup, goals: Sequence[str]) -> dict[str, GoalFields]:
    found = {}
    for g in goals:
        subject = node(g)
        reports = lookup.objects(subject, REPORT)
        found[g] = GoalFields(reports[0].value if reports else "", tuple(t.value for t in lookup.objects(subject, MENTIONS)),
                              tuple(t.value for t in lookup.objects(subject, DERIVED)))
    return found


def read_figures(lookup: Lookup, figures: Sequence[str]) -> dict[str, FigureFields]:
    if not figures:
        return {}
    return figures_of(lookup.select(f"SELECT {FIGURE_VARS} WHERE {{ "
                                    f"VALUES ?f {{ {lookup.values(figures)} }} {FIGURE_FIELDS} }}"))


def figures_of(rows: list[dict]) -> dict[str, FigureFields]:
    """Rows of a SELECT over FIGURE_FIELDS → each figure's fields (those of its first row), in the rows' order."""
    first: dict[str, dict] = {}
    passages: dict[str, list[str]] = {}
    for r in rows:
        iri = r["f"].value
        first.setdefault(iri, r)
        passages.setdefault(iri, [])
        if r.get("passage") is not None:
            passages[iri].append(r["passage"].value)
    return {iri: FigureFields(r["ind"].value, text(r["year"]), r["kind"].value, text(r.get("stat")), text(r["text"]),
                              tuple(passages[iri]), r["place"].value, text(r.get("est")) in ("true", "1"))
            for iri, r in first.items()}


def fields(read: Callable[[Lookup, list], dict], lookup: Lookup, keys: Sequence,
           ready: Callable[[list], dict] | None = None) -> dict:
    """The fields of these rows: those `ready` holds (the lists' index), the others by `read` from the store."""
    found = ready(list(keys)) if ready is not None and keys else {}
    missing = [k for k in keys if k not in found]
    if missing:
        found.update(read(lookup, missing))
    return found
