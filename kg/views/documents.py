"""Entity documents: the triples that describe one entity, and their serialisations.

A document carries the entity's own triples (blank nodes such as geometries and selectors included), the
labels of what it links to, its core incoming links (capped per property) with the labels of their subjects,
and its provenance: the passages it is derived from and the reified statements about it with theirs.
Everything in it is reachable from the entity, so the framed JSON-LD nests all of it.

A place's document says whose figure it is, as its page does (issue 29): its own figures (`figures`, the reverse
of jjo:refPlace) are in the entity's triples; its sub-places' figures are grouped by place, each sub-place a node
of its own with its figures (in JSON-LD under `@included`, in the other formats beside the entity's triples), so
that no figure of a county reads as its province's; and how many places of each level lie within it (`levelCount`,
one jjo:LevelCount node per level with its jjo:level and jjo:placeCount), as its page says.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, VOID, XSD

from kg.errors import NotFound
from kg.graph import iris
from kg.graph.namespaces import JJO, PREFIXES, WDRS
from kg.store.lookup import Lookup, node
from kg.store.release import Release
from kg.views import jsonld, jsonld_frame, report_source
from kg.views.jsonld import REVERSE_IRIS

# Subjects listed per incoming property; pages give the full counts. This bounds a document's cost: at 200, an
# indicator of the 10M-triple graph took 100 ms to frame with pyld (about 0.15 ms a triple; the direct builder
# takes about a tenth of that). The real reports have at most 34 per property.
INCOMING_LIMIT = 50
TYPE = node(str(RDF.type))
LABEL = node(str(RDFS.label))
DERIVED = node(str(PROV.wasDerivedFrom))
PART_OF = node(str(DCTERMS.isPartOf))
HAS_SOURCE = node("http://www.w3.org/ns/oa#hasSource")
SUBJECT = node(str(RDF.subject))
FULL_TEXT = node(str(JJO.fullText))
DESCRIBED_BY = node(str(WDRS.describedby))
REF_PLACE = node(str(JJO.refPlace))
PLACE = node(str(JJO.Place))
FIGURE, YEAR, KIND, TARGET = (node(str(JJO[n])) for n in ("Figure", "year", "kind", "Target"))
LEVEL_COUNT = node(str(JJO.levelCount))
# A place's figures in its document: its own, and its sub-places' (all of them together), in the page's order.
OWN_FIGURES_LIMIT = INCOMING_LIMIT
SUB_PLACE_FIGURES_LIMIT = 3 * INCOMING_LIMIT


@dataclass(frozen=True)
class Format:
    suffix: str
    media_type: str
    name: str
    rdf_format: ox.RdfFormat | None  # None: JSON-LD in compact form (kg/views/jsonld_frame.py)


FORMATS = (
    Format("jsonld", "application/ld+json", "JSON-LD", None),
    Format("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE),
    Format("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES),
    Format("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML),
)
BY_SUFFIX = {f.suffix: f for f in FORMATS}


class Collector:
    """Gathers a document's triples without duplicates, following blank nodes to their end."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.triples: dict[ox.Triple, None] = {}

    def add(self, t: ox.Triple) -> None:
        if t in self.triples:
            return
        self.triples[t] = None
        if isinstance(t.object, ox.BlankNode):
            self.describe(t.object)

    def describe(self, s: ox.NamedNode | ox.BlankNode, skip: tuple[ox.NamedNode, ...] = ()) -> None:
        for t in self.lookup.triples(s):
            if t.predicate not in skip:
                self.add(t)

    def figure(self, f: ox.NamedNode) -> None:
        """A figure's own triples (its passages as links) and the labels of what it links to."""
        own = list(self.lookup.triples(f))
        for t in own:
            self.add(t)
        for t in own:
            if isinstance(t.object, ox.NamedNode) and t.predicate not in (TYPE, DERIVED):
                self.labels(t.object)

    def labels(self, s: ox.NamedNode) -> None:
        for t in self.lookup.triples(s, LABEL):
            self.add(t)

    def passage(self, p: ox.NamedNode) -> None:
        """A passage with its selectors, the statement passage it is part of, and its report's label."""
        self.describe(p)
        for report in self.lookup.objects(p, HAS_SOURCE):
            if isinstance(report, ox.NamedNode):
                self.labels(report)
        for whole in self.lookup.objects(p, PART_OF):
            if isinstance(whole, ox.NamedNode):
                self.describe(whole)


