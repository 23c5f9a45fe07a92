"""Namespaces: ours and the standard vocabularies we reuse. Prefixes here are the ones everything prints."""

import re

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, VOID, XSD

from kg.settings import DEFAULT_BASE_IRI, base_iri

BASE = base_iri(strict=False)  # JJKG_BASE_IRI, https://w3id.org/jinjiang-kg/ by default
JJO = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

QB = Namespace("http://purl.org/linked-data/cube#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT_UNIT = Namespace("http://qudt.org/vocab/unit/")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEAS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WDRS = Namespace("http://www.w3.org/2007/05/powder-s#")  # wdrs:describedby: an entity → the document about it

ENTITY_PREFIXES = ("place", "project", "industry", "indicator", "goal", "theme", "figure", "report", "section")

PREFIXES: dict[str, str] = {
    "jjo": str(JJO),
    "jjid": str(ID),
    **{kind: f"{ID}{kind}/" for kind in ENTITY_PREFIXES},
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SDO),
    "geo": str(GEO),
    "qb": str(QB),
    "oa": str(OA),
    "void": str(VOID),
    "dcat": str(DCAT),
    "wdrs": str(WDRS),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-attribute": str(SDMX_ATT),
    "sdmx-measure": str(SDMX_MEAS),
}


def rebase(text: str) -> str:
    """A Turtle file of ours (the ontology, the shapes) written under the default base, under this deployment's:
    its IRIs, and the base inside the shapes' regular expressions (escaped for the regex, then for Turtle)."""
    if BASE == DEFAULT_BASE_IRI:
        return text

    def in_pattern(iri: str) -> str:  # "." → "\\." as the shapes write it (re.escape would escape "-" too)
        return re.sub(r"([.^$*+?{}\[\]|()])", r"\\\\\1", iri)

    return text.replace(in_pattern(DEFAULT_BASE_IRI), in_pattern(BASE)).replace(DEFAULT_BASE_IRI, BASE)


def sparql_prefixes() -> str:
    """The PREFIX block the CLI and the query page put in front of queries."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_all(graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
