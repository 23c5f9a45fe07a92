"""SPARQL 1.1, and nothing beyond it: the one language the endpoint speaks, on every backend and every path.

pyoxigraph 0.5 reads more than SPARQL 1.1: LATERAL (SEP-0006), ADJUST (SEP-0002), and the SPARQL 1.2 working
draft's triple terms (`<< … >>`, `<<( … )>>`, reifiers `~`, annotations `{| … |}`), its functions TRIPLE,
isTRIPLE, SUBJECT, PREDICATE, OBJECT, LANGDIR, hasLANG, hasLANGDIR, STRLANGDIR, directional language tags
(`"…"@ar--rtl`) and the VERSION declaration. Until issue 30 such a query was answered when it took the guard's
fast path (prescan.py: pyoxigraph parses) and refused as a bare syntax error when it took the full one (rdflib
cannot read any of it), and always on Virtuoso (which cannot either). The verdict is now one: refused, naming the
feature, before either parser runs. Why refused rather than announced: Virtuoso, the other backend, runs none of
it, so a query that works on one deployment would fail on the other; SPARQL 1.2 is a draft whose triple-term
syntax has already changed once (RDF-star's `<< >>` now means a reifier); the graph holds no triple terms. When
SPARQL 1.2 is a Recommendation and both backends speak it, it can be announced in the service description
(sd:supportedLanguage / sd:languageExtension) instead.

The check reads tokens (prescan's tokenizer, with any character it does not know taken alone), so words in
comments, strings and IRIs, variables and prefixed names are never mistaken for the keywords. None of the words
below is a SPARQL 1.1 keyword, so a bare one is never valid SPARQL 1.1; a language tag's subtags (`@en-lateral`)
are read as part of the tag.

Functions called by IRI are the guard's business (guard._extension_function): only SPARQL 1.1's own XSD casts.
"""

from __future__ import annotations

from kg.sparql.prescan import _TOKEN

_WORDS = {
    "LATERAL": "LATERAL (a proposed extension, SEP-0006)",
    "ADJUST": "ADJUST() (a proposed extension, SEP-0002)",
    "VERSION": "the VERSION declaration (SPARQL 1.2 draft)",
    **{w.upper(): f"the function {w}() (SPARQL 1.2 draft)" for w in (
        "TRIPLE", "isTRIPLE", "SUBJECT", "PREDICATE", "OBJECT", "LANGDIR", "hasLANG", "hasLANGDIR", "STRLANGDIR")},
}
TRIPLE_TERMS = "triple terms (<< … >>, SPARQL 1.2 draft / RDF-star)"
REIFIER = "a reifier (~, SPARQL 1.2 draft)"
ANNOTATION = "an annotation ({| … |}, SPARQL 1.2 draft)"
DIRECTION = "a language tag with a base direction (\"…\"@ar--rtl, SPARQL 1.2 draft)"

# What a client reads in a refusal and in the service description
LANGUAGE = "SPARQL 1.1 Query only"


def beyond_sparql11(text: str) -> str | None:
    """What in `text` (codepoint escapes expanded) is read by pyoxigraph but is not SPARQL 1.1, or None. One pass:
    each token is matched once, at its start."""
    previous: tuple[str, str, int] = ("", "", -1)  # kind, value, where it ended
    at = 0
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None:
            if text[at] in "\"'":  # a string never closed: no parser reads the rest, and it is not looked at
                return None  # (scanning on from each character after it would take time quadratic in its length)
            kind, value, start, end = "other", text[at], at, at + 1  # a character no SPARQL 1.1 token starts with
        else:
            kind, value, start, end = m.lastgroup, m.group(), m.start(), m.end()
        at = end
        if kind in ("ws", "comment"):
            previous = (kind, value, end)
            continue
        adjacent = previous[2] == start
        if previous[1] == "@" and adjacent and kind == "word":  # a language tag, subtags and all
            if "--" in value:
                return DIRECTION
        elif kind == "word" and value.upper() in _WORDS:
            return _WORDS[value.upper()]
        elif value == "~":
            return REIFIER
        elif adjacent and previous[0] == "punct" and (previous[1], value) in (("<", "<"), (">", ">")):
            return TRIPLE_TERMS
        elif adjacent and (previous[1], value) in (("{", "|"), ("|", "}")):
            return ANNOTATION
        previous = (kind, value, end)
    return None


def refusal(feature: str) -> str:
    return (f"{feature}: not SPARQL 1.1. This endpoint speaks {LANGUAGE}, the same on every backend (its service "
            f"description: GET /sparql)")
