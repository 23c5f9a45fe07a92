"""The JSON-LD a page embeds is the entity's own statements: read back with pyld it gives exactly the triples
the store has about the entity (blank nodes, such as a geometry, compared by their own statements)."""

from __future__ import annotations

import json

import lxml.html
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.store.lookup import Lookup
from kg.views import jsonld

ENTITIES = ["place/anhaizhen", "place/jinjiangshi", "project/anhaibeihuan-longshansipianqu",
            "indicator/diqushengchanzongzhi", "report/jinjiangshi-2025", "goal/jinjiangshi-2025-s04-t1-2",
            "figure/jinjiangshi-2025-s01-t1-1-f1", "section/jinjiangshi-2025-s04"]
ID = "https://w3id.org/jinjiang-kg/id/"


@pytest.fixture(scope="module")
def client(published):
    return TestClient(create_app(published))


@pytest.fixture(scope="module")
def lookup(published):
    return Lookup(ox.Store.read_only(str(published.store_link.resolve() / "oxigraph")))


WDRS_DESCRIBEDBY = "http://www.w3.org/2007/05/powder-s#describedby"


def shape(triples, subject: str) -> set:
    """Triples of `subject`, with each blank node object replaced by the set of its own statements."""
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, set()).add((p, o))

    def value(o):
        return frozenset((p, value(x)) for p, x in by_subject.get(o, ())) if o.startswith("_:") else o

    return {(p, value(o)) for p, o in by_subject.get(subject, ())}


def plain(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return f"{term.value}|{term.language or ''}|{'' if term.language else term.datatype.value}"
    return term.value


@pytest.mark.parametrize("entity", ENTITIES)
def test_the_embedded_json_ld_reads_back_as_the_entity_s_own_triples(client, lookup, entity):
    answer = client.get(f"/page/{entity}")
    assert answer.status_code == 200, f"{entity}: {answer.status_code} (an entity of the real reports has vanished)"
    script = lxml.html.fromstring(answer.text).xpath('//script[@type="application/ld+json"]')[0].text
    doc = json.loads(script)
    assert doc["@context"] == jsonld.CONTEXT_URL and doc["id"] == ID + entity
    read = [tuple(plain(x) for x in (q.subject, q.predicate, q.object))
            for q in ox.parse(jsonld.to_nquads(doc), format=ox.RdfFormat.N_QUADS)]
    stored, todo, seen = [], [ox.NamedNode(ID + entity)], set()
    while todo:
        s = todo.pop()
        for t in lookup.triples(s):
            stored.append((plain(t.subject), plain(t.predicate), plain(t.object)))
            if isinstance(t.object, ox.BlankNode) and t.object not in seen:
                seen.add(t.object)
                todo.append(t.object)
    # Besides them, one link to what the page is (licence, dataset, version: tests/test_citable.py).
    page = "https://w3id.org/jinjiang-kg/page/" + entity
    assert shape(read, ID + entity) == shape(stored, ID + entity) | {(WDRS_DESCRIBEDBY, page)}
    assert len(shape(stored, ID + entity)) > 3


def test_the_whole_document_stays_one_request_away(client):
    html = client.get("/page/place/anhaizhen").text
    assert '<link rel="alternate" type="application/ld+json" href="/id/place/anhaizhen.jsonld"' in html
    document = client.get("/id/place/anhaizhen", headers={"accept": "application/ld+json"}, follow_redirects=True).json()
    assert "locationOf" in json.dumps(document) or "contains" in json.dumps(document)  # incoming links, framed
