"""Whose report it is, what kind of text and where it came from — place, level, kind of text (formal report, digest,
news article), publisher, address, date — read from the report's
own metadata in the graph, so every page that shows a report's source shows that report's, never a constant."""

from __future__ import annotations

from dataclasses import dataclass

from kg.graph.namespaces import JJO
from kg.store.coverage import LEVELS
from kg.store.lookup import Lookup, integer
from kg.views.labels import Labeller, Ref

LEVEL_CLASSES = " ".join(f"jjo:{c}" for c, _zh, _en in LEVELS)
LEVEL_ORDER = [str(JJO[c]) for c, _zh, _en in LEVELS]


def levels_within(lookup: Lookup, place: str) -> list[tuple[str, int]]:
    """How many places of each level lie within a place (in the graph: the places its reports name), highest level
    first: (the level's class IRI, count). The place's page and its document (kg/views/documents.py) both say so."""
    # The places below first, walked down from the place; then their classes. Written as one group, pyoxigraph
    # started from every place of each level and walked up from each (a town's page: 24–81 ms at 500 reports, 1–10 ms
    # this way).
    rows = lookup.select(f"""SELECT ?level (COUNT(DISTINCT ?p) AS ?n) WHERE {{
        {{ SELECT DISTINCT ?p WHERE {{ ?p jjo:within+ ?place }} }}
        ?p a ?level VALUES ?level {{ {LEVEL_CLASSES} }} }} GROUP BY ?level""", place=place)
    out = [(r["level"].value, integer(r["n"])) for r in rows]
    out.sort(key=lambda r: LEVEL_ORDER.index(r[0]) if r[0] in LEVEL_ORDER else len(LEVEL_ORDER))
    return out
SOURCES = f"""SELECT * WHERE {{  # * : ?r may be bound (written in) for one report
  ?r a jjo:Report ; jjo:aboutPlace ?place .
  OPTIONAL {{ ?place a ?level VALUES ?level {{ {LEVEL_CLASSES} }} }}
  OPTIONAL {{ ?r dcterms:publisher ?publisher }}
  OPTIONAL {{ ?r dcterms:source ?url FILTER(isIRI(?url)) }}
  OPTIONAL {{ ?r dcterms:date ?date }}
  OPTIONAL {{ ?r jjo:textKind ?textKind }} }}"""


@dataclass(frozen=True)
class Source:
    place: Ref | None
    level: Ref | None  # the place's class: 国家, 省, 地级, 县级, ...
    publisher: str
    url: str
    date: str
    text_kind: Ref | None = None  # formal report, digest or news article (jjo:textKind)


def read_all(lookup: Lookup, labeller: Labeller, report: str | None = None) -> dict[str, Source]:
    """The source of every report (or of one), by report IRI."""
    return _sources(labeller, lookup.select(SOURCES, **({"r": report} if report else {})), report)


def read_some(lookup: Lookup, labeller: Labeller, reports: list[str]) -> dict[str, Source]:
    """The sources of the reports given (a place's, on its page: not every report of a large graph), by IRI."""
    if not reports:
        return {}
    values = "VALUES ?r { " + " ".join(f"<{r}>" for r in dict.fromkeys(reports)) + " }"
    return _sources(labeller, lookup.select(SOURCES.replace("WHERE {", "WHERE { " + values, 1)), None)


def _sources(labeller: Labeller, rows: list[dict], report: str | None) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for r in rows:
        iri = report or r["r"].value
        if iri in out:
            continue
        out[iri] = Source(labeller.ref(r["place"]) if r.get("place") is not None else None,
                          labeller.ref(r["level"]) if r.get("level") is not None else None,
                          _text(r, "publisher"), _text(r, "url"), _text(r, "date"),
                          labeller.ref(r["textKind"]) if r.get("textKind") is not None else None)
    return out


def _text(row: dict, key: str) -> str:
    return row[key].value if row.get(key) is not None else ""


def read(lookup: Lookup, labeller: Labeller, report: str) -> Source | None:
    return read_all(lookup, labeller, report).get(report)

