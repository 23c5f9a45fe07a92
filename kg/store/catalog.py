"""The dataset described in VoID and DCAT, for /dumps: licence, sources, creation time, sizes, entities per
class, and one distribution per dump file. Self-contained: it names the SPARQL endpoint and the /void
description too, but does not depend on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

from kg.graph.namespaces import BASE, ID, JJO
from kg.store import coverage
from kg.store.dumps import DUMPS, GZIP_MEDIA_TYPE, versioned_name
from kg.store.lookup import Lookup, StoreCache, integer, node
from kg.store.release import CC_BY, DATASET, Release

ONTOLOGY = str(JJO)[:-1]
DCAT_VERSION = str(DCAT) + "version"  # DCAT 3; rdflib's namespace predates it
ENTITIES = f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{ID}")) }}'
# Entities per class, as VoID counts them: distinct subjects in the dataset's URI space (void:uriSpace).
CLASS_ENTITIES = f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{ID}")) }}
    GROUP BY ?c ORDER BY DESC(?n) ?c"""
GRAPH_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
TOTALS = """SELECT (COUNT(*) AS ?t) (COUNT(DISTINCT ?p) AS ?p) (COUNT(DISTINCT ?s) AS ?s) (COUNT(DISTINCT ?o) AS ?o)
    WHERE { ?s ?p ?o }"""
_summaries = StoreCache()


@dataclass(frozen=True)
class Totals:
    """The dataset's sizes that /dumps, /void and the endpoint's description state. Counting them reads every
    triple (~0.8 s at 500 generated reports, growing with the corpus), which the first of those pages a web worker
    answered paid; so the build writes them into the index of pages' lists (kg/views/list_index.py) and the pages
    take them from there. These queries answer only for a store whose index lacks them, or a remote store."""

    triples: int  # in the default graph (the union of all graphs)
    properties: int  # distinct predicates
    subjects: int  # distinct subjects
    objects: int  # distinct objects
    entities: int  # distinct subjects in the entity URI space (ENTITIES)
    graphs: tuple[tuple[str, int], ...]  # named graph IRI, triples (GRAPH_TRIPLES, its order)
    classes: tuple[tuple[str, int], ...]  # class IRI, entities (CLASS_ENTITIES, its order)


def read_totals(rows: Callable[[str], Iterable]) -> Totals:
    """The totals counted by `rows` (a query's solutions: a Lookup's `select`, or the query service's)."""
    totals = list(rows(TOTALS))[0]
    return Totals(int(totals["t"].value), int(totals["p"].value), int(totals["s"].value), int(totals["o"].value),
                  int(list(rows(ENTITIES))[0]["n"].value),
                  tuple((r["g"].value, int(r["n"].value)) for r in rows(GRAPH_TRIPLES)),
                  tuple((r["c"].value, int(r["n"].value)) for r in rows(CLASS_ENTITIES)))


def no_totals() -> Totals | None:
    return None


@dataclass
class Summary:
    created: str | None
    license: str
    triples: int
    quads: int
    entities: int
    classes: list[tuple[str, int]]  # class IRI, entities
    graphs: list[tuple[str, int]]  # named graph IRI, triples
    reports: list[str]
    coverage: coverage.Coverage  # titles and descriptions are written from it, as /void's are


def summarise(lookup: Lookup, manifest: dict, held: Callable[[], Totals | None] = no_totals) -> Summary:
    """What /dumps states, once per store; its sizes from `held()` when that has them (the lists' index), counted
    in the store otherwise."""

    def make() -> Summary:
        totals = held()
        if totals is not None:
            triples, graphs = totals.triples, list(totals.graphs)
            entities, classes = totals.entities, list(totals.classes)
        else:
            triples = integer(lookup.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])
            graphs = [(r["g"].value, integer(r["n"])) for r in lookup.select(GRAPH_TRIPLES)]
            entities = integer(lookup.select(ENTITIES)[0]["n"])
            classes = [(r["c"].value, integer(r["n"])) for r in lookup.select(CLASS_ENTITIES)]
        licenses = lookup.objects(node(ONTOLOGY), node(str(DCTERMS.license)))
        reports = [r["r"].value for r in lookup.select("SELECT ?r WHERE { ?r a jjo:Report } ORDER BY ?r")]
        return Summary(manifest.get("built"), licenses[0].value if licenses else CC_BY, triples,
                       sum(n for _, n in graphs), entities, classes, graphs, reports, coverage.read(lookup))

    return _summaries.get(lookup.store, "summary", make)


