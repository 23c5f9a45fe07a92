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

import dataclasses
import re
from dataclasses import dataclass

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryError, QueryRefused, UpdateRefused
from kg.graph.namespaces import PREFIXES
from kg.sparql import dialect, prescan, rdflib_negatives, total_order
from kg.store.sparql_text import NOT_SYNTAX

rdflib_negatives.apply()

XSD = "http://www.w3.org/2001/XMLSchema#"
# The casts SPARQL 1.1 defines (section 17.5). Others differ between the engines (xsd:duration("P1Y") is the
# duration on pyoxigraph and 12 on Virtuoso, xsd:gYear("2020") a gYear and a date, xsd:dayTimeDuration a value and
# an error, xsd:int an error and a value), so they are refused like any other function IRI (issue 30).
SPARQL11_CASTS = frozenset(XSD + name for name in ("boolean", "double", "float", "decimal", "integer", "dateTime",
                                                   "string"))
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
CODEPOINT_ESCAPE = re.compile(r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}")
MAX_NESTING = 100  # levels of {}, () and []; real queries use a handful
SURROGATE = re.compile("[\ud800-\udfff]")
# SERVICE as a keyword: not part of a name, a variable or a prefixed name. Only a fast first refusal (rdflib
# takes seconds over nested SERVICE blocks); the parse below is the wall.
SERVICE_KEYWORD = re.compile(r"(?<![\w?$:-])(?<!\w\.)SERVICE(?![\w:.-])", re.IGNORECASE)
SERVICE_REFUSED = "SERVICE is not allowed: this endpoint never contacts other services"


@dataclass(frozen=True)
class QueryInfo:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    has_dataset_clause: bool  # FROM / FROM NAMED in the query
    text: str = ""  # the query to run, exactly as the guard read it: codepoint escapes expanded
    prescanned: bool = False  # cleared by prescan.clear without rdflib's parse: the engine's parser decides
    sortable: str = ""  # the same with ORDER BY keyed so that pyoxigraph can sort it (kg/sparql/total_order.py)

    def text_for(self, store) -> str:
        """What `store` runs: the keyed text. pyoxigraph may crash on the other, or sort a mixed column in an
        order that is not SPARQL's; Virtuoso sorts strings before IRIs (issue 30). Virtuoso refuses some keyed
        texts (an aggregate's name inside an ORDER BY expression): the caller then runs `text`
        (`run_keyed`)."""
        return self.sortable or self.text


def run_keyed(store, info: QueryInfo, **options):
    """`store.query` of the keyed text; of the text as written when the keys do not read (pyoxigraph: a
    SyntaxError) or a remote store refuses them (QueryError; Virtuoso and an aggregate's name in the keys)."""
    text = info.text_for(store)
    try:
        return store.query(text, **options)
    except SyntaxError:
        if text == info.text:
            raise
    except QueryError:
        if text == info.text or isinstance(store, ox.Store):
            raise
    return store.query(info.text, **options)


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
    """The IRI of the first function called by IRI that is not one of SPARQL 1.1's XSD casts. Engines give such
    IRIs their own meaning: Virtuoso runs `bif:` and `sql:` IRIs as built-in SQL procedures, `bif:http_get` among
    them (it fetches a URL: a way out of the store's machine); pyoxigraph has GeoSPARQL's `geof:` functions and
    casts to more XSD types than SPARQL 1.1's, which Virtuoso reads otherwise."""
    for n in _walk(tree):
        if isinstance(n, CompValue) and n.name == "Function":
            iri = str(n.get("iri", ""))
            if iri not in SPARQL11_CASTS:
                return iri
    return None


