"""The report reader: a report's stored text cut into runs, with every statement anchored and every
recognised entity marked, all computed from the graph.

Two views of the same runs: in reading order (`Reading.ordered`: sections, themes and items in the order of
their structural keys, s01 before s02, t1 before t2, whatever the newspaper's columns did to them), and in the
printed order of the stored file (`Reading.blocks`), where the text outside any statement (headlines, boxes of
figures) also has its place. `Reading.leftover` is that text for the reading view, as paragraphs, with the
print's debris cleaned (a display type set twice: `20242024年年` → `2024年`).

Statements are the passages goals, themes and sections were made from. Marks come from two places: the
narrow passages of projects, figures and reified links (exact offsets), and, for the places, industries and
projects a statement names but has no narrow passage for, their Chinese labels found in the statement's text
(line breaks of the newspaper layout ignored). Overlaps are settled by keeping the earlier, then the longer
mark, so runs never nest more than statement → mark.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.errors import NotFound
from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, StoreCache, integer, node
from kg.views import reading_order
from kg.views.labels import Labeller, Ref
from kg.views.provenance import STATEMENT_KINDS, offset_anchor, statement_anchor

# Which entity a shared span links to when several were derived from it (a group's count is its figure).
PRIORITY = {"project": 0, "place": 1, "industry": 2, "figure": 3}
_readings = StoreCache()


@dataclass
class Mark:
    start: int
    end: int
    entity: Ref
    kind: str  # place, project, industry, figure
    anchor: str


@dataclass
class Run:
    text: str
    mark: Mark | None = None


@dataclass
class Block:
    """Text outside any statement (runs without marks), or one statement with its runs."""

    runs: list[Run]
    anchor: str | None = None
    statement: Ref | None = None  # the goal, theme or section made from it
    kind: str | None = None


@dataclass
class Reading:
    report: Ref
    slug: str
    blocks: list[Block]
    statements: int = 0
    marks: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # marks per kind

    def ordered(self) -> list[Block]:
        """The statements in reading order: by their structural keys (kg/views/reading_order.natural)."""
        return sorted((b for b in self.blocks if b.anchor), key=lambda b: _outline_key(b.statement.iri, self.slug))

    def leftover(self) -> list[str]:
        """The text outside any statement, as paragraphs (a blank line ends one), lines joined, debris cleaned."""
        text = "".join(run.text for b in self.blocks if not b.anchor for run in b.runs)
        out = []
        for chunk in re.split(r"\n\s*\n", text):
            lines = [undouble(line.strip()) for line in chunk.splitlines()]
            paragraph = "".join(line for line in lines if line)
            if paragraph:
                out.append(paragraph)
        return out


def _outline_key(iri: str, slug: str) -> tuple:
    rest = iri.rsplit("/", 1)[-1].removeprefix(slug + "-")
    return reading_order.natural(rest)


# A line set in a display type that the text layer doubled, token by token: 20242024年年 (2024年).
DOUBLED = re.compile(r"^(?:(\d+)\1|(\D)\2)+$")


def undouble(line: str) -> str:
    """`20242024年年` → `2024年`: a line of at least two doubled tokens mixing digits and other characters
    (a doubled word alone, 哈哈 or 2222, is left as it is: it may be meant)."""
    if len(line) < 4 or not DOUBLED.match(line) or not re.search(r"\d", line) or not re.search(r"\D", line):
        return line
    return "".join(m.group(1) or m.group(2) for m in re.finditer(r"(\d+)\1|(\D)\2", line))


STATEMENTS = """
SELECT ?owner ?start ?end WHERE {
  ?owner jjo:report ?report ; prov:wasDerivedFrom ?p . ?p oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end .
  FILTER NOT EXISTS { ?p dcterms:isPartOf ?whole }
}"""

# Narrow passages with exact offsets: the projects and figures derived from them.
NARROW = """
SELECT ?e ?start ?end WHERE {
  ?p oa:hasSource ?report ; dcterms:isPartOf ?whole . ?e prov:wasDerivedFrom ?p .
  ?p oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end .
}"""

# Entities each statement names, to be found by label inside the statement's own text.
NAMED = """
SELECT ?owner ?e WHERE { ?owner jjo:report ?report ; jjo:mentionsPlace|jjo:industry|jjo:involvesProject ?e }"""
SPECIALITIES = """
SELECT ?owner ?place ?industry WHERE {
  ?a jjo:report ?report ; rdf:predicate jjo:speciality ; rdf:subject ?place ; rdf:object ?industry ;
     prov:wasDerivedFrom ?sp . ?sp dcterms:isPartOf ?whole . ?owner prov:wasDerivedFrom ?whole
}"""


def _kind(iri: str) -> str | None:
    kind = iris.kind_of(iri)
    return kind if kind in PRIORITY else None


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


class Reader:
    def __init__(self, lookup: Lookup, labeller: Labeller):
        self.lookup = lookup
        self.labeller = labeller

    def read(self, slug: str) -> Reading:
        """The reading of one report; made once per store, since nothing in it changes until a new build."""
        return _readings.get(self.lookup.store, slug, lambda: self._read(slug))

    def _read(self, slug: str) -> Reading:
        report = iris.ID[f"report/{slug}"] if iris.SLUG_RE.match(slug) else None
        full = self.lookup.objects(node(str(report)), node(str(JJO.fullText))) if report else []
        if not full:
            raise NotFound(f"there is no report {slug!r}", iri=str(report) if report else None)
        text = full[0].value
        report_iri = str(report)
        statements = self._statements(report_iri, slug)
        marks = self._narrow_marks(report_iri) + self._label_marks(report_iri, text, statements)
        return self._cut(self.labeller.ref(report_iri), slug, text, statements, marks)

    def _statements(self, report: str, slug: str) -> list[tuple[int, int, str, str]]:
        """(start, end, owner IRI, anchor), in text order, without overlaps."""
        found: dict[tuple[int, int], str] = {}
        for r in self.lookup.select(STATEMENTS, report=report):
            owner = r["owner"].value
            if iris.kind_of(owner) not in STATEMENT_KINDS:
                continue
            span = (integer(r["start"]), integer(r["end"]))
            # A theme heading is also a goal; keep one owner per span, the theme or section before the goal.
            if span not in found or STATEMENT_KINDS.index(iris.kind_of(owner)) > STATEMENT_KINDS.index(
                    iris.kind_of(found[span])):
                found[span] = owner
        kept, last_end = [], -1
        for (start, end), owner in sorted(found.items()):
            if start >= last_end:
                kept.append((start, end, owner, statement_anchor(owner, slug)))
                last_end = end
        return kept

    def _narrow_marks(self, report: str) -> list[tuple[int, int, int, str]]:
        out = []
        for r in self.lookup.select(NARROW, report=report):
            iri = r["e"].value
            kind = _kind(iri)
            if kind:
                out.append((integer(r["start"]), integer(r["end"]), PRIORITY[kind], iri))
        return out

    def _label_marks(self, report: str, text: str, statements) -> list[tuple[int, int, int, str]]:
        named: dict[str, set[str]] = defaultdict(set)
        for r in self.lookup.select(NAMED, report=report):
            named[r["owner"].value].add(r["e"].value)
        for r in self.lookup.select(SPECIALITIES, report=report):
            named[r["owner"].value].update((r["place"].value, r["industry"].value))
        out = []
        for start, end, owner, _ in statements:
            if owner not in named:
                continue
            # Search the statement without the layout's line breaks, then map back to offsets in the text.
            offsets = [i for i in range(start, end) if text[i] not in "\r\n"]
            flat = "".join(text[i] for i in offsets)
            for iri in named[owner]:
                if not _kind(iri):
                    continue
                names = self.labeller.names(iri)
                for label in {n for n in (names.zh, *names.aliases) if n and len(n) >= 2}:
                    for at in _find_all(flat, label):
                        out.append((offsets[at], offsets[at + len(label) - 1] + 1, PRIORITY[_kind(iri)], iri))
        return out

    def _cut(self, report: Ref, slug: str, text: str, statements, candidates) -> Reading:
        # Earlier first, then longer, then by kind priority; a mark overlapping a kept one is dropped.
        candidates.sort(key=lambda m: (m[0], -(m[1] - m[0]), m[2], m[3]))
        marks: list[Mark] = []
        last_end = -1
        for start, end, _, iri in candidates:
            if start >= last_end:
                marks.append(Mark(start, end, self.labeller.ref(iri), _kind(iri), offset_anchor(start)))
                last_end = end
        blocks: list[Block] = []
        pos, mi = 0, 0
        for start, end, owner, anchor in statements:
            if start > pos:
                blocks.append(Block([Run(text[pos:start])]))
            runs, at = [], start
            while mi < len(marks) and marks[mi].start < end:
                m = marks[mi]
                mi += 1
                if m.start < start or m.end > end:
                    continue  # not inside this statement: cannot be shown without breaking nesting
                if m.start > at:
                    runs.append(Run(text[at:m.start]))
                runs.append(Run(text[m.start:m.end], m))
                at = m.end
            if at < end:
                runs.append(Run(text[at:end]))
            blocks.append(Block(runs, anchor, self.labeller.ref(owner), iris.kind_of(owner)))
            pos = end
        if pos < len(text):
            blocks.append(Block([Run(text[pos:])]))
        shown = [r.mark for b in blocks for r in b.runs if r.mark]
        counts: dict[str, int] = defaultdict(int)
        for m in shown:
            counts[m.kind] += 1
        return Reading(report, slug, blocks, len(statements), len(shown), dict(counts))
