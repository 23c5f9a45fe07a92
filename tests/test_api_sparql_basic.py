"""GET /sparql?query= answers SELECT and ASK as SPARQL JSON; bad queries get a 400 with the reason."""




def test_ask_empty_pattern(client):
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert r.json() == {"head": {}, "boolean": True}


def test_select_finds_a_place_by_its_chinese_label(client):
    q = 'SELECT ?p WHERE { ?p a jjo:Town ; rdfs:label "安海镇"@zh }'
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"] == [
        {"p": {"type": "uri", "value": "https://w3id.org/jinjiang-kg/id/place/anhaizhen"}}]


def test_syntax_error_is_400_with_position(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"}, headers={"accept": "application/json"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "QueryError" and "line" in body and "column" in body


def test_service_is_refused(client):
    r = client.get("/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9999/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and "SERVICE" in r.text
