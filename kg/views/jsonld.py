"""JSON-LD for systems: the published context, and entity documents in compact form (pyld).

The context gives readable keys ("label", "within", "locationOf"), language maps for labels ({"zh": ..,
"en": ..}), and types for values: years are xsd:gYear, amounts xsd:decimal (kept as strings, so no
precision is lost), integers and booleans plain JSON. Incoming links are reverse terms ("locationOf" lists
the projects located in a place), so one framed document nests everything under its entity.

pyld never fetches anything here: its document loader answers our own context from memory and refuses every
other URL, so a document cannot make the server call out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox
from pyld import jsonld

from kg.graph.namespaces import BASE, PREFIXES

CONTEXT_URL = BASE + "context.jsonld"

# Vocabulary prefixes only: entity IRIs stay whole in documents, so a plain JSON reader can follow them.
VOCABULARIES = ("jjo", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "schema", "geo", "qb", "oa",
                "void", "dcat", "wdrs")

# term: (IRI, how values are written). 'id' links, 'vocab' a link written as a term (Target), 'lang' a
# language map, 'zh' a Chinese string, a CURIE a typed literal, None a plain value.
TERMS: dict[str, tuple[str, str | None]] = {
    "label": ("rdfs:label", "lang"), "prefLabel": ("skos:prefLabel", "lang"), "altLabel": ("skos:altLabel", "lang"),
    "comment": ("rdfs:comment", "lang"), "title": ("dcterms:title", "lang"),
    "within": ("jjo:within", "id"), "location": ("jjo:location", "id"), "partOfGroup": ("jjo:partOfGroup", "id"),
    "appearsIn": ("jjo:appearsIn", "id"), "report": ("jjo:report", "id"), "inSection": ("jjo:inSection", "id"),
    "inTheme": ("jjo:inTheme", "id"), "hasFigure": ("jjo:hasFigure", "id"),
    "involvesProject": ("jjo:involvesProject", "id"), "mentionsPlace": ("jjo:mentionsPlace", "id"),
    "industry": ("jjo:industry", "id"), "speciality": ("jjo:speciality", "id"), "indicator": ("jjo:indicator", "id"),
    "refPlace": ("jjo:refPlace", "id"), "unit": ("jjo:unit", "id"), "aboutPlace": ("jjo:aboutPlace", "id"),
    "kind": ("jjo:kind", "vocab"), "textKind": ("jjo:textKind", "vocab"), "statistic": ("jjo:statistic", "vocab"), "qualifier": ("jjo:qualifier", "vocab"),
    "year": ("jjo:year", "xsd:gYear"), "planYear": ("jjo:planYear", "xsd:gYear"),
    "reviewYear": ("jjo:reviewYear", "xsd:gYear"), "value": ("jjo:value", "xsd:decimal"),
    "minValue": ("schema:minValue", "xsd:decimal"), "maxValue": ("schema:maxValue", "xsd:decimal"),
    "numberText": ("jjo:numberText", "zh"), "reportTitle": ("jjo:reportTitle", "zh"),
    "gbt4754Name": ("jjo:gbt4754Name", "zh"), "publisher": ("dcterms:publisher", "zh"),
    "creator": ("dcterms:creator", "zh"),
    "key": ("jjo:key", None), "readingOrder": ("jjo:readingOrder", None), "number": ("jjo:number", None),
    "numberPrinted": ("jjo:numberPrinted", None), "placeType": ("jjo:placeType", None),
    "divisionCode": ("jjo:divisionCode", None), "curatedIn": ("jjo:curatedIn", None),
    "sourceFile": ("jjo:sourceFile", None), "sha256": ("jjo:sha256", None), "fullText": ("jjo:fullText", None),
    "quantityKind": ("jjo:quantityKind", None), "line": ("jjo:line", None),
    "source": ("dcterms:source", None), "language": ("dcterms:language", None), "date": ("dcterms:date", "xsd:date"),
    "isPartOf": ("dcterms:isPartOf", "id"), "license": ("dcterms:license", "id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "id"), "hasSource": ("oa:hasSource", "id"),
    "hasSelector": ("oa:hasSelector", None), "exact": ("oa:exact", None), "prefix": ("oa:prefix", None),
    "suffix": ("oa:suffix", None), "start": ("oa:start", None), "end": ("oa:end", None),
    "subject": ("rdf:subject", "id"), "predicate": ("rdf:predicate", "id"), "object": ("rdf:object", "id"),
    "broader": ("skos:broader", "id"), "inScheme": ("skos:inScheme", "id"), "topConceptOf": ("skos:topConceptOf", "id"),
    "exactMatch": ("skos:exactMatch", "id"), "related": ("skos:related", "id"), "notation": ("skos:notation", None),
    "dataSet": ("qb:dataSet", "id"), "structure": ("qb:structure", "id"),
    "hasGeometry": ("geo:hasGeometry", None), "asWKT": ("geo:asWKT", "geo:wktLiteral"),
    "latitude": ("schema:latitude", "xsd:decimal"), "longitude": ("schema:longitude", "xsd:decimal"),
    "sameAs": ("owl:sameAs", "id"), "locatedWithin": ("jjo:locatedWithin", "id"),
    # How many places of each level lie within a place (kg/views/documents.py level_counts).
    "levelCount": ("jjo:levelCount", None), "level": ("jjo:level", "vocab"), "placeCount": ("jjo:placeCount", None),
    # The document's own metadata (kg/views/documents.py about_document): licence, dataset, version, date.
    "describedBy": ("wdrs:describedby", "id"), "inDataset": ("void:inDataset", "id"),
    "versionInfo": ("owl:versionInfo", None), "modified": ("dcterms:modified", "xsd:dateTime"),
}

# Incoming links, named from the entity's side. These are the links an entity document lists.
REVERSE: dict[str, str] = {
    "contains": "jjo:within", "locationOf": "jjo:location", "mentionedIn": "jjo:mentionsPlace",
    "involvedIn": "jjo:involvesProject", "groupMembers": "jjo:partOfGroup", "observations": "jjo:indicator",
    "industryOf": "jjo:industry", "specialityOf": "jjo:speciality", "sectionGoals": "jjo:inSection",
    "themeGoals": "jjo:inTheme", "figureOf": "jjo:hasFigure", "narrowerConcepts": "skos:broader",
    "statements": "rdf:subject", "sourceOf": "prov:wasDerivedFrom", "parts": "dcterms:isPartOf",
    "projectsWithin": "jjo:locatedWithin",  # the projects in a place and in the places inside it (as its page)
    "figures": "jjo:refPlace",  # a place's own figures (its sub-places' are each under their place: documents.py)
}

CLASSES = {
    **{c: f"jjo:{c}" for c in (
        "Place", "Province", "Prefecture", "County", "Subdistrict", "Town", "Area", "Site", "Project",
        "ProjectGroup", "Programme", "Goal", "Theme", "Figure", "Indicator", "Industry", "Unit", "Report", "Section", "Passage",
        "Target", "Result", "Level", "GrowthRate", "Change", "Rank", "PlanShare", "About", "AtLeast", "AtMost", "Passed",
        "Estimated", "FormalReport", "Digest", "NewsArticle", "Country", "LevelCount")},
    "Statement": "rdf:Statement", "TextQuoteSelector": "oa:TextQuoteSelector",
    "TextPositionSelector": "oa:TextPositionSelector", "SpecificResource": "oa:SpecificResource",
    "Concept": "skos:Concept", "ConceptScheme": "skos:ConceptScheme", "Observation": "qb:Observation",
    "Entity": "prov:Entity", "Geometry": "geo:Geometry",
}


def _term(iri: str, how: str | None) -> str | dict:
    if how is None:
        return iri
    if how == "id":
        return {"@id": iri, "@type": "@id"}
    if how == "vocab":
        return {"@id": iri, "@type": "@vocab"}
    if how == "lang":
        return {"@id": iri, "@container": "@language"}
    if how == "zh":
        return {"@id": iri, "@language": "zh"}
    return {"@id": iri, "@type": how}


def context() -> dict:
    """The context object, as published at /context.jsonld."""
    ctx: dict = {"@version": 1.1, "id": "@id", "type": "@type"}
    ctx.update({p: PREFIXES[p] for p in VOCABULARIES})
    ctx.update({name: _term(iri, how) for name, (iri, how) in TERMS.items()})
    ctx.update({name: {"@reverse": iri, "@type": "@id"} for name, iri in REVERSE.items()})
    ctx.update(CLASSES)
    return ctx


def context_document() -> dict:
    return {"@context": context()}


def expand_curie(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


REVERSE_IRIS = {expand_curie(iri): name for name, iri in REVERSE.items()}


class RemoteContextRefused(jsonld.JsonLdError):
    pass


def document_loader(url: str, options: dict | None = None) -> dict:
    """Our context from memory; any other URL is refused, never fetched."""
    if url == CONTEXT_URL:
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": context_document()}
    raise RemoteContextRefused(f"remote document refused: {url}", "jsonld.LoadDocumentError",
                               code="loading document failed")


OPTIONS = {"documentLoader": document_loader}


def from_triples(triples: Iterable[ox.Triple]) -> list:
    """Expanded JSON-LD of triples. Integers and booleans become JSON numbers; decimals stay typed strings.

    pyld's from_rdf is given the triples as the dataset its N-Quads parser would make of them, not as N-Quads: the
    parser drops a repeated triple by comparing it with every triple before it, which made the description of 500
    reports (~5,000 triples, /dumps) cost a second. The same dataset, so the same document (tests/test_jsonld_triples.py)
    but where the parser was wrong: it split lines inside a literal at U+0085, U+2028 and U+2029 (and failed), and
    kept N-Triples' \\uXXXX, \\b and \\f escapes of control characters as text. What the parser's form cannot hold (a
    quoted triple, a literal with a base direction) still goes through it."""
    triples = list(triples)
    dataset = _dataset(triples)
    if dataset is None:
        nquads = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": True, **OPTIONS})
    return jsonld.from_rdf(dataset, {"useNativeTypes": True, **OPTIONS})


RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _dataset(triples: list[ox.Triple]) -> dict | None:
    """The default graph as pyld's parse_nquads makes it of these triples serialized: each distinct triple once, in
    order, terms as dicts. None when a term is not one it reads."""
    graph = []
    for t in dict.fromkeys(triples):  # pyld compares type, value, datatype and language: ox's equality
        terms = (_rdf_term(t.subject), _rdf_term(t.predicate), _rdf_term(t.object))
        if None in terms or terms[0]["type"] == "literal" or terms[1]["type"] != "IRI":
            return None
        graph.append(dict(zip(("subject", "predicate", "object"), terms)))
    return {"@default": graph} if graph else {}


def _rdf_term(term) -> dict | None:
    if isinstance(term, ox.NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "blank node", "value": "_:" + term.value}
    if isinstance(term, ox.Literal) and term.direction is None:
        if term.language:
            return {"type": "literal", "datatype": RDF_LANGSTRING, "language": term.language, "value": term.value}
        return {"type": "literal", "datatype": term.datatype.value, "value": term.value}
    return None


def entity_document(iri: str, triples: Iterable[ox.Triple]) -> dict:
    """The compact document of one entity: its node at the top, linked nodes nested (each once), incoming
    links as reverse terms. Every triple given must be reachable from the entity, or framing drops it.

    Served documents are built by kg/views/jsonld_frame.py, which gives the same bytes without pyld's framing; this
    is its oracle (tests/test_jsonld_fast.py) and its fallback for what it does not replay."""
    expanded = from_triples(triples)
    reverse = {expand_curie(curie): {} for curie in REVERSE.values()}
    frame = {"@context": context(), "@id": iri, "@reverse": reverse}
    framed = jsonld.frame(expanded, frame, {**OPTIONS, "embed": "@once", "omitGraph": True})
    framed["@context"] = CONTEXT_URL
    return framed


def listing(refs: Iterable) -> dict:
    """A compact document naming entities with their labels, for index pages and search results.

    Written directly in the context's terms ("label" is a language map); tests expand it with pyld."""
    nodes = []
    for ref in refs:
        node_ = {"id": ref.iri}
        label = {lang: getattr(ref.names, lang) for lang in ("zh", "en") if getattr(ref.names, lang)}
        if label:
            node_["label"] = label
        nodes.append(node_)
    return {"@context": CONTEXT_URL, "@graph": nodes}


def compact(expanded: list | dict) -> dict:
    doc = jsonld.compact(expanded, context(), OPTIONS)
    doc["@context"] = CONTEXT_URL
    return doc


def expand(doc: dict | list) -> list:
    return jsonld.expand(doc, OPTIONS)


def to_nquads(doc: dict | list) -> str:
    return jsonld.to_rdf(doc, {"format": "application/n-quads", **OPTIONS})


def root_cause(exc: BaseException) -> str:
    """What went wrong, in one line: pyld wraps an error in others ("could not expand ..."), and the innermost
    says it ("remote document refused: ...")."""
    if not isinstance(exc, jsonld.JsonLdError):
        return str(exc)
    while isinstance(exc.__cause__ or exc.__context__, jsonld.JsonLdError):
        exc = exc.__cause__ or exc.__context__
    return str(exc.args[0]) if exc.args else str(exc)


def dumps(doc: dict | list) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)
