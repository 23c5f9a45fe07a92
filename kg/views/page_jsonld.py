"""The JSON-LD a page embeds: the entity's own statements, written directly in the published context's terms.

The full document (incoming links, provenance, labels of linked entities) stays at /id/{type}/{slug}.jsonld;
framing it with pyld costs 10–25 ms for a big entity of the 10M-triple graph, ten times what the rest of a page
should cost, so pages embed this summary instead (about 0.1 ms). It reads back with pyld to exactly the
entity's own triples (tests/test_page_jsonld.py); a value the context cannot carry in its term (a label
without a language, a link under a literal term) is written under the property's full IRI instead.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kg.store.lookup import Lookup, node
from kg.store.release import Release
from kg.views.jsonld import CLASSES, CONTEXT_URL, TERMS, expand_curie

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BY_IRI = {expand_curie(curie): (name, how) for name, (curie, how) in TERMS.items()}
CLASS_NAMES = {expand_curie(curie): name for name, curie in CLASSES.items()}
VOCAB_NAMES = CLASS_NAMES  # the terms of @vocab-typed values (kinds, statistics, qualifiers) are class names
NESTING = 2  # blank nodes (geometries, selectors) are written inside the entity, this deep


def summary(lookup: Lookup, iri: str, page: str | None = None, release: Release | None = None) -> dict:
    """The compact JSON-LD of an entity's own triples (and the blank nodes they lead to); with `page` (the page's
    IRI) and `release`, also what the page is: its licence, dataset, version and date, as documents say."""
    doc = {"@context": CONTEXT_URL}
    doc.update(_node(lookup, node(iri), NESTING))
    if page is not None and release is not None:
        doc["describedBy"] = described_by(page, release)
    return doc


def described_by(document: str, release: Release) -> dict:
    """kg/views/documents.about_document in the context's terms."""
    out = {"id": document, "license": release.license, "inDataset": release.dataset, "versionInfo": release.version}
    if release.modified:
        out["modified"] = release.modified
    return out


def _node(lookup: Lookup, subject: ox.NamedNode | ox.BlankNode, depth: int) -> dict:
    out: dict = {"id": subject.value} if isinstance(subject, ox.NamedNode) else {}
    values: dict[str, list] = defaultdict(list)
    languages: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in lookup.triples(subject):
        p, o = t.predicate.value, t.object
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            values["type"].append(CLASS_NAMES.get(o.value, o.value))
            continue
        name, how = BY_IRI.get(p, (None, None))
        if isinstance(o, ox.BlankNode):
            nested = _node(lookup, o, depth - 1) if depth > 0 else {}
            values[name if name and how in (None, "id", "vocab") else p].append(nested)
        elif isinstance(o, ox.NamedNode):
            if name and how == "id":
                values[name].append(o.value)
            elif name and how == "vocab":
                values[name].append(VOCAB_NAMES.get(o.value, o.value))
            else:
                values[name if name and how is None else p].append({"@id": o.value})
        elif name and how == "lang" and o.language:
            languages[name][o.language].append(o.value)
        elif name and how == "zh" and o.language == "zh":
            values[name].append(o.value)
        elif name and how not in (None, "id", "vocab", "lang", "zh") and not o.language \
                and o.datatype.value == expand_curie(how):
            values[name].append(o.value)
        else:
            values[name if name and how is None else p].append(_literal(o))
    for name, by_lang in languages.items():
        out[name] = {lang: vs[0] if len(vs) == 1 else vs for lang, vs in sorted(by_lang.items())}
    for key, vs in values.items():
        out[key] = vs[0] if len(vs) == 1 else vs
    return out


def _literal(o: ox.Literal) -> str | dict:
    if o.language:
        return {"@value": o.value, "@language": o.language}
    if o.datatype.value == XSD_STRING:
        return o.value
    return {"@value": o.value, "@type": o.datatype.value}
