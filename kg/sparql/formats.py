"""The formats a query result can be written in: one table, shared by the serialiser, the web shell's content
negotiation, the `format=` parameter and the service description.

SELECT and ASK give *results* (SPARQL JSON, XML, CSV, TSV); CONSTRUCT and DESCRIBE give a *graph* (Turtle,
N-Triples, JSON-LD, RDF/XML, TriG, N-Quads). The first format of each kind is its default.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

RESULTS = "results"
GRAPH = "graph"


@dataclass(frozen=True)
class Format:
    name: str  # what `format=` takes
    label: str  # what a person reads on a download link
    media_type: str
    kind: str  # RESULTS or GRAPH
    extension: str
    w3c_iri: str  # its IRI in http://www.w3.org/ns/formats/, for the service description
    aliases: tuple[str, ...] = ()  # other names for `format=`
    also_accepted: tuple[str, ...] = ()  # other media types a client may ask for it by

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"

    @property
    def oxigraph(self) -> ox.QueryResultsFormat | ox.RdfFormat:
        return _OXIGRAPH[self.name]


W3C = "http://www.w3.org/ns/formats/"

FORMATS: tuple[Format, ...] = (
    # Besides each format's own media type, the ones other stores answer to (Fuseki, Virtuoso) and clients send
    # (SPARQLWrapper): plain XML and JSON, text/plain (TSV for results; N-Triples, whose first media type it was,
    # for graphs), N3's and older Turtle types (Turtle is N3 without N3's extensions, so an N3 reader reads it).
    Format("json", "SPARQL JSON", "application/sparql-results+json", RESULTS, "srj", W3C + "SPARQL_Results_JSON",
           aliases=("srj",), also_accepted=("application/json",)),
    Format("xml", "SPARQL XML", "application/sparql-results+xml", RESULTS, "srx", W3C + "SPARQL_Results_XML",
           aliases=("srx",), also_accepted=("application/xml", "text/xml")),
    Format("csv", "CSV", "text/csv", RESULTS, "csv", W3C + "SPARQL_Results_CSV"),
    Format("tsv", "TSV", "text/tab-separated-values", RESULTS, "tsv", W3C + "SPARQL_Results_TSV",
           also_accepted=("text/plain",)),
    Format("turtle", "Turtle", "text/turtle", GRAPH, "ttl", W3C + "Turtle", aliases=("ttl", "n3"),
           also_accepted=("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3", "application/n3")),
    Format("ntriples", "N-Triples", "application/n-triples", GRAPH, "nt", W3C + "N-Triples", aliases=("nt",),
           also_accepted=("text/plain",)),
    Format("jsonld", "JSON-LD", "application/ld+json", GRAPH, "jsonld", W3C + "JSON-LD", aliases=("json-ld", "json"),
           also_accepted=("application/json", "application/x-json+ld")),
    Format("rdfxml", "RDF/XML", "application/rdf+xml", GRAPH, "rdf", W3C + "RDF_XML",
           aliases=("rdf", "rdf-xml", "rdf+xml", "xml"), also_accepted=("application/xml", "text/xml")),
    Format("trig", "TriG", "application/trig", GRAPH, "trig", W3C + "TriG"),
    Format("nquads", "N-Quads", "application/n-quads", GRAPH, "nq", W3C + "N-Quads", aliases=("nq",)),
)

_OXIGRAPH = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
}


def of_kind(kind: str) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.kind == kind)


def by_name(name: str, kind: str) -> Format | None:
    """The format of `kind` a `format=` parameter names: by name, alias or media type. `json` and `xml` name
    SPARQL JSON and XML for results, JSON-LD and RDF/XML for graphs."""
    wanted = name.strip().lower()
    for f in of_kind(kind):
        if wanted in (f.name, f.media_type, *f.aliases, *f.also_accepted):
            return f
    return None


def named(values: list[str], kind: str) -> Format | None:
    """The first format of `kind` that `format=` values name. Each value may be a comma list (SPARQLWrapper
    sends `format=json-ld&format=application/ld+json,application/x-json+ld`) and may carry media-type
    parameters (`text/turtle; charset=utf-8`); values naming nothing of this kind are passed over."""
    for value in values:
        for item in value.split(","):
            fmt = by_name(item.split(";")[0], kind)
            if fmt is not None:
                return fmt
    return None


def by_media_type(media_type: str, kind: str | None = None) -> Format | None:
    for f in FORMATS:
        if (kind is None or f.kind == kind) and media_type in (f.media_type, *f.also_accepted):
            return f
    return None


def media_types(kind: str) -> list[str]:
    """Every media type a client may ask for results of `kind` by, the default first."""
    # Each format's own type before any other name of it: a wildcard (`text/*`) picks among equals by this
    # order, and should give CSV, not SPARQL XML as `text/xml`.
    return [f.media_type for f in of_kind(kind)] + [m for f in of_kind(kind) for m in f.also_accepted]
