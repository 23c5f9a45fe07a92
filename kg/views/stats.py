"""Counts of what the graph holds, per class and per report, read from the published store."""

from __future__ import annotations

from kg.graph.namespaces import JJO
from kg.sparql.query import QueryService

CORE = ("Goal", "Theme", "Project", "ProjectGroup", "Programme", "Place", "Industry", "Indicator", "Figure", "Section", "Passage")


def per_class(service: QueryService) -> list[tuple[str, int]]:
    q = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
    rows = service.select(q)
    counts = {str(r["c"].value): int(r["n"].value) for r in rows}
    return [(name, counts.get(str(JJO[name]), 0)) for name in CORE]


def per_report(service: QueryService) -> list[dict]:
    # One sub-select per count: OPTIONALs side by side would multiply each other's rows.
    q = """
    SELECT ?r ?title ?plan ?review ?goals ?figures ?targets ?results ?projects ?places WHERE {
      ?r a jjo:Report ; rdfs:label ?title ; jjo:planYear ?plan ; jjo:reviewYear ?review .
      { SELECT ?r (COUNT(?g) AS ?goals) WHERE { ?r a jjo:Report . OPTIONAL { ?g a jjo:Goal ; jjo:report ?r } } GROUP BY ?r }
      { SELECT ?r (COUNT(?f) AS ?figures) (SUM(IF(?k = jjo:Target, 1, 0)) AS ?targets)
               (SUM(IF(?k = jjo:Result, 1, 0)) AS ?results)
        WHERE { ?r a jjo:Report . OPTIONAL { ?f a jjo:Figure ; jjo:report ?r ; jjo:kind ?k } } GROUP BY ?r }
      { SELECT ?r (COUNT(DISTINCT ?p) AS ?projects) WHERE { ?r a jjo:Report . OPTIONAL { ?p a jjo:Project ; jjo:appearsIn ?r } } GROUP BY ?r }
      { SELECT ?r (COUNT(DISTINCT ?pl) AS ?places) WHERE { ?r a jjo:Report . OPTIONAL { ?g2 jjo:report ?r ; jjo:mentionsPlace ?pl } } GROUP BY ?r }
    } ORDER BY ?plan
    """
    rows = service.select(q)
    out = []
    for r in rows:
        out.append({k: (r[k].value if r[k] is not None else "") for k in
                    ("r", "title", "plan", "review", "goals", "figures", "targets", "results", "projects", "places")})
    return out
