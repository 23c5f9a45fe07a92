"""The graph a build publishes is made a report at a time (kg/graph/stream.py) and spooled to files
(kg/graph/spool.py): it must be the very graph the whole dataset in memory is (kg.graph.build.make_graph and its
check), a triple stated in two graphs must still be one triple, and a report breaking the rule checked outside the
engine must not slip through."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from kg.graph import iris
from kg.graph.build import check, make_graph
from kg.graph.checks import Checks
from kg.graph.emit import Emitter
from kg.graph.namespaces import JJO, OA
from kg.graph.spool import Spool
from kg.graph.stream import stream
from kg.settings import Settings
from kg.store import embedded

FALLBACK = "validating with SHACL: the whole graph"  # kg/graph/stream.py's progress when it checks the whole graph
# rdflib names the blank nodes of the ontology's Turtle at random at every parse; every other label is minted
ONTOLOGY_BLANK = re.compile(rb"_:n[0-9a-f]{32}b[0-9]+")


def _lines(nquads: bytes) -> Counter:
    return Counter(ONTOLOGY_BLANK.sub(b"_:ontology", line) for line in nquads.splitlines() if line)


@pytest.fixture(scope="module")
def streamed(tmp_path_factory, reference):
    spool, messages = Spool(tmp_path_factory.mktemp("spool")), []
    return stream(Settings.from_env(), spool, progress=messages.append, ref=reference), spool, messages


def test_the_streamed_graph_is_the_whole_graph(streamed, reference):
    made, spool, messages = streamed
    whole = make_graph(Settings.from_env(), ref=reference)
    assert check(whole).conforms and made.report.conforms and not made.dropped
    assert not any(m.startswith(FALLBACK) for m in messages)  # checked part by part, never whole
    assert _lines(spool.dump.read_bytes()) == _lines(whole.nquads)
    assert spool.quads == sum(_lines(whole.nquads).values())
    assert set(_lines(spool.union.read_bytes())) == set(_lines(whole.ntriples))


def test_a_triple_of_two_graphs_is_one_triple_of_the_default_graph(tmp_path):
    shared = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> "
    spool = Spool(tmp_path)
    spool.add(shared + b"<http://example.org/g1> .\n")
    spool.add(shared + b"<http://example.org/g2> .\n_:b <http://example.org/p> \"x\" <http://example.org/g2> .\n")
    spool.close()
    assert (spool.quads, spool.lines) == (3, 3)
    assert len(list(spool.pieces(spool.dump, budget=1))) == 2  # a piece a graph: none cut in two
    target = embedded.write_pieces(spool.dump, spool.pieces(spool.dump, budget=1),
                                   spool.pieces(spool.union, budget=1), tmp_path / "var", {})
    store = ox.Store.read_only(str(target / embedded.DATABASE))
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(default) == 2 and len(store) == 5


def test_a_quote_that_is_not_the_text_is_found_without_the_engine(tmp_path, reference, monkeypatch):
    """The quote rule is checked in Python, report by report: a passage quoting words its report does not have at
    its offsets sends the build to the whole graph, whose quarantine drops that passage (and what only it supported)."""
    original = Emitter.report

    def report(self, ex, linked):  # the same passage of the same report, whichever way the graph is made
        g = original(self, ex, linked)
        if ex.meta.slug == "jinjiangshi-2025":
            g.set((min(g.subjects(OA.exact, None)), OA.exact, Literal("不在报告里的话")))
        return g

    monkeypatch.setattr(Emitter, "report", report)
    made = stream(Settings.from_env(), Spool(tmp_path), ref=reference)
    assert made.report.conforms
    # the passage first; then what was derived from it alone, left without its passage
    assert made.dropped[0].shape == "jjs:PassageShape"
    assert {d.report for d in made.dropped} == {"jinjiangshi-2025"}


def test_a_fault_seen_only_with_what_the_reports_say_of_a_shared_node_is_found(tmp_path, reference, monkeypatch):
    """A project is checked with the shared part and what every report says of it (kg/graph/checks.py): a report
    giving it a location that is no place sends the build to the whole graph, whose check names the project."""
    original = Emitter.report

    def report(self, ex, linked):
        g = original(self, ex, linked)
        if ex.meta.slug == "jinjiangshi-2025":
            g.add((min(g.subjects(JJO.appearsIn, None)), JJO.location, iris.entity("report", ex.meta.slug)))
        return g

    monkeypatch.setattr(Emitter, "report", report)
    messages: list[str] = []
    made = stream(Settings.from_env(), Spool(tmp_path), progress=messages.append, ref=reference)
    assert any(m.startswith(FALLBACK) for m in messages)
    found = {d.shape for d in made.dropped} | {v.shape for v in made.report.violations}
    assert "jjs:ProjectShape" in found, found


@pytest.mark.parametrize("stated", ["types a shared node", "speaks of a node nobody types"])
def test_a_report_breaking_the_checks_premise_is_checked_whole(stated):
    place, other = iris.entity("place", "x"), iris.entity("place", "y")
    reference = Graph()
    reference.add((place, RDF.type, JJO.Place))
    report = Graph()
    report.add((place, RDF.type, JJO.Place) if stated == "types a shared node" else (other, JJO.within, place))
    checks = Checks(Graph(), reference, Graph())
    checks.add(report, b"")
    assert not checks.clean
