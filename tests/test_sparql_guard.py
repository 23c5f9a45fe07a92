"""The query guard: the form of a query, and what it refuses before anything runs (SERVICE however spelt,
updates, LOAD), with syntax errors located. What the guard passes on is exactly what pyoxigraph will read."""

import pickle

import pytest

from kg.errors import QueryError, QueryRefused, UpdateRefused
from kg.sparql import guard
from kg.sparql.dataset import Dataset
from kg.sparql.guard import inspect, nesting_depth
from kg.sparql.workers import QueryJob, WorkerPool

U = "http://127.0.0.1:9/sparql"
TRAP_DEADLINE = 10.0  # seconds; the guard reads each trap in milliseconds

SERVICE_SPELLINGS = {
    "plain": f"SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "lower case": f"select * {{ service <{U}> {{ ?s ?p ?o }} }}",
    "silent": f"SELECT * {{ SERVICE SILENT <{U}> {{ ?s ?p ?o }} }}",
    "prefixed name": "PREFIX x: <http://127.0.0.1:9/> SELECT * { SERVICE x:sparql { ?s ?p ?o } }",
    "glued to a prefixed name": "PREFIX x: <http://127.0.0.1:9/> SELECT * { SERVICEx:sparql { ?s ?p ?o } }",
    "relative to BASE": "BASE <http://127.0.0.1:9/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }",
    "escaped keyword": f"SELECT * {{ \\u0053ERVICE <{U}> {{ ?s ?p ?o }} }}",
    "escaped IRI": "SELECT * { SERVICE <http://127.0.0.1:9/\\u0073parql> { ?s ?p ?o } }",
    "every letter escaped": "".join(f"\\u{ord(c):04X}" if c.isalpha() else c
                                    for c in f"SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }} }}"),
    "decimal IP": "SELECT * { SERVICE <http://2130706433:9/sparql> { ?s ?p ?o } }",
    "variable": f"SELECT * {{ VALUES ?svc {{ <{U}> }} SERVICE ?svc {{ ?s ?p ?o }} }}",
    "inside FILTER EXISTS": f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{U}> {{ ?a ?b ?c }} }} }}",
    "inside a sub-select": f"SELECT * {{ {{ SELECT * {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }} }}",
    "inside OPTIONAL": f"SELECT * {{ OPTIONAL {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "inside MINUS": f"SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "inside GRAPH": f"SELECT * {{ GRAPH ?g {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "inside UNION": f"SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{U}> {{ ?s ?p ?o }} }} }}",
    "in a CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "in an ASK": f"ASK {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    "in a DESCRIBE": f"DESCRIBE ?s WHERE {{ SERVICE <{U}> {{ ?s ?p ?o }} }}",
    # an escaped quote that closes a string for one parser and not for the other
    "escaped quote": f'SELECT * {{ ?s ?p "\\u0022 }} SERVICE <{U}> {{ ?a ?b ?c }} #" }}',
    "escaped newline ending a comment": f"SELECT * {{ ?s ?p ?o # \\u000a SERVICE <{U}> {{ ?a ?b ?c }} \n }}",
    "escape spelling an escape": f"SELECT * {{ \\u005Cu0053ERVICE <{U}> {{ ?s ?p ?o }} }}",
}


@pytest.mark.parametrize("query", SERVICE_SPELLINGS.values(), ids=SERVICE_SPELLINGS.keys())
def test_service_is_refused_however_it_is_spelt(query):
    with pytest.raises(QueryError):  # QueryRefused, or a syntax error: either way nothing runs
        inspect(query)


@pytest.mark.parametrize("update", [
    f"LOAD <{U}>",
    f"LOAD SILENT <{U}> INTO GRAPH <http://example.org/g>",
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <http://example.org/g>",
    "CREATE GRAPH <http://example.org/g>",
])
def test_updates_and_load_are_refused_as_read_only(update):
    with pytest.raises(UpdateRefused, match="read-only"):
        inspect(update)


@pytest.mark.parametrize("query, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("ASK {}", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE place:anhaizhen", "DESCRIBE"),
])
def test_form_is_reported(query, form):
    assert inspect(query).form == form


def test_from_clauses_are_allowed_and_noticed():
    """FROM and FROM NAMED only choose graphs of the store; pyoxigraph never fetches them."""
    info = inspect(f"SELECT * FROM <{U}> FROM NAMED <{U}> WHERE {{ ?s ?p ?o }}")
    assert info.has_dataset_clause
    assert not inspect("SELECT * WHERE { ?s ?p ?o }").has_dataset_clause


def test_escapes_are_expanded_in_the_text_that_runs():
    info = inspect('SELECT * WHERE { ?s rdfs:label "\\u5B89\\u6D77\\u9547"@zh }')
    assert '"安海镇"@zh' in info.text and "\\u" not in info.text


def test_syntax_error_has_line_and_column():
    with pytest.raises(QueryError) as caught:
        inspect("SELECT ?x\nWHERE { ?x")
    assert caught.value.position is not None
    assert caught.value.position[0] == 2
    assert not isinstance(caught.value, QueryRefused)


def test_errors_cross_process_boundaries_intact():
    """Workers send errors back pickled: class, message and position must survive."""
    with pytest.raises(QueryError) as caught:
        inspect("ASK {")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is QueryError
    assert (copy.message, copy.position) == (caught.value.message, caught.value.position)
    refused = pickle.loads(pickle.dumps(UpdateRefused("read-only")))
    assert isinstance(refused, UpdateRefused) and refused.message == "read-only"


# -- nesting: found by the hostile corpus (tests/hostile_sparql.py). rdflib parsed 3,000 nested groups for over
# three seconds, and pyoxigraph's own parser crashed the worker (stack overflow) on 30,000: both are now refused
# at once, before either parser runs.

