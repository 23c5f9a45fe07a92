"""A cheap look at a query before the full guard: can it skip rdflib's parse, and what is its shape?

The full guard (guard.py) parses every query with rdflib: 2–20 ms, most of a cold /sparql request. Where the
query runs in an embedded pyoxigraph store inside a worker with no network (isolation.py), the parse buys
little: pyoxigraph parses the query anyway, refuses updates in `query()`, and a SERVICE it might follow has
nowhere to go. What the parse still buys there is the guard's own verdicts and messages. So `clear` lets a
query through without rdflib only when plain facts of its text, each checked without trusting a lexer, say
that the full guard would find nothing to refuse:

- no `service` anywhere outside comments and plain strings, in any case, not even inside an IRI or a prefixed
  name; nor inside a string with a backslash (the one place where a lexer that misread a string's end could
  hide the keyword from us but not from pyoxigraph: `"\" } SERVICE … #"`);
- no update keyword as a word, with the same exceptions (pyoxigraph would refuse the update, but with another
  message);
- at most MAX_NESTING opening brackets in the whole text (the deepest nesting cannot exceed their number);
- then, by the tokens below: a prologue of PREFIX/BASE declarations, a query form, and no function called by
  IRI (the guard refuses those; with a lexer that is wrong here, pyoxigraph merely calls an unknown function).

Anything not cleared goes through the full guard, and so does any query that pyoxigraph then fails to parse, so
that syntax errors read the same on both paths (workers.run_job).

Comments and plain strings are the client's words, not the query's: until issue 30 a `# with` or a `"load"`
sent the query to rdflib's parser, which refuses what pyoxigraph reads (negative decimals, LATERAL, triple
terms) and takes 30 times as long over a large VALUES. The words are looked for in the tokens instead, so a
comment or a string changes neither the verdict nor the cost. A backslash in a string keeps the old rule.

`shape` is the query with its constants blanked and its variables renamed: the fast lane (workers.py) remembers which
shapes ran slowly; `lane_shape` keys a query by the shape of its text with each VALUES block cut to one row, which
lets a long point lookup of many entities take the fast lane.
"""

from __future__ import annotations

import re

