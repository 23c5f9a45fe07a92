"""/dumps: the whole dataset in four formats, and a VoID + DCAT description of it."""

import json

import pyoxigraph as ox
import pytest

from kg.sparql.query import QueryService
from kg.store import embedded as store_mod
from kg.store.lookup import Lookup

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
DATASET = "https://w3id.org/jinjiang-kg/id/dataset/jinjiang-kg"


def varies(response) -> list[str]:
    """The Vary header as a list (CORS adds Origin beside Accept)."""
    return [v.strip() for v in response.headers.get("vary", "").split(",")]


@pytest.fixture(scope="module")
def service(served):
    """The query service of the backend this module runs on (embedded or Virtuoso)."""
    return QueryService.from_settings(served)


@pytest.fixture(scope="module")
def named_quads(published):
    nq = (store_mod.current(published.store_link).path / store_mod.DUMP).read_bytes()
    return set(ox.parse(nq, format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("name, fmt", [("jinjiang-kg.nq", ox.RdfFormat.N_QUADS),
                                       ("jinjiang-kg.trig", ox.RdfFormat.TRIG),
                                       ("jinjiang-kg.jsonld", ox.RdfFormat.JSON_LD)])
def test_dataset_dumps_hold_every_named_graph(client, named_quads, name, fmt):
    r = client.get(f"/dumps/{name}")
    assert r.status_code == 200 and "charset=utf-8" in r.headers["content-type"]
    quads = list(ox.parse(r.content, format=fmt))
    assert len(quads) == len(named_quads)
    # Blank node labels may differ between formats; compare the quads without blank nodes.
    plain = {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}
    assert plain == {q for q in named_quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def test_union_turtle_has_each_triple_once(client, named_quads):
    r = client.get("/dumps/jinjiang-kg-union.ttl")
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(set(triples)) == len({q.triple for q in named_quads})


def test_dumps_are_made_once_and_kept_with_the_store(client, published):
    client.get("/dumps/jinjiang-kg.trig")
    path = store_mod.current(published.store_link).path / "dumps" / "jinjiang-kg.trig"
    before = path.stat().st_mtime_ns
    client.get("/dumps/jinjiang-kg.trig")
    assert path.stat().st_mtime_ns == before


def test_unknown_dump_is_404(client):
    assert client.get("/dumps/everything.zip", headers={"accept": "application/json"}).status_code == 404


def description(client) -> dict[str, list]:
    triples = list(ox.parse(client.get("/dumps.ttl").content, format=ox.RdfFormat.TURTLE))
    out: dict[str, list] = {}
    for t in triples:
        out.setdefault((t.subject.value, t.predicate.value), []).append(t.object)
    return out


def test_void_and_dcat_description(client, service):
    d = description(client)
    types = {o.value for o in d[(DATASET, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]}
    assert {VOID + "Dataset", DCAT + "Dataset"} <= types
    assert d[(DATASET, DCT + "license")][0].value == "https://creativecommons.org/licenses/by/4.0/"
    assert d[(DATASET, DCT + "created")]
    sources = {o.value for o in d[(DATASET, DCT + "source")]}
    assert "https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2025" in sources
    assert "https://w3id.org/jinjiang-kg/dumps#source-places.csv" in sources
    triples = int(d[(DATASET, VOID + "triples")][0].value)
    assert triples == int(Lookup(service.store()).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value)
    partitions = {p.value for p in d[(DATASET, VOID + "classPartition")]}
    counted = {d[(p, VOID + "class")][0].value: int(d[(p, VOID + "entities")][0].value) for p in partitions}
    assert counted["https://w3id.org/jinjiang-kg/ontology#Place"] >= 40
    downloads = {o.value for o in d[(DATASET, VOID + "dataDump")]}
    # Where this server serves them (under the configured base), as /void names them too, under the publication's versioned, compressed names
    # (tests/test_citable.py)
    assert any(u.startswith("https://w3id.org/jinjiang-kg/dumps/jinjiang-kg-") and u.endswith(".nq.gz")
               for u in downloads) and len(downloads) == 4
    assert len(d[(DATASET, DCAT + "distribution")]) == 4


def test_dumps_page_negotiates_and_embeds_its_description(client):
    html = client.get("/dumps", headers={"accept": "text/html"})
    assert html.status_code == 200 and 'href="/dumps/jinjiang-kg.nq"' in html.text and 'href="/void"' in html.text
    assert "creativecommons.org/licenses/by/4.0" in html.text
    block = html.text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)["@context"] == "https://w3id.org/jinjiang-kg/context.jsonld"
    ttl = client.get("/dumps", headers={"accept": "text/turtle"})
    assert ttl.headers["content-type"] == "text/turtle; charset=utf-8" and "Accept" in varies(ttl)
    assert client.get("/dumps", headers={"accept": "image/png"}).status_code == 406
    assert client.get("/dumps.jsonld").headers["content-type"].startswith("application/ld+json")