def _lit(value, datatype=None, lang=None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=ox.NamedNode(str(datatype or XSD.string)))


IANA = "https://www.iana.org/assignments/media-types/"


def class_partition(n: int) -> str:
    """The IRI of the dataset's n-th class partition (in CLASS_ENTITIES' order), in /dumps and /void alike."""
    return f"{DATASET}-class-{n}"


def description(summary: Summary, reference_files: list[Path], sizes: dict[str, int | None],
                release: Release, root: str = BASE) -> list[ox.Triple]:
    """VoID + DCAT triples about the dataset and its distributions: one per dump, under the publication's
    versioned, gzip-compressed name. `root` is where the server answers (its endpoint, /void and the dump files
    are under it): the address /void names too."""
    ds = node(DATASET)
    out: list[ox.Triple] = []

    def add(s, p, o):
        out.append(ox.Triple(s, node(str(p)), o))

    add(ds, RDF.type, node(str(VOID.Dataset)))
    add(ds, RDF.type, node(str(DCAT.Dataset)))
    out += coverage.triples(ds, summary.coverage)
    add(ds, DCTERMS.license, node(summary.license))
    if summary.created:
        add(ds, DCTERMS.created, _lit(summary.created))
    add(ds, OWL.versionInfo, _lit(release.version))
    add(ds, DCAT_VERSION, _lit(release.version))
    if release.modified:
        add(ds, DCTERMS.modified, _lit(release.modified, XSD.dateTime))
    for report in summary.reports:
        add(ds, DCTERMS.source, node(report))
    for f in reference_files:
        source = node(f"{BASE}dumps#source-{f.name}")
        add(ds, DCTERMS.source, source)
        add(source, RDFS.label, _lit(f"data/reference/{f.name}"))
        add(source, JJO.sha256, _lit(hashlib.sha256(f.read_bytes()).hexdigest()))
    add(ds, VOID.triples, _lit(summary.triples, XSD.integer))
    add(ds, VOID.entities, _lit(summary.entities, XSD.integer))
    add(ds, VOID.uriSpace, _lit(str(ID)))
    add(ds, VOID.vocabulary, node(str(JJO)))
    add(ds, VOID.sparqlEndpoint, node(root + "sparql"))
    for place in summary.coverage.places[:1]:  # a place the reports are about: one every graph has
        add(ds, VOID.exampleResource, node(place.iri))
    add(ds, RDFS.seeAlso, node(root + "void"))
    add(ds, DCAT.landingPage, node(root))
    for n, (cls, count) in enumerate(summary.classes):
        part = node(class_partition(n))
        add(ds, VOID.classPartition, part)
        add(part, VOID["class"], node(cls))
        add(part, VOID.entities, _lit(count, XSD.integer))
    for graph, count in summary.graphs:
        add(ds, VOID.subset, node(graph))
        add(node(graph), RDF.type, node(str(VOID.Dataset)))
        add(node(graph), VOID.triples, _lit(count, XSD.integer))
    for dump in DUMPS:
        name = versioned_name(dump, release.version)
        url = node(f"{root}dumps/{name}")
        add(ds, VOID.dataDump, url)
        dist = node(f"{BASE}dumps#{name}")
        add(ds, DCAT.distribution, dist)
        add(dist, RDF.type, node(str(DCAT.Distribution)))
        add(dist, DCAT.downloadURL, url)
        add(dist, DCAT.mediaType, node(IANA + dump.media_type))
        add(dist, DCAT.compressFormat, node(IANA + GZIP_MEDIA_TYPE))
        add(dist, DCTERMS.format, _lit(dump.format_name))
        add(dist, DCTERMS.description, _lit(dump.what, lang="en"))
        add(dist, DCTERMS.license, node(summary.license))
        add(dist, OWL.versionInfo, _lit(release.version))
        if sizes.get(name) is not None:
            add(dist, DCAT.byteSize, _lit(sizes[name], XSD.nonNegativeInteger))
    return out


def reference_files(reference_dir: Path) -> list[Path]:
    return sorted(p for p in reference_dir.glob("*") if p.is_file() and p.suffix in (".csv", ".yaml", ".yml"))

