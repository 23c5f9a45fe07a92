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


def test_a_leading_byte_order_mark_is_no_part_of_the_query(client):
    """Editors on Windows start UTF-8 files with U+FEFF; a query pasted or posted from one is still the query
    (issue 30), in the URL, in a form and as the body itself. One BOM only: a second is a character of the text."""
    query = "\ufeffASK {}"
    answers = [client.get("/sparql", params={"query": query}),
               client.post("/sparql", data={"query": query}),
               client.post("/sparql", content=query.encode("utf-8"),
                           headers={"content-type": "application/sparql-query"})]
    for r in answers:
        assert r.status_code == 200, r.text
        assert r.json() == {"head": {}, "boolean": True}
    twice = client.get("/sparql", params={"query": "\ufeff\ufeffASK {}"}, headers={"accept": "application/json"})
    assert twice.status_code == 400
