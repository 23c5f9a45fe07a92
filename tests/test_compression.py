"""HTTP compression (api/app.py): a page and a SPARQL answer come gzipped to a client that asks, plain to one
that does not; the two bodies carry different tags, Vary names Accept-Encoding, and a 304 still answers a tag."""

from __future__ import annotations

import gzip
from urllib.parse import quote

import pytest

PAGE = "/page/place/jinjiangshi"
SPARQL = "/sparql?query=" + quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200")
JSON = {"accept": "application/sparql-results+json"}
CASES = [(PAGE, {}), (SPARQL, JSON)]
GZIP = {"accept-encoding": "gzip"}
PLAIN = {"accept-encoding": "identity"}


@pytest.mark.parametrize("path, headers", CASES, ids=["page", "sparql"])
def test_answers_come_gzipped_when_asked_and_plain_otherwise(client, path, headers):
    zipped = client.get(path, headers={**headers, **GZIP})
    plain = client.get(path, headers={**headers, **PLAIN})
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.content == plain.content  # httpx undid the gzip: the same body
    assert int(zipped.headers["content-length"]) < len(plain.content) // 2
    for answer in (zipped, plain):
        assert "Accept-Encoding" in answer.headers["vary"]


@pytest.mark.parametrize("path, headers", CASES, ids=["page", "sparql"])
def test_a_gzipped_answer_has_its_own_tag_and_revalidates(client, path, headers):
    zipped = client.get(path, headers={**headers, **GZIP})
    plain = client.get(path, headers={**headers, **PLAIN})
    assert zipped.headers["etag"] != plain.headers["etag"]  # two representations, two strong tags
    again = client.get(path, headers={**headers, **GZIP, "if-none-match": zipped.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == zipped.headers["etag"]
    # The plain body's tag does not validate the gzipped one (and the other way round).
    assert client.get(path, headers={**headers, **GZIP, "if-none-match": plain.headers["etag"]}).status_code == 200
    assert client.get(path, headers={**headers, **PLAIN, "if-none-match": plain.headers["etag"]}).status_code == 304


def test_the_bytes_on_the_wire_are_gzip(client):
    with client.stream("GET", PAGE, headers=GZIP) as answer:
        raw = b"".join(answer.iter_raw())
    assert raw[:2] == b"\x1f\x8b" and b"<!doctype html>" in gzip.decompress(raw)
