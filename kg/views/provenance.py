"""Provenance for people: the sentence behind a fact, and the spot in the report reader that shows it.

Facts point to passages (prov:wasDerivedFrom). A narrow passage (the words naming a project) is part of a
statement passage (the whole list item); the statement is "the quoted sentence", with the narrow words marked
in it. Statements are anchored in the reader by the goal, theme or section made from them
(`goal-s04-t1-2`), so a link into the reader is `/read/{report}#goal-s04-t1-2`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV

from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, StoreCache, integer, node, text
from kg.views.labels import Labeller, Ref


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


_known = StoreCache()  # per store: {passage IRI: Passage}
KEPT = 50_000  # passages kept per store (a few hundred bytes each)


def passages(lookup: Lookup, labeller: Labeller, passage_iris: Iterable[str],
             ready: Callable[[list[str]], dict[str, Passage]] | None = None) -> dict[str, Passage]:
    """Passages by IRI; IRIs that are not passages are left out.

    The same as `passage` for each IRI, read with one scan per passage, selector and statement instead of some
    twenty point lookups each. `ready` gives those it holds already made (the index written with the store,
    kg/views/list_index.py, made by `read_passages` too): the store is read only for the others. Passages read once
    are kept per store: the sentence of a project is quoted on its page, its town's, its county's."""
    asked = list(dict.fromkeys(passage_iris))
    known: dict[str, Passage | None] = _known.get(lookup.store, "passages", dict)  # None: not a passage
    wanted = [iri for iri in asked if iri not in known]
    if wanted:
        read = ready(wanted) if ready is not None else {}
        if len(read) < len(wanted):
            read.update(read_passages(lookup, labeller, [iri for iri in wanted if iri not in read]))
        if len(known) > KEPT:
            known.clear()  # a crude bound; dict operations are atomic, so threads may share it
        known.update((iri, read.get(iri)) for iri in wanted)
        return {iri: p for iri in asked if (p := read.get(iri) or known.get(iri)) is not None}
    return {iri: known[iri] for iri in asked if known[iri] is not None}


def read_passages(lookup: Lookup, labeller: Labeller, wanted: list[str]) -> dict[str, Passage]:
    """Passages by scans of each one's triples and its selectors' (a statement's read once for all its parts).
    The same as two VALUES queries per batch, a little cheaper (25 passages of a county of the 10M graph, cold:
    5.7 ms against 6.1, mean of 20 counties) and with no query to plan."""
    statements: dict[str, tuple[str | None, int | None, str | None]] = {}  # iri → (sentence, start, owner)
    found = {}
    for iri in wanted:
        props = _scan(lookup, node(iri))
        exact, start, end = _quote(lookup, props)
        report = props.get(HAS_SOURCE.value)
        if report is None or exact is None or start is None or end is None:
            continue
        wholes = [w for w in props.get(PART_OF.value, ()) if isinstance(w, ox.NamedNode)]
        statement = wholes[0].value if wholes else iri
        if statement not in statements:
            sentence, wstart, _ = (exact, start, end) if statement == iri else _quote(lookup, _scan(lookup, node(statement)))
            statements[statement] = (sentence, wstart, _owner(lookup, node(statement)))
        sentence, wstart, owner = statements[statement]
        before = after = ""
        if statement != iri and sentence is not None and wstart is not None:
            before, after = sentence[: start - wstart], sentence[end - wstart:]
        report_ref = labeller.ref(report[0])
        anchor = statement_anchor(owner, slug_of(report_ref.iri)) if owner else offset_anchor(start)
        line = props.get(LINE.value)
        found[iri] = Passage(iri, report_ref, start, end, integer(line[0]) if line else None, exact, before, after,
                             anchor)
    return found


def _scan(lookup: Lookup, subject) -> dict[str, list]:
    """A subject's triples as property IRI → objects, read in one index scan."""
    out: dict[str, list] = {}
    for t in lookup.triples(subject):
        out.setdefault(t.predicate.value, []).append(t.object)
    return out


def _quote(lookup: Lookup, props: dict[str, list]) -> tuple[str | None, int | None, int | None]:
    """The exact words and the offsets of a passage, from its selectors (a quote and a position)."""
    exact = start = end = None
    for selector in props.get(HAS_SELECTOR.value, ()):
        sel = _scan(lookup, selector)
        if exact is None and EXACT.value in sel:
            exact = sel[EXACT.value][0].value
        if start is None and START.value in sel:
            start = int(sel[START.value][0].value)
        if end is None and END.value in sel:
            end = int(sel[END.value][0].value)
    return exact, start, end
