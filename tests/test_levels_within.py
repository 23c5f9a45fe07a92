"""How many places of each level lie within a place (its page and its document say it): the query walks down from
the place; here the same counts are made in Python from the store's jjo:within links, for every place."""

from collections import defaultdict

from kg.store.lookup import Lookup
from kg.views.report_source import LEVEL_ORDER, levels_within


def below(parents: dict[str, set[str]], place: str) -> set[str]:
    children = defaultdict(set)
    for child, ups in parents.items():
        for up in ups:
            children[up].add(child)
    found, todo = set(), [place]
    while todo:
        for child in children[todo.pop()] - found:
            found.add(child)
            todo.append(child)
    return found


def test_every_places_levels_are_the_counts_of_the_places_below_it(service):
    lookup = Lookup(service.store())
    parents: dict[str, set[str]] = defaultdict(set)
    for row in lookup.select("SELECT ?p ?up WHERE { ?p jjo:within ?up }"):
        parents[row["p"].value].add(row["up"].value)
    level_of = defaultdict(set)
    for row in lookup.select("SELECT ?p ?c WHERE { ?p a ?c }"):
        if row["c"].value in LEVEL_ORDER:
            level_of[row["p"].value].add(row["c"].value)
    places = set(parents) | {up for ups in parents.values() for up in ups}
    assert len(places) > 20
    nonempty = 0
    for place in sorted(places):
        expected = defaultdict(int)
        for p in below(parents, place):
            for level in level_of[p]:
                expected[level] += 1
        got = levels_within(lookup, place)
        assert dict(got) == dict(expected), place
        assert [level for level, _n in got] == sorted(expected, key=LEVEL_ORDER.index)  # highest level first
        nonempty += bool(got)
    assert nonempty >= 3