def entity_triples(lookup: Lookup, iri: str, figures: dict[str, list[str]] | None = None) -> list[ox.Triple]:
    """The entity's document's triples; a place's own figures among them (`figures`: place_figures of it, when read
    already)."""
    subject = node(iri)
    if not lookup.exists(subject):
        raise NotFound(f"nothing is known about <{iri}>", iri=iri)
    c = Collector(lookup)
    own = list(lookup.triples(subject))
    for t in own:
        c.add(t)
    for t in own:
        o = t.object
        if isinstance(o, ox.NamedNode) and t.predicate != TYPE:
            if t.predicate == DERIVED:
                c.passage(o)
            else:
                c.labels(o)
    if ox.Triple(subject, TYPE, PLACE) in c.triples:
        for f in (figures if figures is not None else place_figures(lookup, iri)).get(iri, []):
            c.figure(node(f))
        for t in level_counts(lookup, iri):
            c.add(t)
    for prop in REVERSE_IRIS:
        if prop == REF_PLACE.value:
            continue  # a place's figures, above (assessments share jjo:refPlace)
        for s in lookup.subjects(node(prop), subject, limit=INCOMING_LIMIT):
            c.add(ox.Triple(s, node(prop), subject))
            if not isinstance(s, ox.NamedNode):
                continue
            if prop == SUBJECT.value:
                # A reified statement about the entity: say what it states and where it was said.
                c.describe(s)
                for p in lookup.objects(s, DERIVED):
                    if isinstance(p, ox.NamedNode):
                        c.passage(p)
                for o in lookup.objects(s, node(str(RDF.object))):
                    if isinstance(o, ox.NamedNode):
                        c.labels(o)
            else:
                c.labels(s)
    return list(c.triples)


def level_counts(lookup: Lookup, iri: str) -> list[ox.Triple]:
    """How many places of each level lie within a place, as triples: place jjo:levelCount [ a jjo:LevelCount ;
    jjo:level jjo:County ; jjo:placeCount 3 ]. The blank nodes are named after the level, so a document's bytes
    are the same each time it is made."""
    out = []
    for level, n in report_source.levels_within(lookup, iri):
        count = ox.BlankNode("levels" + level.rsplit("#", 1)[-1])
        out += [ox.Triple(node(iri), LEVEL_COUNT, count),
                ox.Triple(count, TYPE, node(str(JJO.LevelCount))),
                ox.Triple(count, node(str(JJO.level)), node(level)),
                ox.Triple(count, node(str(JJO.placeCount)), ox.Literal(str(n), datatype=node(str(XSD.integer))))]
    return out


# Whatever refers to a place within it, by place: figures, and the assessments of figures. A sub-select first: with the
# figures' year and kind in the same group, pyoxigraph planned from every figure of the graph (70–130 ms for a county
# with 18 figures at 500 reports; this, under 1 ms).
REFERRING_WITHIN = """SELECT ?loc ?f WHERE { { SELECT DISTINCT ?loc WHERE { ?loc jjo:within* ?place } } ?f jjo:refPlace ?loc }"""


