"""`jjkg publish` into a real Virtuoso (the session's private instance): graphs and counts as in the embedded store,
blank nodes that survive batching, a resumed publish that sends only what was missing while readers keep the old
publication, and one-line errors for an unreachable store and bad credentials. Plus answers that must be the same
on both backends, query by query."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import run_cli
from fastapi.testclient import TestClient

from api.app import create_app
from kg.errors import StoreError
from kg.sparql.query import QueryService
from kg.store import remote
from kg.store.embedded import current
from kg.store.lookup import Lookup, node
from kg.store.publish import Publisher, plan

GRAPH = "https://w3id.org/jinjiang-kg/graph/"


@pytest.fixture(scope="module")
def remote_service(on_virtuoso) -> QueryService:
    return QueryService.from_settings(on_virtuoso)


def test_every_graph_is_published_with_the_embedded_counts(on_virtuoso, service, remote_service):
    counts = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    ours = [(r["g"].value, r["n"].value) for r in service.select(counts)]
    theirs = [(r["g"].value, r["n"].value) for r in remote_service.select(counts)]
    assert theirs == ours and GRAPH + "jinjiangshi-2025" in dict(ours)
    total = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert remote_service.select(total)[0]["n"].value == service.select(total)[0]["n"].value  # the union, once
    assert remote_service.manifest() == service.manifest()  # read from the publication record


def test_blank_node_selectors_are_followed_across_lookups(service, remote_service):
    """Passages point at their selectors (blank nodes); a second lookup must find the selector's text."""
    passage = service.select("SELECT ?p WHERE { ?p a jjo:Passage } ORDER BY ?p LIMIT 1")[0]["p"]
    has_selector, exact = node("http://www.w3.org/ns/oa#hasSelector"), node("http://www.w3.org/ns/oa#exact")
    for svc in (service, remote_service):
        lookup = Lookup(svc.store())
        selectors = lookup.objects(passage, has_selector)
        assert len(selectors) == 2 and all(isinstance(s, ox.BlankNode) for s in selectors)
        assert any(lookup.objects(s, exact) for s in selectors)


SAME_ANSWERS = {
    "figures with datatypes": """SELECT ?f ?year ?value ?text WHERE { ?f jjo:indicator indicator:diqushengchanzongzhi ;
        jjo:year ?year ; jjo:value ?value ; jjo:numberText ?text } ORDER BY ?f""",
    "labels with languages": "SELECT ?l WHERE { place:anhaizhen rdfs:label|skos:altLabel ?l } ORDER BY STR(?l) LANG(?l)",
    "booleans": "SELECT ?a ?p WHERE { ?a jjo:provisional ?p } ORDER BY ?a",
    "FROM picks one graph": "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/jinjiang-kg/graph/ontology> WHERE { ?s ?p ?o }",
    "FROM NAMED": """SELECT ?g (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/jinjiang-kg/graph/derived>
        WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""",
    "ASK": "ASK { place:anhaizhen jjo:within place:jinjiangshi }",
    "property path": "SELECT ?p WHERE { ?p jjo:within+ place:jinjiangshi } ORDER BY ?p",
    "aggregate over the union": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
}


@pytest.mark.parametrize("name", list(SAME_ANSWERS))
def test_the_endpoint_gives_the_same_answer_on_both_backends(name, published, on_virtuoso):
    query = SAME_ANSWERS[name]
    bodies = []
    for settings in (published, on_virtuoso):
        with TestClient(create_app(settings)) as client:
            r = client.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.text
        bodies.append(r.json())
    assert bodies[0].get("boolean") == bodies[1].get("boolean")
    assert bodies[0].get("results") == bodies[1].get("results")
    assert bodies[0].get("boolean") is not None or bodies[0]["results"]["bindings"]


def test_the_protocol_dataset_wins_on_the_remote_backend(published, on_virtuoso):
    # The derived graph as the embedded store has it (assessments, and jjo:locatedWithin since #16).
    derived = QueryService(published.store_link).select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}derived> {{ ?s ?p ?o }} }}")[0]["n"].value
    assert int(derived) > 40
    with TestClient(create_app(on_virtuoso)) as client:
        r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                          "default-graph-uri": GRAPH + "derived"})
        assert r.json()["results"]["bindings"][0]["n"]["value"] == derived
        r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                                          "named-graph-uri": GRAPH + "derived"})
        assert r.json()["results"]["bindings"][0]["n"]["value"] == "0"  # no default-graph-uri: an empty default


