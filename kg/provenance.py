"""Provenance for people: the sentence behind a fact, and the spot in the report reader that shows it.

Facts point to passages (prov:wasDerivedFrom). A narrow passage (the words naming a project) is part of a
statement passage (the whole list item); the statement is "the quoted sentence", with the narrow words marked
in it. Statements are anchored in the reader by the goal, theme or section made from them
(`goal-s04-t1-2`), so a link into the reader is `/read/{report}#goal-s04-t1-2`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV

from . import iris
from .labels import Labeller, Ref
from .lookup import Lookup, StoreCache, integer, node, text
from .namespaces import JJO


@dataclass(frozen=True)
class Passage:
    iri: str
    report: Ref
    start: int
    end: int
    line: int | None
    exact: str
    before: str  # the statement's text before the exact words ('' when the passage is the statement)
    after: str
    anchor: str  # the element id of the statement in the reader

    @property
    def report_slug(self) -> str:
        return slug_of(self.report.iri)

    @property
    def sentence(self) -> str:
        return self.before + self.exact + self.after


def slug_of(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def statement_anchor(owner_iri: str, report_slug: str) -> str:
    """'goal-s04-t1-2' for goal/jinjiangshi-2025-s04-t1-2 of report jinjiangshi-2025."""
    kind = iris.kind_of(owner_iri) or "statement"
    key = slug_of(owner_iri).removeprefix(report_slug + "-")
    return f"{kind}-{key}"


def offset_anchor(start: int) -> str:
    return f"at-{start}"


OA = "http://www.w3.org/ns/oa#"
HAS_SOURCE, HAS_SELECTOR = node(OA + "hasSource"), node(OA + "hasSelector")
EXACT, START, END = node(OA + "exact"), node(OA + "start"), node(OA + "end")
LINE, PART_OF = node(str(JJO.line)), node(str(DCTERMS.isPartOf))
DERIVED = node(str(PROV.wasDerivedFrom))
STATEMENT_KINDS = ("goal", "theme", "section")


def _first(lookup: Lookup, s, p):
    found = lookup.objects(s, p)
    return found[0] if found else None


def _selectors(lookup: Lookup, passage) -> tuple[str | None, int | None, int | None]:
    exact = start = end = None
    for sel in lookup.objects(passage, HAS_SELECTOR):
        exact = exact if exact is not None else text(_first(lookup, sel, EXACT))
        start = start if start is not None else integer(_first(lookup, sel, START))
        end = end if end is not None else integer(_first(lookup, sel, END))
    return exact, start, end


def _owner(lookup: Lookup, statement) -> str | None:
    """The goal, theme or section made from a statement passage (what the reader anchors it by)."""
    for s in lookup.subjects(DERIVED, statement):
        if isinstance(s, ox.NamedNode) and iris.kind_of(s.value) in STATEMENT_KINDS:
            return s.value
    return None


def passage(lookup: Lookup, labeller: Labeller, iri: str) -> Passage | None:
    """One passage with its sentence and reader anchor, by point lookups (no query planning)."""
    p = node(iri)
    report = _first(lookup, p, HAS_SOURCE)
    exact, start, end = _selectors(lookup, p)
    if report is None or exact is None or start is None or end is None:
        return None
    before = after = ""
    statement = _first(lookup, p, PART_OF) or p
    if statement != p:
        sentence, wstart, _ = _selectors(lookup, statement)
        if sentence is not None and wstart is not None:
            before, after = sentence[: start - wstart], sentence[end - wstart:]
    owner = _owner(lookup, statement)
    report_ref = labeller.ref(report)
    anchor = statement_anchor(owner, slug_of(report_ref.iri)) if owner else offset_anchor(start)
    return Passage(iri, report_ref, start, end, integer(_first(lookup, p, LINE)), exact, before, after, anchor)


PASSAGE_ROWS = """SELECT ?p ?report ?exact ?start ?end ?line ?whole WHERE {
  VALUES ?p { %s }
  ?p oa:hasSource ?report ; oa:hasSelector ?quote , ?position .
  ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?p jjo:line ?line } OPTIONAL { ?p dcterms:isPartOf ?whole }
}"""
SENTENCE_ROWS = """SELECT ?s ?exact ?start WHERE {
  VALUES ?s { %s } ?s oa:hasSelector ?quote , ?position . ?quote oa:exact ?exact . ?position oa:start ?start
}"""
BATCH = 400  # IRIs per query: a page lists up to a few hundred passages
_known = StoreCache()  # per store: {passage IRI: Passage}
KEPT = 50_000  # passages kept per store (a few hundred bytes each)


def _batches(items: list[str]) -> Iterable[list[str]]:
    for at in range(0, len(items), BATCH):
        yield items[at: at + BATCH]


def passages(lookup: Lookup, labeller: Labeller, passage_iris: Iterable[str]) -> dict[str, Passage]:
    """Passages by IRI; IRIs that are not passages are left out.

    The same as `passage` for each IRI, read with two queries per few hundred passages instead of some twenty
    point lookups each: a place page of 300 projects spent 70 ms here at 1M triples. Passages read once are
    kept per store: the sentence of a project is quoted on its page, its town's, its county's."""
    asked = list(dict.fromkeys(passage_iris))
    known: dict[str, Passage | None] = _known.get(lookup.store, "passages", dict)  # None: not a passage
    wanted = [iri for iri in asked if iri not in known]
    if wanted:
        read = _read_passages(lookup, labeller, wanted)
        if len(known) > KEPT:
            known.clear()  # a crude bound; dict operations are atomic, so threads may share it
        known.update((iri, read.get(iri)) for iri in wanted)
        return {iri: p for iri in asked if (p := read.get(iri) or known.get(iri)) is not None}
    return {iri: known[iri] for iri in asked if known[iri] is not None}


def _read_passages(lookup: Lookup, labeller: Labeller, wanted: list[str]) -> dict[str, Passage]:
    rows: dict[str, dict] = {}
    for chunk in _batches(wanted):
        for r in lookup.select(PASSAGE_ROWS % lookup.values(chunk)):
            rows.setdefault(r["p"].value, r)
    wholes = sorted({r["whole"].value for r in rows.values() if isinstance(r["whole"], ox.NamedNode)})
    sentences: dict[str, tuple[str, int]] = {}
    for chunk in _batches(wholes):
        for r in lookup.select(SENTENCE_ROWS % lookup.values(chunk)):
            sentences.setdefault(r["s"].value, (r["exact"].value, int(r["start"].value)))
    owners: dict[str, str | None] = {}
    found = {}
    for iri in wanted:
        r = rows.get(iri)
        if r is None:
            continue
        start, end = int(r["start"].value), int(r["end"].value)
        statement = r["whole"].value if isinstance(r["whole"], ox.NamedNode) else iri
        before = after = ""
        if statement != iri and statement in sentences:
            sentence, wstart = sentences[statement]
            before, after = sentence[: start - wstart], sentence[end - wstart:]
        if statement not in owners:
            owners[statement] = _owner(lookup, node(statement))
        owner = owners[statement]
        report_ref = labeller.ref(r["report"])
        anchor = statement_anchor(owner, slug_of(report_ref.iri)) if owner else offset_anchor(start)
        found[iri] = Passage(iri, report_ref, start, end, integer(r["line"]), r["exact"].value, before, after, anchor)
    return found
