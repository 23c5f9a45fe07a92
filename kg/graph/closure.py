"""Links written at build time that a reader would otherwise have to infer: `jjo:locatedWithin`, from each project
to its location and every place that location is within (the ontology's property chain, materialised), so that a
place's document and a plain SPARQL pattern find the projects of the places inside it, as the place's page does."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph

from kg.graph.namespaces import JJO


def located_within(data: Graph, out: Graph) -> int:
    """Add `project jjo:locatedWithin place` for every place a project's location is, or is within, to `out`;
    return how many links were written."""
    return locate(parents(data), data.subject_objects(JJO.location), out)


def parents(data: Graph) -> dict:
    """Each place's direct parents (jjo:within)."""
    out: dict = {}
    for place, parent in data.subject_objects(JJO.within):
        out.setdefault(place, set()).add(parent)
    return out


def locate(parents: dict, locations: Iterable[tuple], out: Graph) -> int:
    """located_within from its parts: the places' parents and the (project, location) pairs."""
    n = 0
    for project, location in locations:
        seen, todo = set(), [location]
        while todo:  # within is transitive but stated for the direct parent only: walk up
            place = todo.pop()
            if place in seen:
                continue
            seen.add(place)
            out.add((project, JJO.locatedWithin, place))
            n += 1
            todo.extend(parents.get(place, ()))
    return n
