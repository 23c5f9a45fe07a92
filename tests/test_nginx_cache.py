"""deploy/nginx.conf as shipped, in front of a live `jjkg serve`: nginx keeps what the server marks cacheable,
revalidates it with the server's ETag once max-age has passed (the server answers 304), and never keeps answers
that change each time, POSTs, or answers that set a cookie."""

from __future__ import annotations

import contextlib
import time
import urllib.parse
import urllib.request
from pathlib import Path

import balancer
import pytest
import tools
from live_server import serve

from kg.settings import PROJECT_ROOT
from kg.store.ports import free_port

SHIPPED = PROJECT_ROOT / "deploy" / "nginx.conf"
MAX_AGE = 2


def rewritten(directory: Path, upstream: str, port: int) -> str:
    text = SHIPPED.read_text()
    for old, new in (("/var/cache/nginx/jinjiang-kg", str(directory / "cache")),
                     ("server 127.0.0.1:8000;", f"server {upstream};"), ("listen 80;", f"listen 127.0.0.1:{port};")):
        assert old in text, f"deploy/nginx.conf no longer has {old!r}: update this test"
        text = text.replace(old, new)
    return text


@contextlib.contextmanager
def proxy(upstream_url: str, directory: Path):
    """deploy/nginx.conf, included as shipped (addresses and cache path rewritten), in front of `upstream_url`."""
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "jinjiang-kg.conf").write_text(rewritten(directory, upstream_url.removeprefix("http://"), port))
    with balancer.running(directory, f"  include {directory}/jinjiang-kg.conf;", port) as (url, _pid):
        yield url


@pytest.fixture(scope="module")
def cached(published, tmp_path_factory):
    tools.require(tools.NGINX, "the shared-cache tests")
    with serve(published.var_dir, cache_max_age=MAX_AGE, access_log="on") as server, \
            proxy(server.url, tmp_path_factory.mktemp("nginx")) as url:
        yield url, server


def get(url: str, headers: dict | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.headers, r.read()  # a case-insensitive mapping
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def upstream_lines(server, path: str) -> list[str]:
    """The server's access-log lines for `path` (uvicorn: `... "GET /path HTTP/1.1" 200 OK`)."""
    return [line for line in server.log().splitlines() if f" {path} HTTP/1.1" in line]


def test_a_kept_answer_is_served_by_nginx_then_revalidated(cached):
    url, server = cached
    path = "/id/place/anhaizhen.jsonld"
    status, first, body = get(url + path)
    assert status == 200 and first["X-Cache-Status"] == "MISS"
    status, again, same = get(url + path)
    assert again["X-Cache-Status"] == "HIT" and same == body and again["ETag"] == first["ETag"]
    assert len(upstream_lines(server, path)) == 1  # the second never reached the server
    time.sleep(MAX_AGE + 1)  # older than max-age: nginx asks the server whether it still holds
    status, revalidated, after = get(url + path)
    assert status == 200 and revalidated["X-Cache-Status"] == "REVALIDATED" and after == body
    lines = upstream_lines(server, path)
    assert len(lines) == 2 and " 304 " in lines[-1] + " "  # the server sent no body the second time


def test_a_client_holding_the_tag_gets_304_from_nginx(cached):
    url, _ = cached
    _, headers, _ = get(url + "/page/place/anhaizhen")
    status, _, body = get(url + "/page/place/anhaizhen", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_representations_are_kept_apart(cached):
    url, _ = cached
    query = "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s a jjo:Place }"})
    _, as_json, json_body = get(url + query, {"Accept": "application/sparql-results+json"})
    _, as_csv, csv_body = get(url + query, {"Accept": "text/csv"})
    _, _, json_again = get(url + query, {"Accept": "application/sparql-results+json"})
    assert as_json["Content-Type"].startswith("application/sparql-results+json") and json_again == json_body
    assert as_csv["Content-Type"].startswith("text/csv") and csv_body != json_body
    _, zh, _ = get(url + "/page/place/anhaizhen", {"Accept-Language": "zh"})
    _, en, _ = get(url + "/page/place/anhaizhen", {"Accept-Language": "en"})
    assert zh["ETag"] != en["ETag"]


def test_what_must_not_be_kept_is_not(cached):
    url, server = cached
    random = "/sparql?" + urllib.parse.urlencode({"query": "SELECT (RAND() AS ?r) WHERE {}"})
    answers = [get(url + random, {"Accept": "application/sparql-results+json"}) for _ in range(3)]
    assert [h["X-Cache-Status"] for _, h, _ in answers] == ["MISS"] * 3
    assert len({body for _, _, body in answers}) == 3
    form = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    before = sum('"POST /sparql HTTP/1.1"' in line for line in server.log().splitlines())
    posted = [get(url + "/sparql", {"Accept": "application/sparql-results+json"}, form) for _ in range(2)]
    assert [(status, h.get("X-Cache-Status")) for status, h, _ in posted] == [(200, None)] * 2
    assert sum('"POST /sparql HTTP/1.1"' in line for line in server.log().splitlines()) == before + 2
    for _ in range(2):
        status, headers, _ = get(url + "/page/place/anhaizhen?lang=en")  # sets the lang cookie
        assert "Set-Cookie" in headers and headers["X-Cache-Status"] == "MISS"
