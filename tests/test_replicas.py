"""The web tier is stateless: two replicas of `jjkg serve`, each with an empty var dir of its own, read the same
Virtuoso behind nginx on loopback; requests alternate between them and get the same answers. Functional, never
timed: `make replicas` (bench/replicas.py) measures throughput."""

from __future__ import annotations

import urllib.parse
import urllib.request

import balancer
import pytest
import tools
from conftest import store_env
from live_server import serve

PATHS = ["/page/place/anhaizhen", "/id/place/anhaizhen.jsonld", "/search.json?q=anhai",
         "/compare.json?from=2024&to=2025",
         "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                                       "GROUP BY ?g ORDER BY ?g"})]


@pytest.fixture(scope="module")
def replicas(on_virtuoso, tmp_path_factory):
    tools.require(tools.NGINX, "the replica tests")
    with serve(tmp_path_factory.mktemp("replica-a"), query_workers=1, **store_env(on_virtuoso)) as a, \
            serve(tmp_path_factory.mktemp("replica-b"), query_workers=1, **store_env(on_virtuoso)) as b, \
            balancer.balance([a.url, b.url], tmp_path_factory.mktemp("nginx")) as (url, _):
        yield url, {a.url.removeprefix("http://"), b.url.removeprefix("http://")}


def get(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"accept": "application/json"}), timeout=60) as r:
        assert r.status == 200
        return r.headers[balancer.UPSTREAM_HEADER], r.read()


@pytest.mark.slow
def test_two_replicas_behind_the_balancer_answer_the_same(replicas):
    url, upstreams = replicas
    for path in PATHS:
        answers = [get(url + path) for _ in range(4)]  # round robin: two each
        seen = {upstream for upstream, _ in answers}
        assert seen == upstreams, (path, seen)
        bodies = {body for _, body in answers}
        assert len(bodies) == 1, path
