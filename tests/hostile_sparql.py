"""A generated corpus of malformed and hostile SPARQL requests, for tests/test_fuzz_sparql.py (a slice) and
scripts/fuzz_sparql.py (10,000 and more).

Each request says how it travels (GET, form POST, direct POST, with Accept / format= / graph parameters) and
whether it is *heavy*: built to run past any deadline (cross products, unbounded paths, sorts over them). Only
a heavy request may be answered 503 (deadline or memory cap); any other 5xx is a failure, and so is a 503 for
a request not marked heavy unless re-running it shows it really takes that long (see scripts/fuzz_sparql.py).

Everything is derived from one seed: the same seed gives the same corpus.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from urllib.parse import urlencode

from kg.sparql.examples import load_examples

# Queries that parse, run fast on the real graph, and together use every query form and most of the grammar.
VALID = [e.query for e in load_examples()] + [
    "ASK {}",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    'SELECT ?p WHERE { ?p rdfs:label "安海镇"@zh }',
    "SELECT DISTINCT ?t WHERE { ?s a ?t } ORDER BY ?t LIMIT 20 OFFSET 2",
    "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t HAVING (COUNT(?s) > 2) ORDER BY DESC(?n)",
    "SELECT ?s ?l WHERE { ?s a jjo:Town . OPTIONAL { ?s rdfs:label ?l FILTER(langMatches(lang(?l), 'en')) } }",
    "SELECT ?x WHERE { { ?x a jjo:Town } UNION { ?x a jjo:Industry } MINUS { ?x jjo:within place:jinjiangshi } } LIMIT 9",
    "SELECT ?s WHERE { ?s a jjo:Place FILTER NOT EXISTS { ?s jjo:within ?p } }",
    'SELECT ?s ?u WHERE { VALUES ?s { place:anhaizhen place:zimaozhen } BIND(UCASE(STR(?s)) AS ?u) }',
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT * FROM <https://w3id.org/jinjiang-kg/graph/reference> WHERE { ?s a jjo:Town } LIMIT 3",
    "SELECT * FROM NAMED <https://w3id.org/jinjiang-kg/graph/ontology> WHERE { GRAPH ?g { ?s a owl:Class } } LIMIT 3",
    "SELECT ?n WHERE { { SELECT (MAX(?v) AS ?n) WHERE { ?f jjo:value ?v } } }",
    'SELECT ?l WHERE { ?s rdfs:label ?l FILTER(REGEX(?l, "^安", "i") && STRLEN(?l) < 9) } LIMIT 5',
    "SELECT ?a ?b WHERE { ?a jjo:within/jjo:within ?b } LIMIT 5",
    "SELECT ?a WHERE { ?a ^jjo:within place:jinjiangshi } LIMIT 5",
    'SELECT (SHA256("x") AS ?h) (NOW() AS ?t) (STRUUID() AS ?u) (ROUND(2.5) AS ?r) (IRI("urn:x") AS ?i) {}',
    'SELECT (CONCAT("a", STR(1)) AS ?c) (SUBSTR("abc", 2) AS ?d) (REPLACE("aaa", "a", "b") AS ?e) {}',
    "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a jjo:Town ; rdfs:label ?l } LIMIT 10",
    "CONSTRUCT WHERE { place:anhaizhen ?p ?o }",
    "DESCRIBE place:anhaizhen",
    "ASK { place:anhaizhen jjo:within+ place:fujiansheng }",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?o }",
    "BASE <http://example.org/> SELECT * { <a> ?p ?o }",
]

# Built to run long: every one should be answered 503 at the deadline (or stopped by the memory cap).
HEAVY = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:p>|!<urn:p>)* ?b . ?c ?d ?e }",
    "SELECT (SUM(STRLEN(CONCAT(STR(?a), STR(?d), STR(?g)))) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . FILTER(?a != ?g) }",
    # Aggregated first: a plain CONSTRUCT over a cross product streams and is cut at the row limit, quickly.
    "CONSTRUCT { ?a ?b ?n } WHERE { { SELECT ?a ?b (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } "
    "GROUP BY ?a ?b } }",
    "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l FILTER(STR(?l) = 'never') }",
]

KEYWORDS = """BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY HAVING ORDER ASC DESC
LIMIT OFFSET VALUES LOAD SILENT INTO CLEAR DROP CREATE ADD MOVE COPY INSERT DATA DELETE WITH USING DEFAULT GRAPH ALL
OPTIONAL SERVICE BIND UNDEF MINUS UNION FILTER a IN NOT EXISTS STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND
ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH
DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT sameTerm
isIRI isURI isBLANK isLITERAL isNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR true
false TRIPLE SUBJECT PREDICATE OBJECT isTRIPLE""".split()
PUNCTUATION = list("{}()[].,;*?$<>\"'#:^/|!+-=&@\\_")
UNICODE_TRICKS = [
    "\u202e", "\u200b", "\ufeff", "\u0000", "\u00a0", "\u3000", "\uff33\uff25\uff2c\uff25\uff23\uff34",  # fullwidth SELECT
    "\u0421ELECT",  # Cyrillic С
    "e\u0301", "\U0001f600", "\ud7ff", "\ue000", "\uffff", "\u2028", "\u2029", "\r", "\x1b[31m",
    "\\u0053ELECT", "\\U00000053ELECT", "\\uD800", "\\uDFFF", "\\u005Cu0053", "\\u0000", "\\uZZZZ", "\\U0011FFFF",
]
INJECTIONS = [
    '"}; DROP GRAPH <urn:x>; SELECT * { "', "' OR '1'='1", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}",
    "%s%s%n", "../../../../etc/passwd", "<file:///etc/passwd>", "} } } INSERT DATA { <a:a> <a:b> <a:c> }",
    "\n#\nSERVICE <http://127.0.0.1:1/> { ?s ?p ?o }", "\"\"\"\n}\"\"\"", "`rm -rf /`", "{{7*7}}",
]
ACCEPTS = [None, "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
           "text/tab-separated-values", "text/turtle", "application/ld+json", "application/rdf+xml", "text/html",
           "*/*", "image/png", "text/*;q=0.5, application/*;q=0.1", ";;;,,,", "text/html;q=abc", "a" * 2000]
FORMATS = ["json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads", "html", "srj",
           "bogus", "", "application/sparql-results+json", "%00"]


@dataclass
class Hostile:
    category: str
    method: str  # GET or POST
    target: str  # path and query string, already encoded
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    heavy: bool = False
    query: str | None = None  # the query text, when there is one (for re-running a slow one)


def corpus(size: int, seed: int = 7, outbound: str = "http://127.0.0.1:9/sparql") -> list[Hostile]:
    """`size` requests, spread over every category. SERVICE / FROM / LOAD variants name `outbound` (point it at a
    listener to prove nothing connects)."""
    rng = random.Random(seed)
    makers = [(_mutation, 26), (_truncation, 12), (_random_bytes, 6), (_random_text, 6), (_nesting, 8),
              (_huge, 4), (_unicode, 8), (_keywords, 10), (_injection, 6), (_outbound, 10), (_protocol, 6),
              (_heavy, 1)]
    total = sum(w for _, w in makers)
    out: list[Hostile] = []
    for maker, weight in makers:
        for _ in range(max(1, size * weight // total)):
            out.append(maker(rng, outbound))
    while len(out) < size:
        out.append(_mutation(rng, outbound))
    rng.shuffle(out)
    return out[:size] if len(out) > size else out


# -- how a query travels


def _send(rng: random.Random, category: str, query: str, heavy: bool = False) -> Hostile:
    headers = {}
    accept = rng.choice(ACCEPTS)
    if accept:
        headers["Accept"] = accept
    extra: list[tuple[str, str]] = []
    if rng.random() < 0.15:
        extra.append(("format", rng.choice(FORMATS)))
    if rng.random() < 0.1:
        extra.append((rng.choice(["default-graph-uri", "named-graph-uri"]),
                      rng.choice(["https://w3id.org/jinjiang-kg/graph/reference", "urn:x", "", "file:///etc/passwd"])))
    way = rng.random()
    if way < 0.5:
        return Hostile(category, "GET", "/sparql?" + urlencode([("query", query), *extra]), None, headers, heavy, query)
    if way < 0.75:
        body = urlencode([("query", query), *extra]).encode()
        return Hostile(category, "POST", "/sparql", body,
                       {**headers, "Content-Type": "application/x-www-form-urlencoded"}, heavy, query)
    return Hostile(category, "POST", "/sparql" + ("?" + urlencode(extra) if extra else ""),
                   query.encode("utf-8", "surrogatepass"),
                   {**headers, "Content-Type": "application/sparql-query"}, heavy, query)


# -- categories


def _mutation(rng, _outbound) -> Hostile:
    q = list(rng.choice(VALID))
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        i = rng.randrange(len(q) + 1)
        if op < 0.3 and q:
            del q[min(i, len(q) - 1)]
        elif op < 0.6:
            q.insert(i, rng.choice(PUNCTUATION + [" ", "\n"] + [f" {k} " for k in KEYWORDS]))
        elif op < 0.8 and len(q) > 2:
            j = rng.randrange(len(q))
            q[min(i, len(q) - 1)], q[j] = q[j], q[min(i, len(q) - 1)]
        else:
            start = rng.randrange(len(q)) if q else 0
            q[i:i] = q[start:start + rng.randint(1, 30)]  # duplicate a stretch
    return _send(rng, "mutation", "".join(q))


def _truncation(rng, _outbound) -> Hostile:
    q = rng.choice(VALID)
    cut = rng.randrange(len(q))
    return _send(rng, "truncation", q[:cut] if rng.random() < 0.7 else q[cut:])


def _random_bytes(rng, _outbound) -> Hostile:
    raw = bytes(rng.randrange(256) for _ in range(rng.randint(0, 400)))
    how = rng.random()
    if how < 0.4:  # straight in the body: usually not UTF-8
        return Hostile("random bytes", "POST", "/sparql", raw, {"Content-Type": "application/sparql-query"})
    if how < 0.7:  # percent-encoded into the URL: decodes to anything
        return Hostile("random bytes", "GET", "/sparql?query=" + "".join(f"%{b:02X}" for b in raw))
    return Hostile("random bytes", "POST", "/sparql", b"query=" + "".join(f"%{b:02X}" for b in raw).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})


def _random_text(rng, _outbound) -> Hostile:
    alphabet = string.printable + "安海镇晋江αβγ\u0000\u202e\ufeff"
    return _send(rng, "random text", "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 600))))


def _nesting(rng, _outbound) -> Hostile:
    depth = rng.choice([10, 100, 500, 1000, 3000, 10000, 30000])
    shape = rng.randrange(7)
    if shape == 0:
        q = "SELECT * WHERE " + "{ " * depth + "?s ?p ?o" + " }" * depth
    elif shape == 1:
        q = "ASK { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"
    elif shape == 2:
        q = "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * depth + "}" * depth + " } LIMIT 1"
    elif shape == 3:
        q = "SELECT * WHERE { " + "{ SELECT * WHERE " * min(depth, 2000) + "{ ?s ?p ?o }" + " LIMIT 1 }" * min(depth, 2000) + " }"
    elif shape == 4:
        q = "ASK { ?s " + "(" * depth + "rdfs:label" + ")" * depth + " ?o }"
    elif shape == 5:
        q = "ASK { FILTER(" + "!" * depth + "true) }"
    else:
        q = "SELECT * WHERE { " + " UNION ".join(["{ ?s a jjo:Town }"] * min(depth, 4000)) + " } LIMIT 1"
    if rng.random() < 0.3:  # unbalanced
        q = q[: rng.randrange(len(q))]
    return _send(rng, "nesting", q)


def _huge(rng, _outbound) -> Hostile:
    n = rng.choice([1000, 20000, 90000, 99000, 100001, 150000])
    shape = rng.randrange(6)
    if shape == 0:
        q = 'SELECT * WHERE { ?s ?p "' + "安" * n + '" }'
    elif shape == 1:
        q = "SELECT * WHERE { ?s ?p " + "9" * n + " }"
    elif shape == 2:
        q = "SELECT * WHERE { ?s ?p <http://example.org/" + "a" * n + "> }"
    elif shape == 3:
        q = "SELECT ?" + "v" * n + " WHERE { }"
    elif shape == 4:
        q = "SELECT * WHERE { VALUES ?x { " + " ".join(str(i) for i in range(n // 6)) + " } }"
    else:
        q = "# " + "x" * n + "\nASK {}"
    return _send(rng, "huge", q)


def _unicode(rng, _outbound) -> Hostile:
    q = list(rng.choice(VALID))
    for _ in range(rng.randint(1, 4)):
        q.insert(rng.randrange(len(q) + 1), rng.choice(UNICODE_TRICKS))
    return _send(rng, "unicode", "".join(q))


def _keywords(rng, _outbound) -> Hostile:
    words = [rng.choice(KEYWORDS + PUNCTUATION + ["?x", "<urn:x>", '"s"', "1", "jjo:Town"])
             for _ in range(rng.randint(1, 40))]
    if rng.random() < 0.3:  # every keyword, once, in order
        words = KEYWORDS
    return _send(rng, "keywords", " ".join(words))


def _injection(rng, _outbound) -> Hostile:
    payload = rng.choice(INJECTIONS)
    template = rng.choice(['SELECT * WHERE {{ ?s rdfs:label "{p}" }}', "SELECT * WHERE {{ ?s ?p <{p}> }}",
                           "SELECT * WHERE {{ ?s ?p ?o FILTER(REGEX(STR(?o), '{p}')) }}", "{p}",
                           "ASK {{}} {p}", "SELECT * WHERE {{ BIND({p} AS ?x) }}"])
    return _send(rng, "injection", template.format(p=payload))


def _outbound(rng, outbound) -> Hostile:
    host = outbound.split("//", 1)[1].split("/", 1)[0]
    port = host.rsplit(":", 1)[1]
    spelled = rng.choice([outbound, f"http://2130706433:{port}/sparql", f"http://0x7f000001:{port}/s",
                          f"http://localhost:{port}/sparql", f"http://[::1]:{port}/", f"http://127.1:{port}/",
                          "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"])
    q = rng.choice([
        f"SELECT * {{ SERVICE <{spelled}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <{spelled}> {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{spelled}> SELECT * {{ SERVICE x: {{ ?s ?p ?o }} }}",
        f"PREFIX x: <{spelled}> SELECT * {{ SERVICEx: {{ ?s ?p ?o }} }}",
        f"BASE <{spelled}> SELECT * {{ SERVICE <> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ \\u0053ERVICE <{spelled}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ {{ SELECT * {{ SERVICE <{spelled}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * {{ OPTIONAL {{ SERVICE ?svc {{ ?s ?p ?o }} }} VALUES ?svc {{ <{spelled}> }} }}",
        f"SELECT * FROM <{spelled}> WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"SELECT * FROM NAMED <{spelled}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        f"DESCRIBE <{spelled}>",
        f"LOAD <{spelled}>",
        f"LOAD SILENT <{spelled}> INTO GRAPH <urn:g>",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{spelled}> {{ ?s ?p ?o }} }}",
        f"ASK {{ GRAPH <{spelled}> {{ ?s ?p ?o }} }}",
    ])
    if rng.random() < 0.2:
        return Hostile("outbound", "POST", "/sparql", urlencode({"update": q}).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded"})
    if rng.random() < 0.2:
        return Hostile("outbound", "POST", "/sparql", q.encode(), {"Content-Type": "application/sparql-update"})
    if rng.random() < 0.2:
        return Hostile("outbound", "GET", "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }",
                                                                  "default-graph-uri": spelled,
                                                                  "named-graph-uri": spelled}))
    return _send(rng, "outbound", q)


def _protocol(rng, _outbound) -> Hostile:
    """Well-formed queries sent in ways the protocol forbids or that stretch it."""
    q = rng.choice(VALID)
    shape = rng.randrange(8)
    if shape == 0:
        return Hostile("protocol", "GET", "/sparql?" + urlencode([("query", q), ("query", q)]))
    if shape == 1:
        return Hostile("protocol", "POST", "/sparql", q.encode(), {"Content-Type": rng.choice(
            ["text/plain", "application/json", "multipart/form-data; boundary=x", "application/sparql-query; charset=latin-1", ""])})
    if shape == 2:
        return Hostile("protocol", "POST", "/sparql", q.encode("utf-16"), {"Content-Type": "application/sparql-query"})
    if shape == 3:
        return Hostile("protocol", "GET", "/sparql?" + "&".join(f"a{i}=b" for i in range(rng.choice([10, 999, 1001, 5000]))))
    if shape == 4:
        return Hostile("protocol", "POST", "/sparql", b"", {"Content-Type": "application/x-www-form-urlencoded"})
    if shape == 5:
        return Hostile("protocol", "POST", "/sparql", b"x" * 1_000_001, {"Content-Type": "application/sparql-query"})
    if shape == 6:
        return Hostile("protocol", rng.choice(["GET", "POST"]), "/sparql?query=" + rng.choice(["%", "%G0", "%E5%AE", "%00", "+"]))
    return Hostile("protocol", "GET", "/sparql?" + urlencode([("query", q), ("format", rng.choice(FORMATS))]),
                   headers={"Accept": rng.choice([a for a in ACCEPTS if a])})


def _heavy(rng, _outbound) -> Hostile:
    return _send(rng, "heavy", rng.choice(HEAVY), heavy=True)