MAX_NESTING = 100  # the guard's limit (guard.MAX_NESTING); kept here so that this module imports no parser
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# Refuse the fast path on these anywhere in the query's syntax (comments and plain strings aside), as a word or
# (service) as any part of one.
_SERVICE = re.compile("service", re.IGNORECASE)
_UPDATE_WORDS = re.compile(r"\b(?:insert|delete|load|clear|create|drop|copy|move|add|with|using)\b", re.IGNORECASE)

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<pname>[^\W\d][\w.\-]*:(?:[\w.\-:%]|\\.)*|:(?:[\w.\-:%]|\\.)*|_:[\w.\-]+)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*+/!=<>|^@?-])
""", re.VERBOSE | re.DOTALL)

_CONSTANTS = {"string": "'s'", "iri": "<i>", "number": "0", "pname": "<i>"}  # an IRI is an IRI, however written


def tokens(text: str) -> list[tuple[str, str]] | None:
    """(kind, text) for every token but whitespace and comments; None if some character fits no token."""
    out, at = [], 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            return None
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            out.append((kind, m.group()))
        at = m.end()
    return out


def clear(text: str) -> tuple[str, bool] | None:
    """(query form, has a FROM clause) if `text` (codepoint escapes already expanded) may skip rdflib's parse;
    None when the full guard must read it."""
    if not _encodable(text):  # lone surrogates: pyoxigraph cannot even take the text; the guard says why
        return None
    if sum(text.count(c) for c in "{([") > MAX_NESTING:
        return None
    toks = tokens(text)
    if toks is None:
        return None
    syntax = " ".join(value for kind, value in toks if kind != "string" or "\\" in value)  # comments are not tokens
    if _SERVICE.search(syntax) or _UPDATE_WORDS.search(syntax):
        return None
    form = _form(toks)
    if form is None:
        return None
    for (kind, _), (_, following) in zip(toks, toks[1:]):
        if following == "(" and (kind == "iri" or kind == "pname"):
            return None  # a function called by IRI: the guard refuses all but the XSD casts
    has_from = any(kind == "word" and value.upper() == "FROM" for kind, value in toks)
    return form, has_from


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _form(toks: list[tuple[str, str]]) -> str | None:
    """The query form after a prologue of PREFIX p: <iri> and BASE <iri>; None if the text starts otherwise."""
    i = 0
    while i < len(toks):
        kind, value = toks[i]
        word = value.upper() if kind == "word" else ""
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            i += 2
        elif word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            i += 3
        else:
            return word if word in FORMS else None
    return None


def shape(text: str) -> str:
    """The query with every constant (IRI, prefixed name, string, number) blanked, every variable renamed in
    the order it first appears (?v1, ?v2, …; `?x` and `$x` are one variable), comments and runs of white space
    made one space, all in one case: point lookups of different entities share a shape, and a slow query does
    not come back as new with its variables renamed. One pass of a regular expression (it runs in the web
    process for every query, long ones too)."""
    names: dict[str, str] = {}

    def blank(m: re.Match) -> str:
        kind = m.lastgroup
        if kind == "var":
            name = m.group()[1:]
            canonical = names.get(name)
            if canonical is None:
                canonical = names[name] = f"?v{len(names) + 1}"
            return canonical
        if kind in ("ws", "comment"):
            return " "
        return _CONSTANTS[kind]

    return _BLANKABLE.sub(blank, text).upper()


_BLANKABLE = re.compile(r"""
    (?P<var>[?$]\w+)
  | (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<pname>[^\W\d][\w.\-]*:(?:[\w.\-:%]|\\.)*|:(?:[\w.\-:%]|\\.)*|_:[\w.\-]+)
  | (?P<number>(?<![\w.])(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
""", re.VERBOSE | re.DOTALL)



LANE_MAX_CHARS = 4096  # the longest query the fast lane takes as written; longer, only with its VALUES rows cut
_VALUE_WORDS = ("UNDEF", "TRUE", "FALSE")


def lane_shape(text: str) -> str | None:
    """The fast lane's key for `text` (workers.py), or None when the query must wait for a normal worker.

    A query is keyed by the shape of its text with every VALUES block cut to its first row. A query of more than
    LANE_MAX_CHARS characters is eligible only when it is a short query joined to tables of constants: with the
    rows cut, at most LANE_MAX_CHARS characters are left, and every row of every block is constants only (IRIs, prefixed names,
    literals, UNDEF). That is how a point lookup of many entities reads (issue 30: an 80-IRI VALUES joined to
    `?s ?p ?o` waited 9.6 s behind runaways, being over 4,096 characters). Its key is the shape of the cut text,
    so the number of rows changes nothing: a slow query does not come back as new with one row more. What bounds
    its cost is what bounds any query's on the fast lane, its budget (JJKG_FAST_LANE_SECONDS), after which its
    shape is known slow; the table only multiplies the work of a short query by its rows.

    Deciding takes one pass of the tokenizer over the text (each token matched once, at its start) and the
    shape of at most LANE_MAX_CHARS characters (up to JJKG_MAX_QUERY_LENGTH, 100,000: a few ms)."""
    cut = first_rows(text)
    if cut is not None and len(cut) <= LANE_MAX_CHARS:
        return shape(cut)
    return shape(text) if len(text) <= LANE_MAX_CHARS else None


def first_rows(text: str) -> str | None:
    """`text` with every VALUES block cut to its first row, the rest as it is; None when a block holds anything
    but constants, or some character fits no token."""
    pieces: list[str] = []
    copied = at = 0
    state = ""  # "": outside VALUES; "vars": between VALUES and its brace; "rows": inside the braces
    tuples = False  # VALUES (?a ?b) { (…) (…) }, not VALUES ?a { … }
    in_row = False  # inside a tuple's parentheses
    rows = 0
    first_end = -1  # where the block's first row ends
    previous_end = 0  # where the last token inside a block ended
    part = False  # the next token is a literal's datatype (after ^^) or language (after @)
    signed = False  # the next token is a number after its sign
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            return None
        kind, value, start, end = m.lastgroup, m.group(), m.start(), m.end()
        at = end
        if kind in ("ws", "comment"):
            continue
        if state == "":
            if kind == "word" and value.upper() == "VALUES":
                state, tuples, rows, first_end = "vars", False, 0, -1
            continue
        if state == "vars":
            if kind == "var":
                continue
            if value in ("(", ")"):
                tuples = True
                continue
            if value == "{":
                state = "rows"
                continue
            return None
        if part:
            if kind not in ("iri", "pname", "word"):
                return None
            part = False
        elif value in ("^^", "@"):
            part = True
        elif signed:
            if kind != "number":
                return None
            signed = False
        elif value == "}" and not in_row:
            if rows > 1:  # drop every row after the first
                pieces.append(text[copied:first_end])
                copied = start
            state = ""
            continue
        elif tuples and value == "(" and not in_row:
            in_row = True
            rows += 1
            if rows == 2:
                first_end = previous_end
        elif tuples and value == ")" and in_row:
            in_row = False
        elif kind in ("iri", "pname", "string", "number") or value in ("-", "+") or (
                kind == "word" and value.upper() in _VALUE_WORDS):
            signed = value in ("-", "+")
            if not tuples:
                rows += 1
                if rows == 2:
                    first_end = previous_end
            elif not in_row:
                return None
        else:
            return None
        previous_end = end
    if state:
        return None
    pieces.append(text[copied:])
    return "".join(pieces)


def point_lookup(text: str) -> bool:
    """Whether `text`'s form alone shows it a bounded point lookup, which may take the point slots of /sparql
    (api/routers/sparql.py) when runaways hold every other: `ASK {}`, or an ASK or a SELECT of at most one triple
    pattern whose subject or object is a constant (`<e> ?p ?o`, `?s ?p <e>`, `<e> rdfs:label ?l`).

    Exactly this, read from the tokens of one tokenizer pass (no parser: the verdict on the query stays the
    guard's; this only chooses a slot):

        prologue  (PREFIX pname: <iri> | BASE <iri>)*
        query     ASK [WHERE] { body } | SELECT (* | ?var+) [WHERE] { body } [LIMIT n]
        body      nothing | term term term [.]    with the subject or the object a constant

    a term being a variable, an IRI, a prefixed name (not a blank node `_:b`, which is a variable), `a` as the
    predicate, or as the object a literal (with its language or datatype), a number, true or false.

    Why such a query is cheap whatever its constants: one index lookup, its answers streamed, and the worker stops
    reading them at JJKG_MAX_RESULT_ROWS (or LIMIT; an ASK at the first). So nothing that makes the engine hold or
    join answers: no second pattern (two patterns on one subject are already that subject's triples squared), no
    property path, group, sub-query, OPTIONAL, UNION, MINUS, FILTER, BIND, VALUES, GRAPH, dataset clause,
    expression, aggregate, DISTINCT, REDUCED, ORDER BY or OFFSET (each may read every match before the first
    answer). At most LANE_MAX_CHARS characters, checked before the tokens, and no backslash anywhere: the guard
    expands `\\uXXXX` escapes in the whole text before the query runs, and an escape could turn what reads here as
    one string into syntax."""
    if len(text) > LANE_MAX_CHARS or "\\" in text:
        return False
    toks = tokens(text)
    if toks is None:
        return False
    i = _prologue_end(toks)
    form = _word(toks, i)
    i += 1
    if form == "SELECT":
        if _at(toks, i) == "*":
            i += 1
        else:
            start = i
            while i < len(toks) and toks[i][0] == "var":
                i += 1
            if i == start:
                return False
    elif form != "ASK":
        return False
    if _word(toks, i) == "WHERE":
        i += 1
    if _at(toks, i) != "{":
        return False
    i = _one_pattern(toks, i + 1)
    if i is None or _at(toks, i) != "}":
        return False
    i += 1
    if form == "SELECT" and _word(toks, i) == "LIMIT" and i + 1 < len(toks) and toks[i + 1][0] == "number":
        i += 2
    return i == len(toks)


def _at(toks: list[tuple[str, str]], i: int) -> str:
    return toks[i][1] if i < len(toks) else ""


def _word(toks: list[tuple[str, str]], i: int) -> str:
    return toks[i][1].upper() if i < len(toks) and toks[i][0] == "word" else ""


def _prologue_end(toks: list[tuple[str, str]]) -> int:
    i = 0
    while True:
        if _word(toks, i) == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            i += 2
        elif (_word(toks, i) == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname"
              and toks[i + 2][0] == "iri"):
            i += 3
        else:
            return i


def _one_pattern(toks: list[tuple[str, str]], i: int) -> int | None:
    """Where the group's body ends (at its `}`), if it is empty or one triple pattern with a constant subject or
    object; None otherwise."""
    if _at(toks, i) == "}":
        return i
    subject, i = _term(toks, i, "subject")
    predicate, i = _term(toks, i, "predicate")
    obj, i = _term(toks, i, "object")
    if subject is None or predicate is None or obj is None or (subject != "constant" and obj != "constant"):
        return None
    if _at(toks, i) == ".":
        i += 1
    return i


def _term(toks: list[tuple[str, str]], i: int, place: str) -> tuple[str | None, int]:
    """("variable" or "constant", where the term ends) for the term at `i` in that place of a triple pattern;
    (None, i) when it is anything else."""
    if i >= len(toks):
        return None, i
    kind, value = toks[i]
    if kind == "var" or (kind == "pname" and value.startswith("_:")):  # a blank node matches anything
        return "variable", i + 1
    if kind in ("iri", "pname"):
        return "constant", i + 1
    if place == "predicate" and kind == "word" and value == "a":
        return "constant", i + 1
    if place != "object":
        return None, i
    if kind == "number" or (kind == "word" and value.lower() in ("true", "false")):
        return "constant", i + 1
    if kind == "string":
        if _at(toks, i + 1) == "@" and i + 2 < len(toks) and toks[i + 2][0] == "word":
            return "constant", i + 3
        if _at(toks, i + 1) == "^^" and i + 2 < len(toks) and toks[i + 2][0] in ("iri", "pname"):
            return "constant", i + 3
        return "constant", i + 1
    return None, i
