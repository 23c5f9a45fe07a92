"""Whole answers replayed (api/replay.py): the same request on the same publication gets the same bytes without the
app running again; anything that could differ — another header, a cookie being set, an error, another build, an
answer made from more than the published data — is never replayed."""

from __future__ import annotations

import dataclasses
import sqlite3
import time
import urllib.parse
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import serve

from api.app import create_app
from api.replay import REPLAY_TIMING, Answer, Answers
from api.shared_answers import FILE_NAME, SharedAnswers, digest
from kg.settings import Settings
from kg.store.embedded import publish, write

REPLAYED = REPLAY_TIMING[1].decode()
PAGE = "/page/place/anhaizhen"


def replayed(response) -> bool:
    return response.headers.get("server-timing") == REPLAYED


def without_timing(response) -> dict:
    return {k: v for k, v in response.headers.items() if k != "server-timing"}


def fresh() -> dict:
    """A header no earlier request had: the request is new to every worker and to the shared file."""
    return {"x-test-run": uuid.uuid4().hex}


# --- the bounded store of answers -------------------------------------------------------------------------------

def answer(size: int) -> Answer:
    return Answer(200, [], b"x" * size)


def test_answers_are_kept_per_publication_and_within_their_budget():
    answers = Answers(max_bytes=1600)
    answers.put("build-1", ("a",), answer(80))
    assert answers.get("build-1", ("a",)).body == b"x" * 80
    assert answers.get("build-2", ("a",)) is None, "another publication never sees the old answers"
    answers.put("build-2", ("b",), answer(80))
    assert answers.get("build-1", ("a",)) is None and len(answers) == 1, "a new publication starts afresh"
    answers.put("build-2", ("huge",), answer(95))
    assert answers.get("build-2", ("huge",)) is None, "over a sixteenth of the budget: not kept"
    for i in range(20):
        answers.put("build-2", (i,), answer(80))
    assert answers.bytes <= 1600 and answers.get("build-2", (0,)) is None and answers.get("build-2", (19,)) is not None
    large_heads = Answers(max_bytes=16_000)
    for i in range(40):  # one-byte bodies under 500-byte request heads: the keys count
        large_heads.put("build-2", ("GET", f"/{i}", ((b"x-padding", b"x" * 500),)), answer(1))
    assert large_heads.bytes <= 16_000 and 20 < len(large_heads) < 40


# --- over the app, on each backend -----------------------------------------------------------------------------

def test_the_same_request_is_answered_again_byte_for_byte(client):
    headers = fresh()
    first = client.get(PAGE, headers=headers)
    again = client.get(PAGE, headers=headers)
    assert first.status_code == again.status_code == 200 and not replayed(first)
    assert replayed(again) and again.content == first.content and without_timing(again) == without_timing(first)
    assert again.headers["content-security-policy"], "security headers are part of what is replayed"
    head = client.head(PAGE, headers=headers)
    assert head.content == b"" and head.headers["content-length"] == first.headers["content-length"]


def test_documents_search_and_query_answers_are_replayed(client):
    query = "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    for path, accept in [("/id/place/anhaizhen.jsonld", "*/*"), ("/search.json?q=anhai", "*/*"),
                         (query, "application/sparql-results+json")]:
        headers = {"accept": accept, **fresh()}
        first = client.get(path, headers=headers)
        again = client.get(path, headers=headers)
        assert first.status_code == 200 and replayed(again) and again.content == first.content, path


def test_a_request_that_differs_in_any_header_is_answered_by_the_app(client):
    run = fresh()
    english = client.get(PAGE, headers={"accept-language": "en", **run})
    chinese = client.get(PAGE, headers={"accept-language": "zh", **run})
    assert not replayed(english) and not replayed(chinese) and english.content != chinese.content
    assert replayed(client.get(PAGE, headers={"accept-language": "en", **run}))
    turtle = client.get("/id/place/anhaizhen.jsonld", headers={"accept": "text/turtle", "origin": "https://a.example",
                                                                **run})
    assert not replayed(turtle) and turtle.headers["access-control-allow-origin"] == "*"


def test_answers_that_set_a_cookie_fail_or_are_not_marked_are_never_replayed(client):
    for _ in range(2):
        chosen = client.get(PAGE + "?lang=en")
        assert "lang=en" in chosen.headers["set-cookie"] and not replayed(chosen)
        missing = client.get("/page/place/no-such-place")
        assert missing.status_code == 404 and not replayed(missing)
        refused = client.get("/sparql?query=" + urllib.parse.quote("SELECT * WHERE { SERVICE <http://a/> { ?s ?p ?o } }"))
        assert refused.status_code == 400 and not replayed(refused)
        dumps = client.get("/dumps")  # lists files made on demand: more than the published data
        assert dumps.status_code == 200 and not replayed(dumps)
        posted = client.post("/sparql", data={"query": "ASK {}"}, headers={"accept": "application/sparql-results+json"})
        assert posted.status_code == 200 and not replayed(posted)


def test_with_no_budget_nothing_is_replayed(published):
    app = create_app(dataclasses.replace(published, response_cache_mb=0))
    with TestClient(app) as client:
        assert not replayed(client.get(PAGE)) and not replayed(client.get(PAGE))


