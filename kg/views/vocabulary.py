"""The ontology's own terms, for the /ontology page: classes and properties with labels, comments, and
where they sit (super-classes, domains, ranges, super-properties)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS

from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, StoreCache, node
from kg.views import jsonld_frame
from kg.views.labels import Labeller, Ref, lang_family

ONTOLOGY = str(JJO)[:-1]
# jjo:placeType's codes (data/reference/places.csv, column type), named in both languages for pages.
PLACE_TYPES = {
    "country": ("国家", "country"), "province": ("省", "province"), "prefecture": ("地级市", "prefecture-level city"),
    "county": ("县级市", "county-level city"), "subdistrict": ("街道", "subdistrict"), "town": ("镇", "town"),
    "area": ("片区", "area"), "new-district": ("新区", "new district"), "industrial-park": ("产业园区", "industrial park"),
    "heritage-site": ("文物古迹", "heritage site"), "temple": ("寺庙", "temple"), "mountain": ("山", "mountain"),
    "river": ("河流", "river"), "park": ("公园", "park"), "station": ("车站", "station"), "airport": ("机场", "airport"),
}
GROUPS = (("class", (OWL.Class,)), ("property", (OWL.ObjectProperty, OWL.DatatypeProperty)),
          ("datatype", (RDFS.Datatype,)))


@dataclass
class Term:
    ref: Ref
    local: str  # the fragment: /ontology#Town
    group: str  # class, property, concept, datatype
    comment_zh: str | None = None
    comment_en: str | None = None
    related: list[tuple[Ref, list[Ref]]] = field(default_factory=list)  # (property, values)


def ontology_triples(lookup: Lookup) -> list[ox.Triple]:
    return [q.triple for q in lookup.store.quads_for_pattern(None, None, None, node(str(iris.ONTOLOGY_GRAPH)))]


_documents = StoreCache()


def ontology_jsonld(lookup: Lookup) -> dict:
    """The ontology as compact JSON-LD, made once per store (compacting 1,000 triples takes tens of ms)."""
    return _documents.get(lookup.store, "ontology", lambda: jsonld_frame.document(ontology_triples(lookup)))


def terms(lookup: Lookup, labeller: Labeller) -> list[Term]:
    graph = node(str(iris.ONTOLOGY_GRAPH))
    out: dict[str, Term] = {}
    shown = [RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.type]
    for q in lookup.store.quads_for_pattern(None, node(str(RDF.type)), None, graph):
        iri = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
        if not iri or not iri.startswith(str(JJO)) or iri in out:
            continue
        types = {t.object.value for t in lookup.store.quads_for_pattern(q.subject, node(str(RDF.type)), None, graph)}
        group = next((name for name, classes in GROUPS if types & {str(c) for c in classes}), "concept")
        term = Term(labeller.ref(iri), iri.removeprefix(str(JJO)), group)
        for c in lookup.store.quads_for_pattern(q.subject, node(str(RDFS.comment)), None, graph):
            family = lang_family(c.object.language or "")
            if family == "zh":
                term.comment_zh = c.object.value
            elif family == "en":
                term.comment_en = c.object.value
        for p in shown:
            values = [labeller.ref(t.object) for t in lookup.store.quads_for_pattern(q.subject, node(str(p)), None, graph)
                      if isinstance(t.object, ox.NamedNode)]
            if values:
                term.related.append((labeller.ref(str(p)), values))
        out[iri] = term
    order = {"class": 0, "property": 1, "concept": 2, "datatype": 3}
    return sorted(out.values(), key=lambda t: (order[t.group], t.local))