@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{ " * 30000 + "?s ?p ?o" + " }" * 30000,
    "ASK { FILTER(" + "(" * 30000 + "1" + ")" * 30000 + ") }",
    "ASK { ?s " + "(" * 5000 + "rdfs:label" + ")" * 5000 + " ?o }",
    "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 101 + "}" * 101 + " }",
    "SELECT * WHERE " + "{ " * 30000,  # unbalanced
])
def test_deep_nesting_is_refused_before_parsing(query, monkeypatch):
    def no_parsing(text, *args, **kwargs):
        raise AssertionError("a parser was given a query nested too deeply for it")

    monkeypatch.setattr(guard, "parseQuery", no_parsing)
    monkeypatch.setattr(guard, "parseUpdate", no_parsing)
    with pytest.raises(QueryRefused, match="nests brackets more than 100 levels"):
        inspect(query)


def test_brackets_in_strings_iris_and_comments_do_not_count():
    deep = "{" * 200
    for query in (f'SELECT * {{ ?s ?p "{deep}" }}', f"SELECT * {{ ?s ?p '''{deep}\n{deep}''' }}",
                  f"SELECT * {{ ?s ?p <http://example.org/{'(' * 200}> }}", f"SELECT * {{ ?s ?p ?o }} # {deep}",
                  f'SELECT * {{ ?s ?p "\\"{deep}" }}'):
        assert nesting_depth(query) == 1, query
        assert inspect(query).form == "SELECT"
    assert nesting_depth("SELECT * { ?a ?b ?c FILTER(?a < ?b && ?b > ?c) { ?x ?y ?z } }") == 2
    assert nesting_depth("SELECT * WHERE " + "{ " * 100 + "?s ?p ?o" + " }" * 100) == 100  # allowed
    assert inspect("SELECT * WHERE " + "{ " * 20 + "?s ?p ?o" + " }" * 20).form == "SELECT"


# Texts that trap a backtracking scan of strings and IRIs: one took 18 s before the scan read each character once.
# Their cost is printed by bench/guard_scan.py; here, what they mean, and (through a worker) that the guard reads
# them within any deadline.
SCAN_TRAPS = {"open strings": '"\\' * 33000, "open single-quoted strings": "'\\" * 33000,
              "long strings never closed": '"""\\"' * 20000, "IRIs never closed": "<a" * 50000,
              "strings opened and closed": '"a' * 50000}


@pytest.mark.parametrize("text", SCAN_TRAPS.values(), ids=SCAN_TRAPS.keys())
def test_texts_that_trap_a_backtracking_scan_hold_no_syntax_brackets(text):
    assert nesting_depth(text) == 0
    assert nesting_depth("{ " + text + " }") == 1


@pytest.fixture(scope="module")
def worker(published):
    pool = WorkerPool(published.store_link, size=1, memory_mb=2048)
    yield pool
    pool.close()


@pytest.mark.parametrize("text", SCAN_TRAPS.values(), ids=SCAN_TRAPS.keys())
def test_a_worker_refuses_scan_traps_as_syntax_errors_within_its_deadline(worker, text):
    """The guard runs inside the query's deadline: a scan that backtracked (18 s) would end in QueryTimeout at
    TRAP_DEADLINE. The deadline is the server's; the test checks which answer comes, not how fast."""
    job = QueryJob(text, Dataset(), "json", "turtle", 10)
    with pytest.raises(QueryError, match="syntax error at line 1"):
        worker.run(job, timeout=TRAP_DEADLINE)


def test_service_is_refused_before_rdflib_parses(monkeypatch):
    """rdflib takes seconds over nested SERVICE blocks in a worker: the keyword alone refuses them first."""
    from kg.sparql import guard

    def no_parse(text):
        raise AssertionError("parsed")

    monkeypatch.setattr(guard, "parseQuery", no_parse)
    nested = "SELECT * { " + "SERVICE <http://x/> { " * 20 + "?s ?p ?o" + " }" * 20 + " }"
    with pytest.raises(QueryRefused, match="SERVICE is not allowed"):
        guard.inspect(nested)


@pytest.mark.parametrize("query", ["SELECT ?service { ?service ?p ?o }", "SELECT * { ?s <http://x/SERVICE> ?o }",
                                   'SELECT * { ?s ?p "SERVICE" }', "SELECT * { ?s ex:service ?o }"])
def test_names_and_strings_saying_service_are_no_keyword(query):
    from kg.sparql.guard import names_service_keyword

    assert not names_service_keyword(query)


def test_negative_numbers_parse():
    for query in ("SELECT * { ?s ?p -1.5 }", "SELECT * { VALUES ?v { -1.5 -2 -1e3 } }",
                  "CONSTRUCT { ?s ?p -0.5 } WHERE { ?s ?p ?o }"):
        assert inspect(query).form in ("SELECT", "CONSTRUCT")


@pytest.mark.parametrize("last_words, exitcode, error, words", [
    ("thread '<unnamed>' panicked at library/core/src/slice/sort/shared/smallsort.rs:854:5:\n"
     "user-provided comparison function does not correctly implement a total order\n", -6,
     "QueryEngineFailed", "total order"),
    ("memory allocation of 1073741824 bytes failed\n", -6, "QueryAborted", "more memory"),
    ("", -9, "QueryAborted", "signal 9"),
])
def test_a_dead_workers_last_words_tell_why_it_died(last_words, exitcode, error, words):
    from kg.sparql.workers import death_cause

    cause = death_cause(last_words, exitcode, 2048)
    assert type(cause).__name__ == error and words in cause.message
