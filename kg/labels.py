"""Labels for IRIs, in the reader's language with a fallback, looked up straight in the store's index (no query
parsing: a results page may need a label for each of a thousand IRIs)."""

from __future__ import annotations

import pyoxigraph as ox

from .namespaces import RDFS, SKOS

LABEL_PROPERTIES = (ox.NamedNode(str(SKOS.prefLabel)), ox.NamedNode(str(RDFS.label)))


def labels(store: ox.Store, iris, languages=("zh", "en")) -> dict[str, str]:
    """{iri: label} for those of `iris` that have one; a label in an earlier language of `languages` wins, then
    one without a language tag, then any."""
    found: dict[str, str] = {}
    for iri in iris:
        try:
            subject = ox.NamedNode(iri)
        except ValueError:
            continue
        best: tuple[int, str] | None = None
        for prop in LABEL_PROPERTIES:
            for quad in store.quads_for_pattern(subject, prop, None, ox.DefaultGraph()):
                literal = quad.object
                if not isinstance(literal, ox.Literal):
                    continue
                rank = _rank(literal.language, languages)
                if best is None or rank < best[0]:
                    best = (rank, literal.value)
            if best is not None and best[0] == 0:
                break
        if best is not None:
            found[iri] = best[1]
    return found


def _rank(language: str | None, languages) -> int:
    if language in languages:
        return languages.index(language)
    return len(languages) if not language else len(languages) + 1
