"""Read a SPARQL query before anything runs it: its form, and whether this service may run it at all.

pyoxigraph follows SERVICE over HTTP, so a query that names SERVICE anywhere is refused. Looking at the
text is not enough (prefixes, escapes and odd spacing all hide it); the query is parsed with rdflib and the
algebra is searched. A query rdflib cannot parse is refused with its parser's message, and an update is
refused because this service is read-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError, QueryRefused
from .namespaces import PREFIXES

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class QueryInfo:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset_clause: bool  # FROM / FROM NAMED in the query


def _walk(node):
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


def inspect(query: str) -> QueryInfo:
    try:
        parsed = parseQuery(query)
    except ParseException as exc:
        if _is_update(query):
            raise QueryRefused("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) "
                               "is not accepted") from None
        raise QueryError(f"syntax error at line {exc.lineno}, column {exc.column}: {exc.msg}",
                         position=(exc.lineno, exc.column)) from None
    except Exception as exc:  # rdflib raises bare Exceptions for e.g. unknown prefixes
        raise QueryError(f"query cannot be read: {exc}") from None
    body = parsed[1]
    form = FORMS.get(getattr(body, "name", ""), None)
    if form is None:
        raise QueryError("not a SPARQL query form (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    try:
        algebra = translateQuery(parsed, initNs=PREFIXES)
    except Exception as exc:
        raise QueryError(f"query cannot be read: {exc}") from None
    for node in _walk(algebra.algebra):
        if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
            raise QueryRefused("SERVICE is not allowed: this endpoint never contacts other services")
    has_dataset = bool(getattr(body, "datasetClause", None))
    return QueryInfo(form, has_dataset)


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
        return True
    except Exception:
        return False
