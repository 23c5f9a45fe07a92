"""Describe an entity for its page: names, types, every property with a human label and its values, the
sentences the facts come from, and incoming links grouped by property with counts.

Naming the incoming links (up to 50 per property) was most of a cold place's or indicator's description at 10M
triples (~2.5 of 3.5 ms); the lists' index written with the store (kg/views/list_index.py) holds, for those entities,
the links as `read_incoming` finds them and their subjects' names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.errors import NotFound
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, Term, node
from kg.views.labels import Labeller, Names, Ref
from kg.views.provenance import Passage, passages
from kg.views.vocabulary import PLACE_TYPES

if TYPE_CHECKING:
    from kg.views.list_index import ListIndex

SHOWN_ELSEWHERE = {str(RDF.type), str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel),
                   str(PROV.wasDerivedFrom), str(JJO.fullText)}
REIFICATION = {str(RDF.subject), str(RDF.object)}  # plumbing of reified statements: shown as provenance
INCOMING_SHOWN = 50  # subjects listed per incoming property on a page; the count is always complete
VALUES_SHOWN = INCOMING_SHOWN  # values listed per property of the entity's own, likewise
INCOMING_SCANNED = 2_000  # links to an entity read one by one; past this, counted by a query
PROPERTY_ORDER = [str(p) for p in (JJO.within, JJO.location, JJO.industry, JJO.speciality, JJO.partOfGroup,
                                   JJO.indicator, JJO.kind, JJO.year, JJO.statistic, JJO.value, JJO.unit,
                                   JJO.qualifier, JJO.numberText, JJO.refPlace, JJO.report, JJO.appearsIn)]
# IRIs compared with every triple of a page's entity: rdflib makes each `RDF.type` anew (a namespace lookup).
TYPE, DERIVED_FROM, FULL_TEXT, PLACE_TYPE = str(RDF.type), str(PROV.wasDerivedFrom), str(JJO.fullText), str(JJO.placeType)
# A reified statement's parts, its passage and its curated note, read by point lookups.
STATEMENT_SUBJECT, STATEMENT_PREDICATE, STATEMENT_OBJECT = node(str(RDF.subject)), node(str(RDF.predicate)), node(str(RDF.object))
STATEMENT_PASSAGE, STATEMENT_NOTE = node(DERIVED_FROM), node(str(DCTERMS.source))
SHORT_TYPES = {str(XSD.gYear): "year", str(XSD.decimal): "decimal", str(XSD.integer): "integer",
               str(XSD.date): "date", str(XSD.boolean): "boolean"}


@dataclass
class Value:
    ref: Ref | None = None  # a link to a resource
    text: str | None = None  # a literal
    lang: str | None = None
    datatype: str | None = None  # 'year', 'decimal' ... for our common types, else the datatype IRI
    parts: list["PropertyValues"] | None = None  # a blank node, shown as its own properties
    sources: list[Passage] = field(default_factory=list)  # passages stating exactly this fact
    notes: list[str] = field(default_factory=list)  # curated sources of this fact
    datatype_ref: Ref | None = None  # the datatype, named in both languages (xsd:decimal → 小数 decimal)
    gloss: Names | None = None  # a code's names (jjo:placeType "town" → 镇 town)

    @property
    def display(self) -> str:
        if self.text is None:
            return ""
        if self.datatype == "decimal":
            return format_decimal(self.text)
        return self.text


@dataclass
class PropertyValues:
    prop: Ref
    values: list[Value]  # the first VALUES_SHOWN, in order
    count: int = 0  # how many values the property has (an indicator appears in every report that names it)


@dataclass
class IncomingGroup:
    prop: Ref
    count: int
    subjects: list[Ref]


@dataclass
class Description:
    subject: Ref
    types: list[Ref]
    properties: list[PropertyValues]
    incoming: list[IncomingGroup]
    sources: list[Passage]  # passages the entity itself is derived from
    full_text: str | None = None  # reports only: shown by the reader, not inline

    @property
    def kind(self) -> str | None:
        return self.subject.kind

    @property
    def names(self) -> Names:
        return self.subject.names


def format_decimal(raw: str) -> str:
    """'350000000000' → '350,000,000,000'; '6.5' stays."""
    whole, dot, frac = raw.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if whole.isascii() and whole.isdigit():
        whole = f"{int(whole):,}"
    return sign + whole + (dot + frac if frac else "")


def read_incoming(lookup: Lookup, iri: str) -> list[tuple[str, int, tuple[str, ...]]]:
    """The links to an entity: (property, how many, the first INCOMING_SHOWN subjects that are IRIs) per property.

    Read from the index by object: most entities have a few links, and a SPARQL query costs ~0.2 ms to parse and plan
    whatever it finds. An entity with more than INCOMING_SCANNED links is counted by the engine instead."""
    subject = node(iri)
    by_property: dict[str, list[Term]] = {}
    for n, t in enumerate(lookup.triples(None, None, subject)):
        if n == INCOMING_SCANNED:
            return _count_incoming(lookup, subject)
        by_property.setdefault(t.predicate.value, []).append(t.subject)
    # A property's subjects come in the order `lookup.subjects(p, o)` gives them (both indexes sort by subject).
    return [(p, len(subjects), tuple(s.value for s in subjects[:INCOMING_SHOWN] if isinstance(s, ox.NamedNode)))
            for p, subjects in by_property.items() if p not in REIFICATION]


def _count_incoming(lookup: Lookup, subject: ox.NamedNode) -> list[tuple[str, int, tuple[str, ...]]]:
    found = []
    for r in lookup.select("SELECT ?p (COUNT(?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", o=subject):
        p = r["p"].value
        if p not in REIFICATION:
            found.append((p, int(r["n"].value), tuple(s.value for s in lookup.subjects(node(p), subject, limit=INCOMING_SHOWN)
                                                      if isinstance(s, ox.NamedNode))))
    return found


class Describer:
    def __init__(self, lookup: Lookup, labeller: Labeller, index: ListIndex | None = None):
        self.lookup = lookup
        self.labeller = labeller
        self.index = index  # the lists' index beside the store: incoming links ready-made (places, indicators)

    def describe(self, iri: str) -> Description:
        """The description of an entity, made for each page and not kept: the server keeps no answers (issue 19), and
        the descriptions a crawl left in memory were most of what the garbage collector walked (~65 objects each;
        full collections of 35–100 ms in the middle of pages)."""
        subject = node(iri)
        own = list(self.lookup.triples(subject))
        if not own:
            raise NotFound(f"nothing is known about <{iri}>", iri=iri)
        fact_sources, fact_notes = self._statement_sources(subject)
        types = self.labeller.refs(t.object for t in own if t.predicate.value == TYPE)
        derived = [t.object.value for t in own if t.predicate.value == DERIVED_FROM]
        found = passages(self.lookup, self.labeller, derived + [p for ps in fact_sources.values() for p in ps])
        grouped: dict[str, list[Value]] = defaultdict(list)
        full_text = None
        for t in own:
            p = t.predicate.value
            if p == FULL_TEXT:
                full_text = t.object.value
            if p in SHOWN_ELSEWHERE:
                continue
            value = self._value(t.object)
            if p == PLACE_TYPE and t.object.value in PLACE_TYPES:
                zh, en = PLACE_TYPES[t.object.value]
                value.gloss = Names(zh=zh, en=en)
            key = (p, t.object.value)
            value.sources = [found[x] for x in fact_sources.get(key, ()) if x in found]
            value.notes = fact_notes.get(key, [])
            grouped[p].append(value)
        properties = [PropertyValues(self.labeller.ref(p), sorted(vs, key=_value_order)[:VALUES_SHOWN], len(vs))
                      for p, vs in grouped.items()]
        properties.sort(key=lambda pv: (PROPERTY_ORDER.index(pv.prop.iri) if pv.prop.iri in PROPERTY_ORDER
                                        else len(PROPERTY_ORDER), pv.prop.label()))
        sources = sorted((found[d] for d in derived if d in found), key=lambda p: (p.report.iri, p.start))
        return Description(self.labeller.ref(iri), types, properties, self.incoming(subject), sources, full_text)

    def _value(self, term, depth: int = 0) -> Value:
        if isinstance(term, ox.NamedNode):
            return Value(ref=self.labeller.ref(term))
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else None
            return Value(text=term.value, lang=term.language, datatype=SHORT_TYPES.get(dt, dt),
                         datatype_ref=self.labeller.ref(dt) if dt in SHORT_TYPES else None)
        parts: dict[str, list[Value]] = defaultdict(list)
        if depth < 2:
            for t in self.lookup.triples(term):
                if t.predicate.value != TYPE:
                    parts[t.predicate.value].append(self._value(t.object, depth + 1))
        return Value(parts=[PropertyValues(self.labeller.ref(p), vs) for p, vs in parts.items()])

    def _statement_sources(self, subject: ox.NamedNode):
        """(predicate, object) → passages of the reified statements about the subject, and curated notes.

        Point lookups from each statement rather than one SPARQL join: an entity has a few statements, and the
        query cost ~0.2 ms to parse and plan (a seventh of a cold page) for what the lookups read in ~0.02 ms."""
        sources: dict[tuple[str, str], list[str]] = defaultdict(list)
        notes: dict[tuple[str, str], list[str]] = defaultdict(list)
        objects = self.lookup.objects
        for a in self.lookup.subjects(STATEMENT_SUBJECT, subject):
            derived, curated = objects(a, STATEMENT_PASSAGE), objects(a, STATEMENT_NOTE)
            for p in objects(a, STATEMENT_PREDICATE):
                for o in objects(a, STATEMENT_OBJECT):
                    key = (p.value, o.value)
                    # As the rows of the join the query made came: each passage once per note, and the other way.
                    if derived:
                        sources[key] += [x.value for x in derived for _ in curated or (None,)]
                    if curated:
                        notes[key] += [x.value for _ in derived or (None,) for x in curated]
        return sources, notes

    def incoming(self, subject: ox.NamedNode) -> list[IncomingGroup]:
        links = self.index.incoming(subject.value) if self.index is not None else None
        if links is None:
            links = read_incoming(self.lookup, subject.value)
        else:
            self.labeller.know(self.index.names([s for _p, _n, subjects in links for s in subjects]))
        groups = [IncomingGroup(self.labeller.ref(p), count, sorted(self.labeller.refs(subjects), key=lambda ref: ref.label()))
                  for p, count, subjects in links]
        groups.sort(key=lambda g: (-g.count, g.prop.label()))
        return groups


def _value_order(v: Value):
    if v.ref is not None:
        return (0, v.ref.label())
    return (1, v.lang or "", v.text or "")