class FailingAfter(Publisher):
    """A publisher whose store stops answering after `n` batches."""

    def __init__(self, *args, n: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.left = n

    def _update(self, text, what):
        if text.startswith("INSERT DATA"):
            if self.left == 0:
                raise StoreError(f"simulated: the store went away at {what}")
            self.left -= 1
        super()._update(text, what)


def test_an_interrupted_publish_resumes_and_readers_keep_the_old_publication(on_virtuoso, published, tmp_path):
    config = on_virtuoso.remote
    before = remote.read_publication(config)
    count = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?g) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    seen = [(r["n"].value, r["g"].value) for r in remote.RemoteStore(config, before).query(count)]
    work = plan(current(published.store_link), stamp="store-resume-test")
    total = len(work.batches(1000))
    with pytest.raises(StoreError, match="simulated"):
        FailingAfter(config, tmp_path, batch=1000, n=5).publish(work)
    assert remote.read_publication(config).stamp == before.stamp  # nothing switched: readers see the old data
    assert [(r["n"].value, r["g"].value) for r in remote.RemoteStore(config, before).query(count)] == seen
    state = json.loads(next((tmp_path / "publish").glob("*.json")).read_text())
    assert sum(state["sent"].values()) == 5
    figures = Publisher(config, tmp_path, batch=1000).publish(work)
    assert figures["sent"] == total - 5 and figures["batches"] == total
    after = remote.read_publication(config)
    assert after.stamp == "store-resume-test" and after.graphs == before.graphs
    assert not list((tmp_path / "publish").glob("*.json"))  # done: no progress record left
    service = QueryService.from_settings(on_virtuoso)
    assert service.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value == str(
        len(work.graphs[work.union]))
    # Staging graphs are gone (moved onto the final names).
    # Staging graphs are gone (moved onto the final names); the previous union stays for replicas still reading it.
    probe = remote.RemoteStore(config, None)  # the store's whole dataset, not the publication's
    assert not bool(probe.query(f"ASK {{ GRAPH <{GRAPH}staging/store-resume-test/0> {{ ?s ?p ?o }} }}"))
    assert bool(probe.query(f"ASK {{ GRAPH <{before.union}> {{ ?s ?p ?o }} }}"))
    assert after.union.endswith("/store-resume-test") and after.previous_union == before.union
    again = Publisher(config, tmp_path).publish(work)
    assert again["already"] is True


def test_publish_cli_says_when_the_store_already_has_the_build(on_virtuoso, published, virtuoso):
    res = run_cli("publish", "--to", virtuoso.query_endpoint, "--update", virtuoso.update_endpoint, "--user", "dba",
                  "--password", virtuoso.password, env={"JJKG_VAR_DIR": str(published.var_dir)})
    assert res.returncode == 0, res.stderr
    assert "already serves build" in res.stderr or "published build" in res.stderr


def test_publish_cli_errors_are_one_line_and_name_the_url(published, virtuoso, tmp_path):
    # A build the store does not have yet (another stamp), so that publishing really starts.
    build = current(published.store_link).path
    other = tmp_path / "stores" / "store-other-build"
    other.mkdir(parents=True)
    for name in ("dataset.nq", "manifest.json"):
        (other / name).write_bytes((build / name).read_bytes())
    (tmp_path / "store").symlink_to(other)
    env = {"JJKG_VAR_DIR": str(tmp_path)}
    res = run_cli("publish", "--to", virtuoso.query_endpoint, "--update", virtuoso.update_endpoint, "--user", "dba",
                  "--password", "wrong", env=env)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "401" in res.stderr and virtuoso.update_endpoint in res.stderr
    res = run_cli("publish", "--to", "http://127.0.0.1:9/sparql", "--update", "http://127.0.0.1:9/update", env=env)
    assert res.returncode == 1 and "Traceback" not in res.stderr and "127.0.0.1:9" in res.stderr
    res = run_cli("publish", "--to", virtuoso.query_endpoint, env={**env, "JJKG_STORE_UPDATE": ""})
    assert res.returncode == 1 and "--update" in res.stderr


class FailingAtMove(Publisher):
    """A publisher whose store stops answering at the second MOVE of the switch."""

    moves = 0

    def _update(self, text, what):
        if text.startswith("MOVE"):
            FailingAtMove.moves += 1
            if FailingAtMove.moves == 2:
                raise StoreError(f"simulated: the store went away at {what}")
        super()._update(text, what)


def test_a_publish_stopped_during_the_switch_resumes_without_emptying_moved_graphs(on_virtuoso, published,
                                                                                   service, tmp_path):
    config = on_virtuoso.remote
    before = remote.read_publication(config)
    work = plan(current(published.store_link), stamp="store-switch-test")
    with pytest.raises(StoreError, match="simulated"):
        FailingAtMove(config, tmp_path).publish(work)
    Publisher(config, tmp_path).publish(work)
    assert remote.read_publication(config).stamp == "store-switch-test"
    counts = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    theirs = [(r["g"].value, r["n"].value) for r in QueryService.from_settings(on_virtuoso).select(counts)]
    assert theirs == [(r["g"].value, r["n"].value) for r in service.select(counts)]
    if before.previous_union:  # two publications back: cleared
        probe = remote.RemoteStore(config, None)
        assert not bool(probe.query(f"ASK {{ GRAPH <{before.previous_union}> {{ ?s ?p ?o }} }}"))
