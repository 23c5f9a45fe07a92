"""Places link out: owl:sameAs to Wikidata from data/reference/sameas.csv, joined by the NBS division code (Wikidata's
P442), every row naming where the identifier was verified; a row that does not match its place is a clear error."""

import csv
import io

import lxml.html
import pyoxigraph as ox
import pytest
from conftest import run_cli

from kg.settings import PROJECT_ROOT

ID = "https://w3id.org/jinjiang-kg/id/"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
TABLE = PROJECT_ROOT / "data" / "reference" / "sameas.csv"


def rows(path=TABLE) -> list[dict]:
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def client(published):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(published))


def test_every_row_names_where_it_was_verified():
    places = {r["division_code"]: r["name_zh"] for r in rows(PROJECT_ROOT / "data" / "reference" / "places.csv")}
    table = rows()
    assert len(table) >= 3
    for r in table:
        assert places[r["division_code"]] == r["name_zh"]
        assert r["verified_at"].startswith("https://") and r["same_as"].rsplit("/", 1)[1] in r["verified_at"]


def test_the_county_s_documents_link_to_wikidata(client):
    doc = client.get("/id/place/jinjiangshi.jsonld").json()
    assert doc["sameAs"] == "http://www.wikidata.org/entity/Q128883"
    triples = list(ox.parse(client.get("/id/place/quanzhoushi.ttl").content, format=ox.RdfFormat.TURTLE))
    assert (ID + "place/quanzhoushi", "http://www.wikidata.org/entity/Q68695") in {
        (t.subject.value, t.object.value) for t in triples if t.predicate.value == OWL_SAME_AS}


def test_every_link_in_the_graph_comes_from_the_table(service):
    linked = {(r["s"].value, r["o"].value) for r in service.select("SELECT ?s ?o WHERE { ?s owl:sameAs ?o }")}
    codes = {r["division_code"]: r["same_as"] for r in rows()}
    by_code = {r["c"].value: r["s"].value for r in service.select("SELECT ?s ?c WHERE { ?s jjo:divisionCode ?c }")}
    assert linked == {(by_code[c], target) for c, target in codes.items()}
    # Each is stated with where it was verified.
    noted = service.select("""SELECT ?note WHERE { ?a rdf:subject place:jinjiangshi ; rdf:predicate owl:sameAs ;
        dcterms:source ?note }""")
    assert noted and "verified at https://github.com/" in noted[0]["note"].value


def test_the_page_shows_the_link_and_tells_search_engines(client):
    html = client.get("/page/place/jinjiangshi", params={"lang": "zh"}).text
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//section[@class='properties']//a[@href='http://www.wikidata.org/entity/Q128883']")
    assert "sameas.csv" in html
    import json
    seo = [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')][-1]
    assert seo["mainEntity"]["sameAs"] == ["http://www.wikidata.org/entity/Q128883"]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("350582,晋江市", "350582,石狮市"), "is 晋江市 in places.csv"),
    (lambda t: t.replace("350582,晋江市", "350599,晋江市"), "no place in places.csv has the division code"),
    (lambda t: t.replace("entity/Q128883", "wiki/Jinjiang"), "neither a Wikidata entity IRI"),
])
def test_a_row_that_does_not_match_its_place_is_a_clear_error(data_copy, tmp_path, edit, message):
    table = data_copy / "reference" / "sameas.csv"
    table.write_text(edit(table.read_text(encoding="utf-8")), encoding="utf-8")
    r = run_cli("build", env={"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "sameas.csv" in r.stderr and message in r.stderr
