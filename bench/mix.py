"""The query mix: what our users ask, as requests for each system under test.

Seven kinds of request, weighted the way the site is used (pages first, heavy aggregates rarely):

| kind      | our server                        | rdflib-endpoint and in-process pyoxigraph (SPARQL equivalent) |
|-----------|-----------------------------------|---------------------------------------------------------------|
| projects  | /sparql: a place's projects, sub-places included (jjo:within*), in the README's shape      |
| indicator | /sparql: an indicator's figures by year                                                      |
| search    | /search.json?q=                   | SELECT with FILTER(CONTAINS(label))                           |
| describe  | /sparql: DESCRIBE <entity>                                                                   |
| jsonld    | /id/{type}/{slug}.jsonld          | DESCRIBE <entity> as JSON-LD                                  |
| page      | /page/{type}/{slug}               | CONSTRUCT of the entity, its links' labels and incoming links |
| count     | /sparql: instances per class (COUNT … GROUP BY over the whole graph)                         |

Entities are sampled from the store itself (a fixed seed), so every size gets the same kinds of question.
"""

from __future__ import annotations

import random
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

ID = "https://w3id.org/jinjiang-kg/id/"
PREFIXES = """PREFIX jjo: <https://w3id.org/jinjiang-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
WEIGHTS = {"page": 4, "jsonld": 2, "search": 2, "projects": 2, "indicator": 2, "describe": 1, "count": 1}
KINDS = list(WEIGHTS)
SPARQL_JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
HTML = "text/html"


@dataclass(frozen=True)
class Request:
    kind: str
    path: str  # path and query string, for HTTP systems
    accept: str
    query: str | None  # the SPARQL text (None for our non-SPARQL URLs)
    form: str  # SELECT, DESCRIBE or CONSTRUCT: how the in-process runner serialises it


@dataclass(frozen=True)
class Sample:
    places: list[str]  # places that have projects in them or below them
    indicators: list[str]  # indicators with figures
    entities: list[str]  # places, projects and indicators, alternating: pages and documents
    terms: list[str]  # label fragments to search for


def projects_query(place: str) -> str:
    return PREFIXES + f"""SELECT ?project ?label ?place WHERE {{
  ?place jjo:within* <{place}> .
  ?project jjo:location ?place ; rdfs:label ?label .
  FILTER(lang(?label) = "zh")
}}"""


def indicator_query(indicator: str) -> str:
    return PREFIXES + f"""SELECT ?year ?kind ?statistic ?value WHERE {{
  ?f jjo:indicator <{indicator}> ; jjo:year ?year ; jjo:kind ?kind ; jjo:statistic ?statistic ; jjo:value ?value .
}} ORDER BY ?year ?kind"""


def search_query(term: str) -> str:
    return PREFIXES + f"""SELECT ?s ?label WHERE {{
  ?s rdfs:label ?label . FILTER(CONTAINS(STR(?label), "{term}"))
}} LIMIT 50"""


def page_query(entity: str) -> str:
    return PREFIXES + f"""CONSTRUCT {{ <{entity}> ?p ?o . ?o rdfs:label ?ol . ?s ?ip <{entity}> . ?s rdfs:label ?sl }}
WHERE {{
  {{ <{entity}> ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }}
  UNION
  {{ ?s ?ip <{entity}> OPTIONAL {{ ?s rdfs:label ?sl }} }}
}}"""


COUNT_QUERY = """SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"""


def sample(store: ox.Store, n: int = 60, seed: int = 1) -> Sample:
    rng = random.Random(seed)

    def column(query: str, limit: int = 5000) -> list[str]:
        rows = store.query(PREFIXES + query + f" LIMIT {limit}")
        return sorted({row[0].value for row in rows})

    def pick(values: list[str], k: int) -> list[str]:
        return rng.sample(values, min(k, len(values)))

    locations = column("SELECT DISTINCT ?loc WHERE { ?p jjo:location ?loc }")
    parents = column("SELECT DISTINCT ?up WHERE { ?p jjo:location ?loc . ?loc jjo:within ?up }")
    places = pick(locations, n // 2) + pick(parents, n - n // 2)
    indicators = pick(column("SELECT DISTINCT ?i WHERE { ?f jjo:indicator ?i }"), n)
    projects = pick(column("SELECT DISTINCT ?p WHERE { ?p jjo:location ?loc }"), n)
    entities = [e for trio in zip(places, projects, indicators) for e in trio]
    terms = []
    for e in places + projects:
        for label in store.quads_for_pattern(ox.NamedNode(e), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, ox.DefaultGraph()):
            if label.object.language == "zh" and len(label.object.value) >= 2:
                terms.append(label.object.value[:2])
                break
    return Sample(places, indicators, entities, sorted(set(terms)))


def _sparql(path: str, kind: str, query: str, accept: str, form: str) -> Request:
    return Request(kind, f"{path}?query={urllib.parse.quote(query, safe='')}", accept, query, form)


def requests(s: Sample, system: str) -> dict[str, list[Request]]:
    """Requests per kind for `system`: 'ours' (our URLs), 'peer' (SPARQL at /) or 'inprocess' (SPARQL)."""
    endpoint = "/sparql" if system == "ours" else "/"
    out: dict[str, list[Request]] = {k: [] for k in KINDS}
    out["projects"] = [_sparql(endpoint, "projects", projects_query(p), SPARQL_JSON, "SELECT") for p in s.places]
    out["indicator"] = [_sparql(endpoint, "indicator", indicator_query(i), SPARQL_JSON, "SELECT") for i in s.indicators]
    out["describe"] = [_sparql(endpoint, "describe", f"DESCRIBE <{e}>", TURTLE, "DESCRIBE") for e in s.entities]
    out["count"] = [_sparql(endpoint, "count", COUNT_QUERY, SPARQL_JSON, "SELECT")]
    if system == "ours":
        out["search"] = [Request("search", f"/search.json?q={urllib.parse.quote(t)}", "application/json", None, "")
                         for t in s.terms]
        out["jsonld"] = [Request("jsonld", f"/id/{e.removeprefix(ID)}.jsonld", JSONLD, None, "") for e in s.entities]
        out["page"] = [Request("page", f"/page/{e.removeprefix(ID)}", HTML, None, "") for e in s.entities]
    else:
        out["search"] = [_sparql(endpoint, "search", search_query(t), SPARQL_JSON, "SELECT") for t in s.terms]
        out["jsonld"] = [_sparql(endpoint, "jsonld", f"DESCRIBE <{e}>", JSONLD, "DESCRIBE") for e in s.entities]
        out["page"] = [_sparql(endpoint, "page", page_query(e), TURTLE, "CONSTRUCT") for e in s.entities]
    return out


def mixed(by_kind: dict[str, list[Request]], length: int = 600, seed: int = 2) -> list[Request]:
    """A shuffled sequence with the mix's weights, each kind cycling through its own requests."""
    rng = random.Random(seed)
    total = sum(WEIGHTS.values())
    out, position = [], {k: 0 for k in KINDS}
    for _ in range(length // total):
        cycle = [k for k in KINDS for _ in range(WEIGHTS[k])]
        rng.shuffle(cycle)
        for k in cycle:
            reqs = by_kind[k]
            out.append(reqs[position[k] % len(reqs)])
            position[k] += 1
    return out
