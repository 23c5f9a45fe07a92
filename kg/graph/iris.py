"""Minting IRIs: the only place an entity IRI is made.

Entity IRIs are `{base}id/{type}/{slug}` (base: JJKG_BASE_IRI, https://w3id.org/jinjiang-kg/ by default). Slugs are the toneless pinyin of the
entity's canonical Chinese name (or a structural path for goals and figures), so the same entity gets the
same IRI across rebuilds and across reports.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from kg.extract.slugs import SLUG_RE, join_slug, slugify  # noqa: F401 (join_slug: re-exported for structural IRIs)
from kg.graph.namespaces import GRAPH, ID

ENTITY_TYPES = (
    "report", "section", "theme", "goal", "project", "place", "industry", "indicator",
    "figure", "passage", "assertion", "unit", "dataset", "scheme", "assessment",
)
IRI_RE = re.compile("^" + re.escape(str(ID)) + "(" + "|".join(ENTITY_TYPES) + r")/[a-z0-9]+(?:-[a-z0-9]+)*$")


def entity(kind: str, slug: str) -> URIRef:
    """The IRI of an entity of `kind` with an already-made slug."""
    if kind not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {kind!r}")
    if not SLUG_RE.match(slug):
        raise ValueError(f"bad slug {slug!r} for {kind}")
    return ID[f"{kind}/{slug}"]


def named(kind: str, name: str) -> URIRef:
    """The IRI of a named entity (place, project, industry, indicator, unit) from its canonical name."""
    return entity(kind, slugify(name))


def report_graph(report_slug: str) -> URIRef:
    """The named graph holding every triple derived from one report."""
    return GRAPH[report_slug]


REFERENCE_GRAPH = GRAPH["reference"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
DERIVED_GRAPH = GRAPH["derived"]


def kind_of(iri: str) -> str | None:
    """'place' for .../id/place/anhaizhen; None for IRIs that are not ours."""
    m = IRI_RE.match(str(iri))
    return m.group(1) if m else None
