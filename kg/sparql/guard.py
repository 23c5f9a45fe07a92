"""Read a SPARQL query before anything runs it: its form, and whether this service may run it at all.

pyoxigraph follows SERVICE over HTTP, so a query that names SERVICE anywhere is refused. Looking at the
text is not enough (prefixes, escapes and odd spacing all hide it); the query is parsed with rdflib and the
parse tree and algebra are searched. A query rdflib cannot parse is refused with its parser's message, and an
update (INSERT, DELETE, LOAD, CLEAR ...) is refused because this service is read-only.

Nesting is limited before either parser sees the query: rdflib takes about a millisecond per level, and
pyoxigraph's parser recurses per level and overflows its stack (the worker dies) somewhere past 10,000 levels.

Both parsers must read the same text, or a query could mean one thing to the guard and another to the engine.
rdflib expands `\\uXXXX` escapes everywhere before parsing (as the SPARQL grammar says); pyoxigraph expands them
only inside strings and IRIs. So the guard expands them once, refuses what would still expand (an escape that
spells another escape), and returns the expanded text: that text, and only that text, is what gets run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryError, QueryRefused, UpdateRefused
from kg.graph.namespaces import PREFIXES
from kg.sparql import prescan
from kg.store.sparql_text import NOT_SYNTAX

XSD = "http://www.w3.org/2001/XMLSchema#"
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
CODEPOINT_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
MAX_NESTING = 100  # levels of {}, () and []; real queries use a handful


@dataclass(frozen=True)
class QueryInfo:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset_clause: bool  # FROM / FROM NAMED in the query
    text: str = ""  # the query to run: codepoint escapes expanded, exactly as the guard read it
    prescanned: bool = False  # cleared by prescan.clear without rdflib's parse: the engine's parser decides


def _walk(node):
    """Every node of an rdflib parse tree or algebra, iteratively (deep queries must not exhaust the stack)."""
    stack = [node]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CompValue):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)


def _names_service(tree) -> bool:
    return any(isinstance(n, CompValue) and n.name == "ServiceGraphPattern" for n in _walk(tree))


def _extension_function(tree) -> str | None:
    """The IRI of the first function called by IRI that is not an XSD cast. Engines give such IRIs their own
    meaning: Virtuoso runs `bif:` and `sql:` IRIs as built-in SQL procedures, `bif:http_get` among them (it
    fetches a URL: a way out of the store's machine). pyoxigraph knows none but the casts."""
    for n in _walk(tree):
        if isinstance(n, CompValue) and n.name == "Function":
            iri = str(n.get("iri", ""))
            if not iri.startswith(XSD):
                return iri
    return None


def expand_escapes(query: str) -> str:
    try:
        text = expandUnicodeEscapes(query)
    except ValueError as exc:
        raise QueryError(f"query cannot be read: {exc}") from None
    if CODEPOINT_ESCAPE.search(text):
        raise QueryRefused("a \\u escape here spells another escape; write the character itself instead")
    return text


def nesting_depth(text: str) -> int:
    """How deeply {}, () and [] nest, outside strings, IRIs and comments (unbalanced text counts as written)."""
    deepest = depth = 0
    for ch in NOT_SYNTAX.sub(" ", text):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth -= 1
    return deepest


def inspect(query: str, engine_parses: bool = False) -> QueryInfo:
    """engine_parses: the query will run in an embedded store inside a worker with no network, so a query that
    prescan.clear clears may skip rdflib's parse (the caller must send parse errors back here)."""
    text = expand_escapes(query)
    if nesting_depth(text) > MAX_NESTING:
        raise QueryRefused(f"the query nests brackets more than {MAX_NESTING} levels deep; this endpoint does not "
                           "run queries nested that deeply")
    if engine_parses and (cleared := prescan.clear(text)) is not None:
        return QueryInfo(cleared[0], cleared[1], text, prescanned=True)
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) "
                                "is not accepted") from None
        raise QueryError(f"syntax error at line {exc.lineno}, column {exc.column}: {exc.msg}",
                         position=(exc.lineno, exc.column)) from None
    except RecursionError:
        raise QueryError("query is nested too deeply to be read") from None
    except Exception as exc:  # rdflib raises bare Exceptions for e.g. unknown prefixes
        raise QueryError(f"query cannot be read: {exc}") from None
    body = parsed[1]
    form = FORMS.get(getattr(body, "name", ""), None)
    if form is None:
        raise QueryError("not a SPARQL query form (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if _names_service(parsed):
        raise QueryRefused("SERVICE is not allowed: this endpoint never contacts other services")
    try:
        algebra = translateQuery(parsed, initNs=PREFIXES)
    except RecursionError:
        raise QueryError("query is nested too deeply to be read") from None
    except Exception as exc:
        raise QueryError(f"query cannot be read: {exc}") from None
    if _names_service(algebra.algebra):
        raise QueryRefused("SERVICE is not allowed: this endpoint never contacts other services")
    foreign = _extension_function(algebra.algebra)
    if foreign is not None:
        raise QueryRefused(f"the function <{foreign}> is not allowed: besides SPARQL's own functions, only the XSD "
                           f"casts (xsd:integer(...), ...) are")
    has_dataset = bool(getattr(body, "datasetClause", None))
    return QueryInfo(form, has_dataset, text)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
        return True
    except Exception:
        return False
