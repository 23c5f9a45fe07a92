"""HTTP validators (api/validators.py): answers made from the published graph alone carry ETag, Last-Modified and
Cache-Control; a request naming its tag in If-None-Match gets 304 without the route running; a new build, another
representation or an answer that changes each time never reuse a tag."""

from __future__ import annotations

import dataclasses
import subprocess
import time
from email.utils import parsedate_to_datetime
from urllib.parse import quote

import pytest
import tools
from fastapi.testclient import TestClient

from api.app import create_app
from kg.pipeline.build import build

PAGE = "/page/place/anhaizhen"
DOCUMENT = "/id/place/anhaizhen.jsonld"
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s a jjo:Project }"
SPARQL = "/sparql?query=" + quote(QUERY)
JSON = {"accept": "application/sparql-results+json"}
CASES = [(PAGE, {}), (DOCUMENT, {}), (SPARQL, JSON)]


@pytest.mark.parametrize("path, headers", CASES, ids=["page", "jsonld", "sparql"])
def test_cacheable_answers_carry_validators(client, path, headers):
    for method in ("GET", "HEAD"):
        answer = client.request(method, path, headers=headers)
        assert answer.status_code == 200, answer.text
        assert answer.headers["etag"].startswith('"') and len(answer.headers["etag"]) == 34
        parsedate_to_datetime(answer.headers["last-modified"])  # an HTTP date
        assert answer.headers["cache-control"] == "public, max-age=60"
        assert "Accept" in answer.headers["vary"]
    assert client.get(path, headers=headers).headers["etag"] == answer.headers["etag"]  # the same answer, the same tag


@pytest.mark.parametrize("path, headers", CASES, ids=["page", "jsonld", "sparql"])
def test_a_matching_if_none_match_gets_304_without_a_body(client, path, headers):
    tag = client.get(path, headers=headers).headers["etag"]
    for method in ("GET", "HEAD"):
        for sent in (tag, f'"other", {tag}', "W/" + tag):  # a list, and weak comparison (RFC 9110, 13.1.2)
            answer = client.request(method, path, headers={**headers, "if-none-match": sent})
            assert answer.status_code == 304, (method, sent)
            assert answer.content == b""
            assert answer.headers["etag"] == tag
            assert "cache-control" in answer.headers and "last-modified" in answer.headers
    stale = client.get(path, headers={**headers, "if-none-match": '"0123456789abcdef0123456789abcdef"'})
    assert stale.status_code == 200 and stale.content


def test_the_304_comes_before_the_query_runs(published, monkeypatch):
    client = TestClient(create_app(published))
    tag = client.get(SPARQL, headers=JSON).headers["etag"]

    def refuse(*_args, **_kwargs):
        raise AssertionError("the query ran")

    monkeypatch.setattr(client.app.state.query_service, "execute", refuse)
    assert client.get(SPARQL, headers={**JSON, "if-none-match": tag}).status_code == 304
    with pytest.raises(AssertionError, match="the query ran"):
        client.get(SPARQL, headers=JSON)  # the control: without the tag, the query does run


def test_each_representation_has_its_own_tag(client):
    tags = {
        client.get(PAGE).headers["etag"],
        client.get(PAGE, headers={"accept-language": "en"}).headers["etag"],
        client.get(PAGE, headers={"cookie": "lang=en"}).headers["etag"],
        client.get(PAGE + "?utm_source=x").headers["etag"],  # a query string the page ignores
        client.get(SPARQL, headers=JSON).headers["etag"],
        client.get(SPARQL, headers={"accept": "text/csv"}).headers["etag"],
    }
    assert len(tags) == 6
    en = client.get(PAGE, headers={"accept-language": "en"}).headers["etag"]
    # A tag of the English page does not answer 304 for the Chinese one.
    assert client.get(PAGE, headers={"if-none-match": en}).status_code == 200


def test_if_modified_since(client):
    last_modified = client.get(DOCUMENT).headers["last-modified"]
    assert client.get(DOCUMENT, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(DOCUMENT, headers={"if-modified-since": "Sun, 06 Nov 1994 08:49:37 GMT"}).status_code == 200
    assert client.get(DOCUMENT, headers={"if-modified-since": "not a date"}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
    both = {"if-modified-since": last_modified, "if-none-match": '"0123456789abcdef0123456789abcdef"'}
    assert client.get(DOCUMENT, headers=both).status_code == 200


def test_answers_that_change_each_time_are_not_kept(client):
    query = "/sparql?query=" + quote("SELECT (RAND() AS ?r) WHERE {}")
    answers = [client.get(query, headers=JSON) for _ in range(20)]
    assert all(a.status_code == 200 for a in answers)
    assert all(a.headers["cache-control"] == "no-store" and "etag" not in a.headers for a in answers)
    assert len({a.text for a in answers}) > 1  # each asked anew, not replayed
    now = client.get("/sparql?query=" + quote("SELECT (NOW() AS ?t) WHERE {}"), headers=JSON)
    assert now.headers["cache-control"] == "no-store" and "etag" not in now.headers



@pytest.mark.parametrize("query", [r"SELECT (\u004EOW() AS ?t) WHERE {}", r"SELECT (\U0000004eow() AS ?t) WHERE {}",
                                   r"SELECT (R\u0041ND() AS ?r) WHERE {}"])
def test_a_codepoint_escape_does_not_hide_a_call_that_changes_each_time(client, query):
    """SPARQL expands \\uXXXX and \\UXXXXXXXX before its grammar: `\\u004EOW()` is NOW(), never kept (issue 30:
    it used to get a 304 with a stale time)."""
    answer = client.get("/sparql?query=" + quote(query), headers=JSON)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store" and "etag" not in answer.headers


def test_what_is_not_made_from_the_graph_alone_has_no_tag(client):
    assert "etag" not in client.get("/page/place/no-such-place").headers  # an error
    assert "etag" not in client.get("/id/place/anhaizhen", headers={"accept": "text/html"},
                                    follow_redirects=False).headers  # a 303
    chosen = client.get(PAGE + "?lang=en")  # sets the lang cookie
    assert "set-cookie" in chosen.headers and "etag" not in chosen.headers
    assert "etag" not in client.get("/dumps").headers  # lists files made on demand


def test_a_new_build_changes_the_tag(published, tmp_path):
    settings = dataclasses.replace(published, var_dir=tmp_path / "var")
    build(settings)
    client = TestClient(create_app(settings))
    first = client.get(DOCUMENT).headers["etag"]
    time.sleep(1.1)  # the build's time is kept to the second: the next one is later
    build(settings)
    answer = client.get(DOCUMENT, headers={"if-none-match": first})
    assert answer.status_code == 200 and answer.content
    assert answer.headers["etag"] != first


def test_curl_sees_the_validators_on_a_live_server(published):
    from live_server import serve

    tools.require(tools.CURL, "the curl test")

    with serve(published.var_dir) as server:
        head = subprocess.run(["curl", "-sI", server.url + DOCUMENT], capture_output=True, text=True, check=True).stdout
        fields = {line.split(":", 1)[0].lower(): line.split(":", 1)[1].strip()
                  for line in head.splitlines()[1:] if ":" in line}
        assert {"etag", "last-modified", "cache-control"} <= set(fields)
        again = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                                "-H", f"If-None-Match: {fields['etag']}", server.url + DOCUMENT],
                               capture_output=True, text=True, check=True).stdout
        assert again == "304 0"
