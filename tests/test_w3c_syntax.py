"""The W3C SPARQL syntax tests (../shared/w3c-sparql11/, README there), sent to /sparql.

A positive test (the query is legal) must be answered, or refused by a stated policy of this endpoint (SERVICE,
functions by IRI: 400 QueryRefused with a reason); a negative test (not legal SPARQL) must get 400 with a
message. The queries run over a store of three triples, so that what they ask costs nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from kg.settings import PROJECT_ROOT, Settings
from kg.store.embedded import publish, write

SUITE = PROJECT_ROOT.parent / "shared" / "w3c-sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
DAWGT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#")
POSITIVE = {MF.PositiveSyntaxTest11, MF.PositiveSyntaxTest}
NEGATIVE = {MF.NegativeSyntaxTest11, MF.NegativeSyntaxTest}
# Negative tests that this endpoint answers, and why that is acceptable. strict: one that starts failing as the
# manifest says (a parser fixed) shows up, to be taken off this list.
ANSWERED_THOUGH_ILLEGAL = {
    "sparql10/syntax-sparql3/syn-bad-26.rq": "`?x<?a&&?b>?y`: by the longest-token rule `<?a&&?b>` is an IRI, so this "
    "is no expression; rdflib (the guard) and pyoxigraph (the engine) both read two comparisons instead. They "
    "agree, so the guard checks what runs.",
}
MANIFESTS = ["syntax-query", "syntax-fed", *(f"sparql10/syntax-sparql{n}" for n in range(1, 6))]


def syntax_tests() -> list:
    """(id, query file, positive?) for every syntax test of every manifest, in the manifests' order."""
    if not SUITE.is_dir():
        raise FileNotFoundError(f"the W3C syntax tests are not at {SUITE} (shared/w3c-sparql11 beside the checkout)")
    tests = []
    for folder in MANIFESTS:
        manifest = SUITE / folder / "manifest.ttl"
        graph = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        for entries in graph.objects(None, MF.entries):
            for test in Collection(graph, entries):
                kinds = set(graph.objects(test, RDF.type))
                if not kinds & (POSITIVE | NEGATIVE):
                    continue
                action = graph.value(test, MF.action)
                name = f"{folder}/{Path(action).name}"
                marks = [pytest.mark.xfail(reason=ANSWERED_THOUGH_ILLEGAL[name], strict=True)] \
                    if name in ANSWERED_THOUGH_ILLEGAL else []
                tests.append(pytest.param(Path(URIRef(action).removeprefix("file://")), bool(kinds & POSITIVE),
                                          id=name, marks=marks))
    return tests


TESTS = syntax_tests()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from api.app import create_app

    var_dir = tmp_path_factory.mktemp("w3c-syntax-var")
    nquads = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> .\n"
    built = write(nquads, var_dir, {"built": "2026-01-01T00:00:00+0000", "reports": []},
                  default_graph=b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n")
    settings = dataclasses.replace(Settings.from_env(), var_dir=var_dir)
    publish(built, settings.store_link)
    with TestClient(create_app(settings)) as c:
        yield c


def test_every_manifest_was_read():
    positives = sum(1 for t in TESTS if t.values[1])
    assert positives >= 200 and len(TESTS) - positives >= 80, (positives, len(TESTS))


@pytest.mark.slow
@pytest.mark.parametrize("path, positive", TESTS)
def test_w3c_syntax(client, path, positive):
    query = path.read_bytes()
    r = client.post("/sparql", content=query, headers={"content-type": "application/sparql-query",
                                                       "accept": "application/json, application/ld+json"})
    if positive:
        if r.status_code != 200:
            body = r.json()
            assert r.status_code == 400 and body["error"] == "QueryRefused", (r.status_code, r.text)
            assert "not allowed" in body["message"], body
        return
    assert r.status_code == 400, (r.status_code, r.text)
    body = r.json()
    assert body["error"] in ("QueryError", "QueryRefused") and body["message"], body
    assert "Traceback" not in r.text and "codec" not in body["message"]
