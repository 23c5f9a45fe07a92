"""HTML is escaped everywhere: a tiny store whose labels contain markup renders them as text."""

import dataclasses

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.settings import Settings
from kg.store import embedded as store

EVIL = '<script>alert("x")</script>安海'
ID = "https://w3id.org/jinjiang-kg/id/"
JJO = "https://w3id.org/jinjiang-kg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def literal(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


TRIPLES = f"""
<{ID}place/evil> <{TYPE}> <{JJO}Place> .
<{ID}place/evil> <{RDFS}label> {literal(EVIL, "zh")} .
<{ID}place/evil> <{RDFS}label> {literal("<b>bold</b> & co", "en")} .
<{ID}place/evil> <{SKOS}altLabel> {literal("</script><script>x()</script>", "zh-latn-pinyin")} .
<{ID}project/evil> <{TYPE}> <{JJO}Project> .
<{ID}project/evil> <{RDFS}label> {literal("<img src=x onerror=alert(1)>", "zh")} .
<{ID}project/evil> <{JJO}location> <{ID}place/evil> .
<{JJO}location> <{RDFS}label> {literal("<i>所在地</i>", "zh")} .
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path_factory.mktemp("tiny-var"))
    nquads = TRIPLES.replace(" .\n", f" <{ID.replace('/id/', '/graph/')}tiny> .\n").encode()
    target = store.write(nquads, settings.var_dir, {"built": "test", "reports": []}, default_graph=TRIPLES.encode())
    store.publish(target, settings.store_link)
    return TestClient(create_app(settings))


@pytest.mark.parametrize("path", ["/page/place/evil", "/page/project/evil", "/places", "/search?q=安海",
                                  "/search?q=alert", "/id/place/evi"])
def test_labels_render_as_text(client, path):
    html = client.get(path, headers={"accept": "text/html"}).text
    for raw in ("<script>alert", "<img src=x", "<b>bold</b>", "</script><script>x()", "<i>所在地</i>"):
        assert raw not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;安海" in html or "&lt;img src=x onerror=alert(1)&gt;" in html


def test_json_ld_block_cannot_close_its_script_element(client):
    html = client.get("/page/place/evil").text
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "\\u003cscript\\u003ealert" in block
