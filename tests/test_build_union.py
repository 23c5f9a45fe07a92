"""The build reads the union of its graphs through a view of the dataset (kg/graph/validate.union_view) and gives the
SHACL engine and the store's default graph the union's N-Triples cut from the dataset's N-Quads (union_ntriples):
both must be the very union a copy of every graph's triples is (validate.union, what the build used before)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Literal, URIRef

from kg.graph.validate import union, union_ntriples, union_view

EX = "http://example.org/"


def test_the_view_reads_what_a_copy_of_the_union_holds(built):
    copy = union(built.dataset)
    assert len(built.union) == len(copy)
    assert set(built.union.triples((None, None, None))) == set(copy)
    iterated = list(built.union)  # as a Graph iterates: triples, each once (a Dataset's own iteration gives quads)
    assert all(len(t) == 3 for t in iterated) and len(iterated) == len(set(iterated)) == len(copy)


def test_the_union_ntriples_are_the_lines_of_the_copy(built):
    copy = union(built.dataset)
    ntriples = union_ntriples(built.dataset.serialize(format="nquads", encoding="utf-8"))
    lines = ntriples.splitlines()
    assert len(lines) == len(set(lines)) == len(copy)
    assert set(lines) == set(copy.serialize(format="nt", encoding="utf-8").splitlines()) - {b""}


def test_a_triple_in_two_graphs_and_in_the_default_graph_is_one_line():
    ds = Dataset()
    triple = (URIRef(EX + "a"), URIRef(EX + "p"), Literal('a "quoted" <g> .\nline', lang="zh"))
    blank = (BNode("q-x-1-2"), URIRef(EX + "p"), URIRef(EX + "b"))
    for name in ("g1", "g2"):
        ds.graph(URIRef(EX + name)).add(triple)
        ds.graph(URIRef(EX + name)).add(blank)
    ds.default_graph.add(triple)
    view = union_view(ds)
    assert len(view) == 2
    lines = union_ntriples(ds.serialize(format="nquads", encoding="utf-8")).splitlines()
    assert sorted(lines) == sorted(set(union(ds).serialize(format="nt", encoding="utf-8").splitlines()) - {b""})
    view.remove((BNode("q-x-1-2"), None, None))  # through the view: from every graph
    assert len(ds.graph(URIRef(EX + "g1"))) == len(ds.graph(URIRef(EX + "g2"))) == 1


def test_lines_not_written_by_rdflib_are_refused():
    with pytest.raises(ValueError):
        union_ntriples(b"<http://example.org/a> <http://example.org/p> <http://example.org/b> _:graph .\n")
