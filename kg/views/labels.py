"""Names for people: the reader's language first, the other one next, pinyin after that, never a bare IRI.

Labels are stored as rdfs:label @zh / @en, pinyin as skos:altLabel @zh-latn-pinyin and aliases as
skos:altLabel @zh. Ontology terms (classes, properties) are labelled the same way, so a property is shown by
its ontology label; terms of other vocabularies without a label fall back to their local name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.namespace import RDFS, SKOS

from kg.graph import iris
from kg.graph.namespaces import JJO
from kg.store.lookup import Lookup, StoreCache, node

LANGS = ("zh", "en")
PINYIN = "zh-latn-pinyin"
LABEL = node(str(RDFS.label))
PREF_LABEL = node(str(SKOS.prefLabel))
ALT_LABEL = node(str(SKOS.altLabel))
ONTOLOGY = str(JJO)[:-1]  # https://w3id.org/jinjiang-kg/ontology


def preference(lang: str | None) -> tuple[str, ...]:
    """('en', 'zh') for an English reader; Chinese first otherwise."""
    return (lang, *(x for x in LANGS if x != lang)) if lang in LANGS else LANGS


def lang_family(tag: str) -> str | None:
    """'zh' for zh, zh-cn, zh-hans; 'pinyin' for zh-latn-pinyin; 'en' for en, en-gb."""
    tag = tag.lower()
    if tag == PINYIN:
        return "pinyin"
    if tag == "zh" or (tag.startswith("zh-") and "latn" not in tag):
        return "zh"
    if tag == "en" or tag.startswith("en-"):
        return "en"
    return None


def local_name(iri: str) -> str:
    """The last part of an IRI: what is shown for a term of another vocabulary that has no label here."""
    for sep in ("#", "/"):
        if sep in iri.rstrip("/"):
            tail = iri.rstrip("/").rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


@dataclass(frozen=True)
class Names:
    zh: str | None = None
    en: str | None = None
    pinyin: str | None = None
    aliases: tuple[str, ...] = ()

    def best(self, prefer: Sequence[str] = LANGS) -> str | None:
        for lang in prefer:
            value = getattr(self, lang, None)
            if value:
                return value
        return self.zh or self.en or self.pinyin

    def other(self, prefer: Sequence[str] = LANGS) -> str | None:
        """The name in the second language, when it differs from the best one (shown beside it)."""
        best = self.best(prefer)
        for lang in prefer[1:]:
            value = getattr(self, lang, None)
            if value and value != best:
                return value
        return None


@dataclass(frozen=True)
class Ref:
    """A link to a resource with the names to show for it."""

    iri: str
    names: Names = field(default_factory=Names)

    @property
    def kind(self) -> str | None:
        """Our entity type ('place', 'project' ...), 'term' for an ontology term, None for anything else."""
        if self.iri.startswith(str(JJO)) or self.iri == ONTOLOGY:
            return "term"
        return iris.kind_of(self.iri)

    def label(self, prefer: Sequence[str] = LANGS) -> str:
        return self.names.best(prefer) or local_name(self.iri)


def read_names(lookup: Lookup, subject: ox.NamedNode | ox.BlankNode) -> Names:
    found: dict[str, str] = {}
    pref: dict[str, str] = {}
    aliases: list[str] = []
    for t in lookup.triples(subject, LABEL):
        family = lang_family(t.object.language or "")
        if family and family not in found:
            found[family] = t.object.value
    for t in lookup.triples(subject, PREF_LABEL):
        family = lang_family(t.object.language or "")
        if family:
            pref.setdefault(family, t.object.value)
    for t in lookup.triples(subject, ALT_LABEL):
        family = lang_family(t.object.language or "")
        if family == "pinyin":
            found.setdefault("pinyin", t.object.value)
        elif family == "zh":
            aliases.append(t.object.value)
    return Names(zh=found.get("zh") or pref.get("zh"), en=found.get("en") or pref.get("en"),
                 pinyin=found.get("pinyin"), aliases=tuple(sorted(set(aliases) - {found.get("zh")})))


_terms = StoreCache()


def term_names(lookup: Lookup) -> dict[str, Names]:
    """Names of every ontology term, read once per store: every page needs its property labels."""

    def load() -> dict[str, Names]:
        rows = lookup.select("SELECT DISTINCT ?t WHERE { GRAPH <%s> { ?t rdfs:label ?l } }" % iris.ONTOLOGY_GRAPH)
        return {r["t"].value: read_names(lookup, r["t"]) for r in rows if isinstance(r["t"], ox.NamedNode)}

    return _terms.get(lookup.store, "terms", load)


# Names shared by every request on one store: reports, places, industries and indicators are named on many
# pages, and reading a name costs three index lookups (about 30 µs at 10M triples).
_names = StoreCache(maxsize=100_000)


class Labeller:
    """Refs for IRIs, looked up once each (a page asks for the same place many times)."""

    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.terms = term_names(lookup)
        self._seen: dict[str, Names] = {}

    def names(self, iri: str) -> Names:
        if iri in self.terms:
            return self.terms[iri]
        if iri not in self._seen:
            self._seen[iri] = _names.get(self.lookup.store, iri, lambda: read_names(self.lookup, node(iri)))
        return self._seen[iri]

    def know(self, names: dict[str, Names]) -> None:
        """Names read elsewhere by `read_names` (the lists' index written with the store, kg/views/list_index.py):
        taken instead of reading them from the store."""
        for iri, found in names.items():
            self._seen.setdefault(iri, found)

    def ref(self, iri: str | ox.NamedNode) -> Ref:
        iri = iri.value if isinstance(iri, ox.NamedNode) else iri
        return Ref(iri, self.names(iri))

    def refs(self, iris_: Iterable[str | ox.NamedNode]) -> list[Ref]:
        return [self.ref(i) for i in iris_]


def labels(store: ox.Store, iris_: Iterable[str], languages: Sequence[str] = LANGS) -> dict[str, str]:
    """{iri: label} for those of `iris_` that have one, in the order of `languages` (the query page's result
    table labels up to a thousand IRIs this way: index lookups, no query parsing)."""
    labeller = Labeller(Lookup(store))
    found: dict[str, str] = {}
    for iri in iris_:
        try:
            best = labeller.names(iri).best(languages)
        except ValueError:  # not an IRI pyoxigraph accepts
            continue
        if best:
            found[iri] = best
    return found