def place_figures(lookup: Lookup, iri: str) -> dict[str, list[str]]:
    """The figures a place's document lists, by the place they are of: its own first (at most OWN_FIGURES_LIMIT),
    then each sub-place's, place by place (at most SUB_PLACE_FIGURES_LIMIT in all, shared among them); within a place
    newest year first, targets before results, as its page lists them (kg/views/page_lists.py place_figures). Only
    the figures listed are read in full."""
    referring: dict[str, list[str]] = {}
    for r in lookup.select(REFERRING_WITHIN, place=iri):
        if iris.kind_of(r["f"].value) == "figure":  # assessments share jjo:refPlace with figures
            referring.setdefault(r["loc"].value, []).append(r["f"].value)
    out: dict[str, list[str]] = {}
    if iri in referring:
        out[iri] = _newest_first(lookup, referring[iri])[:OWN_FIGURES_LIMIT]
    # The sub-places share the limit, so that each of them is there (a city with two reports must not crowd out the
    # others); a share left unused by a place with few figures goes to those after it. Only a place given a share
    # has its figures read.
    subs = sorted(loc for loc in referring if loc != iri)
    room = SUB_PLACE_FIGURES_LIMIT
    for n, loc in enumerate(subs):
        share = max(1, room // (len(subs) - n)) if room > 0 else 0
        out[loc] = _newest_first(lookup, referring[loc])[:share] if share else []
        room -= len(out[loc])
    return {loc: listed for loc, listed in out.items() if listed}


def _newest_first(lookup: Lookup, candidates: list[str]) -> list[str]:
    """The figures among `candidates` (things that refer to a place), newest year first, targets before results."""
    keyed = []
    for f in candidates:
        subject = node(f)
        if FIGURE not in lookup.objects(subject, TYPE):
            continue
        year, kind = lookup.objects(subject, YEAR), lookup.objects(subject, KIND)
        if year and kind:
            keyed.append((-int(year[0].value[:4]), kind[0] != TARGET, f))
    return [f for *_key, f in sorted(keyed)]


def figures_of_place(lookup: Lookup, iri: str) -> dict[str, list[str]] | None:
    """place_figures of a place; None for any other entity."""
    return place_figures(lookup, iri) if PLACE in lookup.objects(node(iri), TYPE) else None


def sub_place_figures(lookup: Lookup, iri: str, figures: dict[str, list[str]] | None) -> list[tuple[str, list[ox.Triple]]]:
    """Each sub-place of a place with figures (`figures`: figures_of_place), in the page's order, and the triples of
    its figures; none for an entity that is no place."""
    out = []
    for place, listed in (figures or {}).items():
        if place == iri:
            continue
        c = Collector(lookup)
        c.labels(node(place))
        for f in listed:
            c.figure(node(f))
        out.append((place, list(c.triples)))
    return out


def about_document(iri: str, document: str, release: Release) -> list[ox.Triple]:
    """What a document says of itself, so that a copy found anywhere can be cited: the entity is described by
    `document` (this file, or the page), which is under the dataset's licence, part of the dataset, of this
    publication's version and date."""
    doc = node(document)
    out = [ox.Triple(node(iri), DESCRIBED_BY, doc),
           ox.Triple(doc, node(str(DCTERMS.license)), node(release.license)),
           ox.Triple(doc, node(str(VOID.inDataset)), node(release.dataset)),
           ox.Triple(doc, node(str(OWL.versionInfo)), ox.Literal(release.version))]
    if release.modified:
        out.append(ox.Triple(doc, node(str(DCTERMS.modified)),
                             ox.Literal(release.modified, datatype=node(str(XSD.dateTime)))))
    return out


def document_iri(iri: str, fmt: Format) -> str:
    """The document of an entity in one format: its IRI with the format's suffix, where this server serves it."""
    return f"{iri}.{fmt.suffix}"


def framed(iri: str, triples: list[ox.Triple]) -> dict:
    """The framed document of these triples, built directly (kg/views/jsonld_frame.py: the same bytes as pyld's framing,
    about 15 times cheaper); pyld frames what that builder does not replay (lists, JSON literals, ...)."""
    try:
        return jsonld_frame.entity_document(iri, triples)
    except jsonld_frame.Unsupported:
        return jsonld.entity_document(iri, triples)


def entity_jsonld(lookup: Lookup, iri: str, release: Release | None = None) -> dict:
    """The compact JSON-LD document of an entity; with `release`, saying what the document is (licence, dataset,
    version, date) as every served document does. Made anew each time: a cache of documents would serve only a
    request asked again, which a browser's or a proxy's cache answers with the ETag (BENCHMARKS.md, "Caches")."""
    figures = figures_of_place(lookup, iri)
    triples = entity_triples(lookup, iri, figures)
    if release is not None:
        triples += about_document(iri, document_iri(iri, BY_SUFFIX["jsonld"]), release)
    doc = framed(iri, triples)
    included = [_without_context(framed(place, place_triples))
                for place, place_triples in sub_place_figures(lookup, iri, figures)]
    if included:
        doc["@included"] = included  # the sub-places' figures, grouped by place (JSON-LD 1.1)
    return doc


def _without_context(doc: dict) -> dict:
    doc.pop("@context", None)
    return doc


def serialize(lookup: Lookup, iri: str, fmt: Format, release: Release | None = None) -> bytes:
    if fmt.rdf_format is None:
        return jsonld.dumps(entity_jsonld(lookup, iri, release)).encode("utf-8")
    figures = figures_of_place(lookup, iri)
    triples = entity_triples(lookup, iri, figures)
    triples += [t for _place, place_triples in sub_place_figures(lookup, iri, figures) for t in place_triples]
    if release is not None:
        triples += about_document(iri, document_iri(iri, fmt), release)
    prefixes = PREFIXES if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt.rdf_format, prefixes=prefixes)
