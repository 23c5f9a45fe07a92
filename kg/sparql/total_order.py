"""ORDER BY keys that pyoxigraph can sort without crashing.

pyoxigraph 0.5.13 compares two literals by value where SPARQL defines `<` for them (numbers with numbers, strings
with strings) and by their lexical form otherwise. Mixed, that is no order at all: `"10" < 9` (by text),
`9 < 10` (by value), `10 < "10"` (by datatype) make a cycle, Rust's sort notices, panics, and the panic aborts
the process (kg/sparql/workers.py then says so). SPARQL leaves the order of such pairs to the engine
(SPARQL 1.1, 15.1), so each condition is preceded by a key that keeps them apart, in SPARQL's order of kinds
(unbound < blank nodes < IRIs < literals): the kind of term (blank node, IRI, number, other literal) and, for
other literals, the datatype. The key takes its condition's direction, so that DESC is ASC reversed (an
ascending key under DESC put IRIs before literals: issue 30). A column of one kind sorts exactly as before; a
mixed one gets its numbers, compared as numbers (`9` before `10`, `203` before `2015`), before its strings
instead of a crash or of pyoxigraph's inconsistent order (which, when it did not crash, put `2015` before `203`).
The keys cost every sort (1.15-1.76x here: BENCHMARKS.md, "ORDER BY keys"); since issue 30 they are paid by
every ORDER BY, in the query workers as in process (kg/sparql/workers.py), because a wrong order that does not
crash cannot be told from the right one; a remote store (Virtuoso) gets them too, since it sorts strings before
IRIs, and the query as written when it refuses them (guard.run_keyed).

The rewrite works on the text, as a lexer sees it: it finds each `ORDER BY` and reads its conditions (`?v`,
`ASC(…)`, `DESC(…)`, `(…)`, a function or built-in call) by their brackets. Anything it does not recognise ends
the clause there; anything it cannot read (`EXISTS { … }` in a condition) leaves the query as it was. The guard
checks the rewritten text like any other before it runs.
"""

from __future__ import annotations

import re

from kg.store.sparql_text import NOT_SYNTAX

HIDDEN = "\x00"  # strings, IRIs and comments, kept at their length so that offsets still point into the text
ORDER_BY = re.compile(r"(?<![\w?$:])ORDER\s+BY(?![\w:])", re.IGNORECASE)
DIRECTION = re.compile(r"(ASC|DESC)\s*(?=\()", re.IGNORECASE)
VARIABLE = re.compile(r"[?$]\w+")
CALLEE = re.compile(r"[^\s(){}\[\],;]+(?=\s*\()")  # a built-in's name, a prefixed name or an IRI (hidden)
GRAPH_PATTERN_CALLS = ("EXISTS", "NOT")  # their argument is a group graph pattern, not an expression
WORD = re.compile(r"\w+")


class Unreadable(Exception):
    """A condition this module does not take apart; the query then runs as it was written."""


def rewrite(text: str) -> str:
    """The query with kind keys before every ORDER BY condition; the text itself when it has no ORDER BY or a
    condition cannot be read."""
    masked = NOT_SYNTAX.sub(_hide, text)
    edits = []
    try:
        for clause in ORDER_BY.finditer(masked):
            edits += _conditions(text, masked, clause.end())
    except Unreadable:
        return text
    for start, end, expression, descending in reversed(edits):
        text = text[:start] + _keys(expression, descending) + " " + text[start:end] + text[end:]
    return text


def _hide(found: re.Match) -> str:
    """A comment becomes space (it may stand between conditions); a string or an IRI, something no pattern here
    takes for syntax."""
    return (" " if found[0].startswith("#") else HIDDEN) * len(found[0])


def _keys(expression: str, descending: bool = False) -> str:
    """One key, a string: "a" for blank nodes, "b" for IRIs, "c" for numbers, "d" and the datatype for other
    literals; where the expression has no value, unbound (pyoxigraph: isIRI of nothing is an error) or ""
    (Virtuoso, where isLITERAL of nothing is true and CONCAT("d", nothing) is "d": hence no isLITERAL, and the
    datatype looked at before it is used), either sorting first, as SPARQL wants. In the condition's own
    direction. A string, not a number: Virtuoso, which translates to SQL, takes a number in ORDER BY for a
    column index."""
    e = f"({expression})"
    datatype = f"STR(DATATYPE({e}))"
    key = (f'IF(isIRI({e}), "b", IF(isBLANK({e}), "a", IF(isNUMERIC({e}), "c", '
           f'IF(COALESCE({datatype}, "") = "", "", CONCAT("d", {datatype})))))')
    return f"{'DESC' if descending else 'ASC'}({key})"


def _conditions(text: str, masked: str, at: int) -> list[tuple[int, int, str, bool]]:
    """(start, end, expression, descending) of each condition of the clause starting at `at`."""
    found = []
    while True:
        at = _skip_space(masked, at)
        direction = DIRECTION.match(masked, at)
        if direction:
            open_at = _skip_space(masked, direction.end())
            close = _matching(masked, open_at)
            found.append((at, close + 1, text[open_at + 1:close], direction[1].upper() == "DESC"))
            at = close + 1
            continue
        if at < len(masked) and masked[at] == "(":
            close = _matching(masked, at)
            found.append((at, close + 1, text[at + 1:close], False))
            at = close + 1
            continue
        variable = VARIABLE.match(masked, at)
        if variable:
            found.append((at, variable.end(), variable[0], False))
            at = variable.end()
            continue
        callee = CALLEE.match(masked, at)
        if callee:
            if callee[0].upper() in GRAPH_PATTERN_CALLS:
                raise Unreadable(callee[0])
            close = _matching(masked, _skip_space(masked, callee.end()))
            found.append((at, close + 1, text[at:close + 1], False))
            at = close + 1
            continue
        word = WORD.match(masked, at)
        if word and word[0].upper() in GRAPH_PATTERN_CALLS:
            raise Unreadable(word[0])
        if not found:
            raise Unreadable("ORDER BY without a condition")
        return found


def _skip_space(masked: str, at: int) -> int:
    while at < len(masked) and masked[at].isspace():
        at += 1
    return at


def _matching(masked: str, open_at: int) -> int:
    """The offset of the bracket closing the one at `open_at`."""
    if open_at >= len(masked) or masked[open_at] != "(":
        raise Unreadable("no bracket")
    depth = 0
    for i in range(open_at, len(masked)):
        if masked[i] in "({[":
            depth += 1
        elif masked[i] in ")}]":
            depth -= 1
            if depth == 0:
                if masked[i] != ")":
                    raise Unreadable("brackets do not match")
                return i
    raise Unreadable("unclosed bracket")
