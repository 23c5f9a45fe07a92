"""Where a place is, for its page's map: its own point and the points of the places around it (the other places
of its county, or of itself when it is a county or larger), read from schema:latitude / schema:longitude.

Maps are drawn from these points alone (api/maps.py), so they work offline and need no tiles."""

from __future__ import annotations

from dataclasses import dataclass

from kg.store.lookup import Lookup, StoreCache, node
from kg.views.labels import Labeller, Ref

MAX_POINTS = 400  # around a place; a synthetic county of the 10M graph has a few hundred places
_areas = StoreCache(maxsize=512)


@dataclass(frozen=True)
class Point:
    ref: Ref
    lat: float
    lon: float


@dataclass(frozen=True)
class Surroundings:
    here: Point
    around: tuple[Point, ...]  # the area's other places with coordinates
    area: Ref  # the county (or the place itself) they are drawn within


def surroundings(lookup: Lookup, labeller: Labeller, iri: str) -> Surroundings | None:
    """The place's point and its area's points; None for a place without coordinates."""

    def make():
        own = lookup.select("SELECT ?lat ?lon WHERE { ?p schema:latitude ?lat ; schema:longitude ?lon } LIMIT 1",
                            p=node(iri))
        if not own:
            return None
        counties = lookup.select("SELECT ?c WHERE { ?p jjo:within* ?c . ?c a jjo:County } LIMIT 1", p=node(iri))
        area = counties[0]["c"].value if counties else iri
        rows = lookup.select(f"""SELECT ?q ?lat ?lon WHERE {{ ?q jjo:within* ?area ; schema:latitude ?lat ;
            schema:longitude ?lon }} LIMIT {MAX_POINTS}""", area=node(area))
        here = Point(labeller.ref(iri), float(own[0]["lat"].value), float(own[0]["lon"].value))
        around = tuple(Point(labeller.ref(r["q"].value), float(r["lat"].value), float(r["lon"].value))
                       for r in rows if r["q"].value != iri)
        return Surroundings(here, around, labeller.ref(area))

    return _areas.get(lookup.store, iri, make)