# --- shared by the web workers -------------------------------------------------------------------------------

def test_an_answer_made_by_one_worker_is_replayed_by_another(published):
    """Two apps over the same var dir stand for two web workers of one server."""
    headers = fresh()
    with TestClient(create_app(published)) as one, TestClient(create_app(published)) as other:
        made = one.get(PAGE, headers=headers)
        assert not replayed(made)
        shared = other.get(PAGE, headers=headers)
        assert replayed(shared) and shared.content == made.content
        assert without_timing(shared) == without_timing(made)


def test_the_shared_file_keeps_one_publication_within_its_budget(tmp_path):
    one, other = SharedAnswers(tmp_path, 16 * 1000), SharedAnswers(tmp_path, 16 * 1000)
    headers = [(b"content-type", b"text/html"), (b"link", b"<http://x/a>; rel=alternate")]
    one.put("build-1", digest(("GET", "/a")), 200, headers, b"a" * 10)
    assert other.get("build-1", digest(("GET", "/a"))) == (200, headers, b"a" * 10)
    assert other.get("build-2", digest(("GET", "/a"))) is None
    other.put("build-2", digest(("GET", "/b")), 200, [], b"b")
    assert one.get("build-1", digest(("GET", "/a"))) is None, "a new publication's first write drops the old rows"
    for i in range(200):
        one.put("build-2", digest(("GET", i)), 200, [], b"x" * 900)
    total = sqlite3.connect(tmp_path / FILE_NAME).execute("SELECT total(length(body)) FROM answers").fetchone()[0]
    assert 0 < total <= 16 * 1000 + 64 * 900 and one.get("build-2", digest(("GET", 199))) is not None
    assert one.get("build-2", digest(("GET", 0))) is None, "the oldest go first"


def test_a_read_before_any_write_is_a_miss(tmp_path):
    reader = SharedAnswers(tmp_path, 16 * 1000)
    assert reader.get("build-1", digest(("GET", "/a"))) is None and not reader.broken
    SharedAnswers(tmp_path, 16 * 1000).put("build-1", digest(("GET", "/a")), 200, [], b"a")
    assert reader.get("build-1", digest(("GET", "/a"))) == (200, [], b"a")


def test_a_write_held_up_by_another_worker_is_skipped_not_the_end_of_sharing(tmp_path):
    shared = SharedAnswers(tmp_path, 16 * 1000, busy_seconds=0.05)
    shared.put("build-1", digest(("GET", "/a")), 200, [], b"a")
    other = sqlite3.connect(tmp_path / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another worker in the middle of a write
    shared.put("build-1", digest(("GET", "/b")), 200, [], b"b")
    other.execute("ROLLBACK")
    assert not shared.broken and shared.get("build-1", digest(("GET", "/b"))) is None
    shared.put("build-1", digest(("GET", "/c")), 200, [], b"c")
    assert shared.get("build-1", digest(("GET", "/c"))) == (200, [], b"c")


def test_a_broken_shared_file_turns_sharing_off_and_pages_still_answer(published, tmp_path, caplog):
    var = tmp_path / "var"
    var.mkdir()
    (var / "store").symlink_to(published.store_link.resolve())
    (var / FILE_NAME).write_bytes(b"this is not a database" * 100)
    with TestClient(create_app(dataclasses.replace(published, var_dir=var))) as client:
        headers = fresh()
        first, again = client.get(PAGE, headers=headers), client.get(PAGE, headers=headers)
        assert first.status_code == again.status_code == 200 and replayed(again), "replays in memory go on"
    assert "no longer shared" in caplog.text


# --- a new publication ----------------------------------------------------------------------------------------

def store_with(tmp_path, value: str):
    quad = f'<http://example.org/s> <http://example.org/p> "{value}" <http://example.org/g> .\n'.encode()
    return write(quad, tmp_path, {"built": value}, default_graph=quad.replace(b" <http://example.org/g>", b""))


def test_a_new_build_is_never_answered_from_the_old_one(tmp_path):
    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path)
    publish(store_with(tmp_path, "first"), settings.store_link)
    query = "/sparql?query=" + urllib.parse.quote("SELECT ?o WHERE { <http://example.org/s> ?p ?o }")
    accept = {"accept": "application/sparql-results+json"}
    with TestClient(create_app(settings)) as client:
        assert b'"first"' in client.get(query, headers=accept).content
        assert replayed(client.get(query, headers=accept))
        time.sleep(1.1)  # store directories are named by the second
        publish(store_with(tmp_path, "second"), settings.store_link)
        after = client.get(query, headers=accept)
        assert b'"second"' in after.content and not replayed(after)


# --- over real HTTP (uvicorn) ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live(published):
    with serve(published.var_dir, http="httptools") as running:
        yield running


def test_over_http_a_replay_is_the_same_answer(live):
    with httpx.Client(base_url=live.url) as http:
        first, again = http.get(PAGE), http.get(PAGE)
        assert first.status_code == 200 and replayed(again) and again.content == first.content
        assert without_timing(again).keys() - {"date"} == without_timing(first).keys() - {"date"}
        head = http.head(PAGE)
        assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == first.headers["content-length"]
