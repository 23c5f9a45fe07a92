"""The service and the dataset described in RDF, for machines that discover them:

- a SPARQL 1.1 Service Description (sd:) of the endpoint: what it speaks, its formats, its dataset and graphs;
- a VoID description of the dataset: size, graphs, classes, URI space, vocabularies, where to query it.

Counts come from the published store through trusted in-process queries (~0.8 s at 500 generated reports, once per
build and web worker), or, for their sizes, from the lists' index the build wrote beside the store (the api passes
them in: kg.store.catalog.Totals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.graph import iris
from kg.graph.namespaces import GRAPH, ID, JJO, PREFIXES
from kg.sparql import dialect, formats
from kg.store import coverage, release
from kg.store.catalog import CC_BY, Totals, class_partition, no_totals, read_totals
from kg.store.dumps import DUMPS, versioned_name
from kg.store.lookup import Lookup

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATASET = ox.NamedNode(str(iris.entity("dataset", "jinjiang-kg")))
EXAMPLE_RESOURCES = ("indicator/diqushengchanzongzhi",)  # and the first place reports are about
DESCRIPTION_PREFIXES = {**PREFIXES, "sd": SD, "void": VOID}
VOCABULARIES = (str(JJO), PREFIXES["skos"], PREFIXES["qb"], PREFIXES["prov"], PREFIXES["oa"], PREFIXES["schema"],
                PREFIXES["geo"], PREFIXES["dcterms"], PREFIXES["rdfs"])


@dataclass(frozen=True)
class Statistics:
    triples: int  # in the default graph (the union of all graphs)
    graphs: dict[str, int]  # triples per named graph
    graph_titles: dict[str, str]  # report graphs: the report's title
    classes: list[tuple[str, int]]  # entities per class, as /dumps counts them (catalog.CLASS_ENTITIES)
    properties: int
    distinct_subjects: int
    distinct_objects: int
    entities: int  # distinct subjects in the entity URI space
    built: str  # when the store was built (ISO 8601)
    coverage: coverage.Coverage  # whose reports, which years: the title and description


_cache: dict[str, Statistics] = {}


def statistics(service, held: Callable[[], Totals | None] = no_totals) -> Statistics:
    """Counts for the descriptions, from the published store (a kg.sparql.query.QueryService); counted once per build.
    The sizes from `held()` when that has them (the lists' index written with the build), counted otherwise."""
    build = service.publication()
    if build not in _cache:
        _cache.clear()
        _cache[build] = _count(service, held)
    return _cache[build]


def _count(service, held: Callable[[], Totals | None]) -> Statistics:

    def rows(query: str) -> list:
        _, result = service.run(query)
        return list(result)

    totals = held() or read_totals(rows)  # entities as /dumps counts them
    titles = {}
    for r in rows("SELECT ?r ?title WHERE { ?r a jjo:Report ; jjo:reportTitle ?title }"):
        slug = r["r"].value.rsplit("/", 1)[-1]
        titles[f"{GRAPH}{slug}"] = r["title"].value
    return Statistics(totals.triples, dict(totals.graphs), titles, list(totals.classes), totals.properties,
                      totals.subjects, totals.objects, totals.entities,
                      _iso_datetime(service.manifest().get("built", "")), coverage.read(Lookup(service.store())))


def _iso_datetime(stamp: str) -> str:
    """The build manifest's time (2026-01-02T03:04:05+0000) as xsd:dateTime wants it; '' when unreadable."""
    try:
        return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").isoformat()
    except ValueError:
        return ""


def service_description(endpoint: str, void_url: str, stats: Statistics, timeout: float, max_rows: int) -> list:
    """SPARQL 1.1 Service Description triples for the endpoint at `endpoint`."""
    service = ox.NamedNode(endpoint + "#service")
    default_graph = ox.BlankNode()
    out = [
        _t(service, RDF_TYPE, _sd("Service")),
        _t(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        _t(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        _t(service, _sd("feature"), _sd("UnionDefaultGraph")),
        _t(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        _t(service, _sd("defaultDataset"), DATASET),
        _t(service, ox.NamedNode(DCT + "title"), ox.Literal(stats.coverage.title("en") + " — SPARQL endpoint", language="en")),
        _t(service, ox.NamedNode(RDFS + "comment"), ox.Literal(
            f"Read-only SPARQL 1.1 query service; SERVICE, LOAD and updates are refused. {dialect.LANGUAGE}, on "
            f"every backend: what an engine reads beyond it (LATERAL, ADJUST, SPARQL 1.2's triple terms, their "
            f"functions and directional language tags, functions called by IRI other than SPARQL 1.1's XSD casts) "
            f"is refused (400), so this description announces no language extension or extension function. "
            f"A query gets {timeout:g} s; results longer than {max_rows} rows or triples are cut "
            f"(header X-JJKG-Truncated: true).",
            language="en")),
        _t(service, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(void_url)),
        _t(DATASET, RDF_TYPE, _sd("Dataset")),
        _t(DATASET, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        _t(DATASET, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(void_url)),
        _t(DATASET, _sd("defaultGraph"), default_graph),
        _t(default_graph, RDF_TYPE, _sd("Graph")),
        _t(default_graph, ox.NamedNode(VOID + "triples"), _integer(stats.triples)),
    ]
    out += [_t(service, _sd("resultFormat"), ox.NamedNode(f.w3c_iri)) for f in formats.FORMATS]
    for name, count in stats.graphs.items():
        named, graph = ox.BlankNode(), ox.BlankNode()
        out += [_t(DATASET, _sd("namedGraph"), named), _t(named, RDF_TYPE, _sd("NamedGraph")),
                _t(named, _sd("name"), ox.NamedNode(name)), _t(named, _sd("graph"), graph),
                _t(graph, RDF_TYPE, _sd("Graph")), _t(graph, ox.NamedNode(VOID + "triples"), _integer(count))]
    return out


def void_description(endpoint: str, stats: Statistics) -> list:
    """VoID triples for the dataset, its graphs (subsets) and its classes (class partitions)."""
    v = lambda name: ox.NamedNode(VOID + name)  # noqa: E731
    base = endpoint.rsplit("sparql", 1)[0]  # the server's root: dumps and pages live beside the endpoint
    version = release.from_built(stats.built).version
    out = [
        _t(DATASET, RDF_TYPE, v("Dataset")),
        _t(DATASET, RDF_TYPE, ox.NamedNode(PREFIXES["dcat"] + "Dataset")),
        *coverage.triples(DATASET, stats.coverage),
        _t(DATASET, v("sparqlEndpoint"), ox.NamedNode(endpoint)),
        _t(DATASET, v("uriSpace"), ox.Literal(str(ID))),
        _t(DATASET, v("triples"), _integer(stats.triples)),
        _t(DATASET, v("entities"), _integer(stats.entities)),
        _t(DATASET, v("classes"), _integer(len(stats.classes))),
        _t(DATASET, v("properties"), _integer(stats.properties)),
        _t(DATASET, v("distinctSubjects"), _integer(stats.distinct_subjects)),
        _t(DATASET, v("distinctObjects"), _integer(stats.distinct_objects)),
        *[_t(DATASET, v("vocabulary"), ox.NamedNode(iri)) for iri in VOCABULARIES],
        *[_t(DATASET, v("exampleResource"), ox.NamedNode(p.iri)) for p in stats.coverage.places[:1]],
        *[_t(DATASET, v("exampleResource"), ox.NamedNode(f"{ID}{path}")) for path in EXAMPLE_RESOURCES],
        _t(DATASET, ox.NamedNode(DCT + "license"), ox.NamedNode(CC_BY)),
        _t(DATASET, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(base + "dumps")),
        # The files under the publication's versioned names, as /dumps lists them (kg/store/catalog.py)
        *[_t(DATASET, v("dataDump"), ox.NamedNode(base + "dumps/" + versioned_name(d, version))) for d in DUMPS],
    ]
    if stats.built:
        out.append(_t(DATASET, ox.NamedNode(DCT + "modified"),
                      ox.Literal(stats.built, datatype=ox.NamedNode(XSD + "dateTime"))))
    for name, count in stats.graphs.items():
        graph = ox.NamedNode(name)
        out += [_t(DATASET, v("subset"), graph), _t(graph, RDF_TYPE, v("Dataset")),
                _t(graph, v("triples"), _integer(count)), _t(graph, v("sparqlEndpoint"), ox.NamedNode(endpoint))]
        if name in stats.graph_titles:
            out.append(_t(graph, ox.NamedNode(DCT + "title"), ox.Literal(stats.graph_titles[name], language="zh")))
    for n, (cls, count) in enumerate(stats.classes):
        partition = ox.NamedNode(class_partition(n))
        out += [_t(DATASET, v("classPartition"), partition), _t(partition, v("class"), ox.NamedNode(cls)),
                _t(partition, v("entities"), _integer(count))]
    return out


def _t(s, p, o) -> ox.Triple:
    return ox.Triple(s, p, o)


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))
