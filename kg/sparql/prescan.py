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

`shape` is the query with its constants blanked and its variables renamed: the fast lane (workers.py) remembers which shapes ran slowly.
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
