"""Every page, the reader, search, compare, the query page and the SVG charts, served from a store whose every
text is hostile: labels and other strings start with HTML/JS payloads, and the reports' text (and the quotes cut
from it, offsets kept) has markup in place of some words. Nothing of it may become markup: the pages are parsed
and searched for elements, attributes and scripts that only a payload could have made. The same crawl checks
that no page carries inline script or style, and that every answer, errors included, has the security headers.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from xml.etree import ElementTree

import lxml.html
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import HEADERS
from kg.graph.namespaces import JJO
from kg.settings import Settings
from kg.store import embedded as store

PAYLOAD = "<img src=x onerror=alert(1)>\"'><script>alert(2)</script><u>&amp;"
# Length-preserving markup for the reports' text: the reader cuts it at stored offsets.
IN_PLACE = {"晋江市": "<u>", "推进": "<>", "。": "&"}
OFFSET_BOUND = {str(JJO.fullText), "http://www.w3.org/ns/oa#exact", "http://www.w3.org/ns/oa#prefix",
                "http://www.w3.org/ns/oa#suffix"}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
MADE_ONLY_BY_A_PAYLOAD = {"u", "iframe", "object", "embed"}  # the templates use none of these


def poison(term: ox.Literal, predicate: str) -> ox.Literal:
    if term.language is None and term.datatype.value != XSD_STRING:
        return term  # numbers, dates, years: not text
    value = term.value
    if predicate in OFFSET_BOUND:
        for word, markup in IN_PLACE.items():
            value = value.replace(word, markup)
    else:
        value = PAYLOAD + value
    return ox.Literal(value, language=term.language) if term.language else ox.Literal(value)


@pytest.fixture(scope="module")
def client(published, tmp_path_factory):
    source = published.store_link.resolve() / store.DUMP
    quads = [ox.Quad(q.subject, q.predicate, poison(q.object, q.predicate.value), q.graph_name)
             if isinstance(q.object, ox.Literal) else q
             for q in ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)]
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path_factory.mktemp("hostile-var"))
    target = store.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), settings.var_dir,
                         {"built": "test", "reports": []}, default_graph=ox.serialize(union, format=ox.RdfFormat.N_TRIPLES))
    store.publish(target, settings.store_link)
    with TestClient(create_app(settings)) as c:
        yield c


def one_of_each_type(client) -> list[str]:
    query = """SELECT ?type (SAMPLE(?s) AS ?e) WHERE {
        ?s a ?t . FILTER(STRSTARTS(STR(?s), "https://w3id.org/jinjiang-kg/id/"))
        BIND(STRBEFORE(STRAFTER(STR(?s), "/id/"), "/") AS ?type) } GROUP BY ?type"""
    rows = client.get("/sparql", params={"query": query}, headers={"accept": "application/json"}).json()
    return [row["e"]["value"].removeprefix("https://w3id.org/jinjiang-kg") for row in rows["results"]["bindings"]]


def pages(client) -> list[str]:
    entities = one_of_each_type(client)
    assert len(entities) >= 10  # report, section, theme, goal, project, place, industry, indicator, figure ...
    payload_query = 'SELECT ?s ?l WHERE { ?s rdfs:label ?l } LIMIT 40 # <script>alert(3)</script>'
    return [
        "/", "/places", "/industries", "/projects", "/indicators", "/reports", "/dumps", "/page/ontology",
        "/compare", "/compare?from=2024&to=2025&lang=en",
        *(e.replace("/id/", "/page/", 1) for e in entities),
        "/read/jinjiangshi-2024", "/read/jinjiangshi-2025",
        "/search?q=" + urllib.parse.quote("安海"), "/search?q=" + urllib.parse.quote(PAYLOAD), "/search?q=img",
        "/sparql", "/sparql?" + urllib.parse.urlencode({"query": payload_query}),
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { <script> }"}),  # an error shown on the page
        "/page/place/" + urllib.parse.quote("<img src=x onerror=alert(4)>"), "/id/place/anhaizhe",  # 404 pages
    ]


def hostile_markup(html: str) -> list[str]:
    """Elements, attributes and scripts in a page that no template makes."""
    found = []
    root = lxml.html.document_fromstring(html)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in MADE_ONLY_BY_A_PAYLOAD or (el.tag == "img" and not el.get("src", "").startswith("/chart/")):
            found.append(f"<{el.tag}>")
        found += [f"{el.tag}@{name}" for name in el.attrib if name.startswith("on") or name == "style"]
        found += [f"{el.tag}@{name}={value[:30]}" for name, value in el.attrib.items()
                  if name in ("href", "src", "action") and value.strip().lower().startswith(("javascript:", "data:"))]
        if el.tag == "style":
            found.append("<style>")
        if el.tag == "script" and el.get("type") != "application/ld+json" and not el.get("src"):
            found.append("inline <script>")
        if el.tag == "script" and el.get("type") == "application/ld+json" and "<" in (el.text or ""):
            found.append("markup inside a JSON-LD block")
    return found


def test_hostile_text_is_shown_as_text_on_every_page(client):
    shown_as_text = 0
    for path in pages(client):
        r = client.get(path, headers={"accept": "text/html"})
        assert r.status_code in (200, 400, 404), (path, r.status_code)
        assert r.headers["content-type"].startswith("text/html"), path
        assert hostile_markup(r.text) == [], path
        text = lxml.html.document_fromstring(r.text).text_content()
        shown_as_text += PAYLOAD in text or "<u>" in text
    assert shown_as_text >= 20  # the payloads are there, as text, on nearly every page


def test_the_reader_shows_markup_in_the_report_text_as_text(client):
    r = client.get("/read/jinjiangshi-2025")
    assert r.status_code == 200 and hostile_markup(r.text) == []
    text = lxml.html.document_fromstring(r.text).text_content()
    assert text.count("<u>") + text.count("<>") >= 5
    assert "&lt;u&gt;" in r.text and "&lt;&gt;" in r.text


def test_svg_charts_carry_no_script_and_escape_their_labels(client):
    indicators = client.get("/indicators.json").json()
    slugs = [row["indicator"]["iri"].rsplit("/", 1)[1] for row in indicators if row["targets"] + row["results"]][:5]
    assert slugs
    for slug in slugs:
        r = client.get(f"/chart/indicator/{slug}.svg")
        if r.status_code == 404:
            continue
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        root = ElementTree.fromstring(r.content)  # well-formed XML: nothing broke out of its text
        tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
        assert "script" not in tags and "img" not in tags and "u" not in tags, tags
        assert not [a for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
        assert "<img src=x onerror" in "".join(root.itertext())
        assert "script-src" not in r.headers["content-security-policy"]  # the chart's policy runs nothing


def test_machine_twins_keep_payloads_as_data(client):
    hits = client.get("/search.json", params={"q": "img"}).json()["hits"]
    assert hits and all(h["entity"]["names"]["zh"].startswith(PAYLOAD) for h in hits if h["entity"]["names"].get("zh"))
    compare = client.get("/compare.csv")
    assert compare.status_code == 200 and PAYLOAD.replace('"', '""') in compare.text  # CSV-quoted, not cut


# -- every answer, errors included, carries the security headers; no HTML page has inline script or style

def every_route_answer(client) -> list:
    spec = client.get("/openapi.json").json()
    answers = []
    for path, operations in spec["paths"].items():
        filled = re.sub(r"{(\w+)}", "x", path)
        for method in operations:
            answers.append(client.request(method.upper(), filled))
    answers += [
        client.get("/no/such/page"),  # 404
        client.get("/id/place/anhaizhen", headers={"accept": "text/turtle"}, follow_redirects=False),  # 303
        client.get("/sparql", params={"query": "SELEC"}),  # 400
        client.request("DELETE", "/places"),  # 405
        client.get("/id/place/anhaizhen", headers={"accept": "image/png"}),  # 406
        client.post("/sparql", content=b"x" * 1_000_001, headers={"content-type": "application/sparql-query"}),  # 413
        client.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"}),  # 415
        client.get("/search", params={"q": "x" * 201}),  # 422
        client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "text/html"}),
        client.head("/places"),
        client.options("/sparql", headers={"origin": "http://example.org", "access-control-request-method": "POST"}),
    ]
    return answers


def test_every_answer_has_the_security_headers(client):
    answers = every_route_answer(client)
    statuses = {r.status_code for r in answers}
    assert {200, 303, 400, 404, 405, 406, 413, 415, 422} <= statuses, statuses
    for r in answers:
        missing = [h.decode() for h in HEADERS if h.decode() not in r.headers]
        assert not missing, (r.request.method, r.request.url, r.status_code, missing)
        csp = r.headers["content-security-policy"]
        assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp or csp.startswith("default-src 'none'")
        if "text/html" in r.headers.get("content-type", "") and r.content:
            assert "'unsafe-inline'" not in csp
            assert hostile_markup(r.text) == [], r.request.url


def test_a_503_has_the_security_headers_too(published, tmp_path):
    """No store published: the pages answer 503, with the same headers."""
    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path)
    client = TestClient(create_app(settings))
    for path in ("/places", "/id/place/anhaizhen.ttl", "/places.json"):
        r = client.get(path)
        assert r.status_code == 503, (path, r.status_code)
        assert all(h.decode() in r.headers for h in HEADERS)