def expand_escapes(query: str) -> str:
    for escape in CODEPOINT_ESCAPE.finditer(query):
        code = int(escape[0][2:], 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            line, column = position_of(query, escape.start())
            raise QueryError(f"syntax error at line {line}, column {column}: {escape[0]} is not a character (an "
                             f"escape names a Unicode code point up to \\U0010FFFF, not a surrogate)",
                             position=(line, column))
    text = expandUnicodeEscapes(query)
    if CODEPOINT_ESCAPE.search(text):
        raise QueryRefused("a \\u escape here spells another escape; write the character itself instead")
    surrogate = SURROGATE.search(text)
    if surrogate:
        line, column = position_of(text, surrogate.start())
        raise QueryError(f"syntax error at line {line}, column {column}: a lone surrogate (U+{ord(surrogate[0]):04X}) "
                         f"is not a character", position=(line, column))
    return text


def position_of(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def is_blank(text: str) -> bool:
    """Nothing but white space and comments."""
    return not re.sub(r"#[^\n\r]*", "", text).strip()


def names_service_keyword(text: str) -> bool:
    return bool(SERVICE_KEYWORD.search(NOT_SYNTAX.sub(" ", text)))


def syntax_error(text: str, exc: ParseException) -> QueryError:
    """A syntax error with its line and column and the text found there. rdflib's position is the start of the
    clause it could not finish (`LIMT 3`, `FILTER(?o > 3 }`): nearer the mistake than pyoxigraph's, which points
    past it, often at the end of the query."""
    line, column = exc.lineno, exc.column
    lines = text.splitlines() or [""]
    found = lines[line - 1][column - 1:column + 39].strip() if line <= len(lines) else ""
    at = f" (at “{found}”)" if found else " (at the end of the query)"
    return QueryError(f"syntax error at line {line}, column {column}{at}: {exc.msg}", position=(line, column))


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
    if is_blank(text):
        raise QueryError("the query is empty: send a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    if nesting_depth(text) > MAX_NESTING:
        raise QueryRefused(f"the query nests brackets more than {MAX_NESTING} levels deep; this endpoint does not "
                           "run queries nested that deeply")
    if names_service_keyword(text):
        raise QueryRefused(SERVICE_REFUSED)
    # What pyoxigraph reads beyond SPARQL 1.1 is refused here, before either parser: one verdict on every path
    # and backend (kg/sparql/dialect.py)
    if (feature := dialect.beyond_sparql11(text)) is not None:
        raise QueryRefused(dialect.refusal(feature))
    if engine_parses and (cleared := prescan.clear(text)) is not None:
        info = QueryInfo(cleared[0], cleared[1], text, prescanned=True)
    else:
        info = _checked(text)
    # The keyed text is not parsed again (rdflib takes five times as long over the keys' nested calls): it is the
    # checked text with fixed built-in calls (IF, isLITERAL, isNUMERIC, CONCAT, STR, DATATYPE) inserted before each
    # ORDER BY condition, around copies of that condition's own expression, so it can call nothing the checked
    # text does not. The keyword scan runs again all the same; should pyoxigraph not read it, the worker runs
    # the text as written (kg/sparql/workers.py).
    ordered = total_order.rewrite(text)
    if ordered != text and not names_service_keyword(ordered):
        return dataclasses.replace(info, sortable=ordered)
    return info


def _checked(text: str) -> QueryInfo:
    """Parse `text` with rdflib and refuse what this service never runs."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise UpdateRefused("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) "
                                "is not accepted") from None
        raise syntax_error(text, exc) from None
    except RecursionError:
        raise QueryError("query is nested too deeply to be read") from None
    except Exception as exc:  # rdflib raises bare Exceptions for e.g. unknown prefixes
        raise QueryError(f"query cannot be read: {exc}") from None
    body = parsed[1]
    form = FORMS.get(getattr(body, "name", ""), None)
    if form is None:
        raise QueryError("not a SPARQL query form (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    if _names_service(parsed):
        raise QueryRefused(SERVICE_REFUSED)
    try:
        algebra = translateQuery(parsed, initNs=PREFIXES)
    except RecursionError:
        raise QueryError("query is nested too deeply to be read") from None
    except Exception as exc:
        raise QueryError(f"query cannot be read: {exc}") from None
    if _names_service(algebra.algebra):
        raise QueryRefused(SERVICE_REFUSED)
    foreign = _extension_function(algebra.algebra)
    if foreign is not None:
        raise QueryRefused(f"the function <{foreign}> is not allowed: besides SPARQL's own functions, only SPARQL "
                           f"1.1's XSD casts are (xsd:boolean, xsd:double, xsd:float, xsd:decimal, xsd:integer, "
                           f"xsd:dateTime, xsd:string)")
    has_dataset = bool(getattr(body, "datasetClause", None))
    return QueryInfo(form, has_dataset, text)


def _is_update(text: str) -> bool:
    """An update with at least one operation (a prologue alone parses as an empty update, and is no query)."""
    try:
        return "request" in parseUpdate(text)  # CompValue.get gives the key itself for a missing key
    except Exception:
        return False
