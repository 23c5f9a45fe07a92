"""Search by Chinese substring or by pinyin: `安海` and `anhai` find 安海镇, `zimaoshan` finds 紫帽山.

Every labelled entity of ours goes into an in-memory index once per store: its Chinese label and aliases,
its English label, and its pinyin with spaces, tones and hyphens taken out, so a query typed without spaces
matches. Hits rank by how well they match (whole name, start of a name, anywhere), then by kind (places and
projects before goals, whose labels are whole sentences), then by length.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass


from . import iris
from .labels import Labeller, Names, Ref, lang_family
from .lookup import Lookup, StoreCache

KIND_ORDER = ("place", "project", "industry", "indicator", "report", "unit", "theme", "goal", "section", "figure")
SEARCHED_KINDS = set(KIND_ORDER)
MAX_HITS = 50
_indexes = StoreCache()


def fold(text: str) -> str:
    """Lower case, no spaces, apostrophes or hyphens, ü as v: how keys and queries are compared."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ü", "v")
    return re.sub(r"[\s'’\-–—_·.]+", "", text)


@dataclass(frozen=True)
class Key:
    """A folded name; for pinyin and English, the positions where its syllables or words start, so that
    `anhai` matches 安海 but not the middle of 沿海 (yanhai)."""

    text: str
    starts: frozenset[int] | None  # None: a match may start anywhere (Chinese)

    def rank(self, q: str) -> int | None:
        """0 for the whole key, 1 for its start, 2 for a later syllable or word (any place for Chinese)."""
        if self.text == q:
            return 0
        if self.text.startswith(q):
            return 1
        at = self.text.find(q)
        while at >= 0:
            if self.starts is None or at in self.starts:
                return 2
            at = self.text.find(q, at + 1)
        return None


def spaced_key(words: list[str]) -> Key:
    """A key from words or syllables, remembering where each starts."""
    starts, text = set(), ""
    for w in (fold(w) for w in words):
        if w:
            starts.add(len(text))
            text += w
    return Key(text, frozenset(starts))


def name_key(value: str, family: str) -> Key:
    if family == "zh":
        return Key(fold(value), None)
    return spaced_key(re.split(r"[\s\-–—_·]+", value))


def pinyin_key(zh: str) -> Key:
    from pypinyin import Style, lazy_pinyin  # not at the top: 0.15 s that server start-up does not need
    return spaced_key(lazy_pinyin(zh, style=Style.NORMAL, errors="ignore"))


@dataclass(frozen=True)
class Entry:
    iri: str
    kind: str
    names: Names
    keys: tuple[Key, ...]  # Chinese names and aliases, English name, pinyin


@dataclass(frozen=True)
class Hit:
    entity: Ref
    kind: str
    match: str  # 'exact', 'prefix' or 'substring'
    matched: str  # the key that matched (a name or its pinyin)


LABELS = """
SELECT ?s ?l WHERE { ?s rdfs:label|skos:altLabel ?l . FILTER(STRSTARTS(STR(?s), "%s")) }
"""


def build_index(lookup: Lookup) -> list[Entry]:
    by_subject: dict[str, list] = {}
    for row in lookup.select(LABELS % iris.ID):
        by_subject.setdefault(row["s"].value, []).append(row["l"])
    entries = []
    labeller = Labeller(lookup)
    for iri, literals in by_subject.items():
        kind = iris.kind_of(iri)
        if kind not in SEARCHED_KINDS:
            continue
        names = labeller.names(iri)
        keys = []
        for lit in literals:
            family = lang_family(lit.language or "")
            if family in ("zh", "en", "pinyin"):
                keys.append(name_key(lit.value, family))
        if names.zh and not names.pinyin and kind not in ("goal", "theme", "figure"):
            keys.append(pinyin_key(names.zh))  # entities minted without a pinyin altLabel still answer pinyin
        entries.append(Entry(iri, kind, names, tuple(dict.fromkeys(k for k in keys if k.text))))
    return entries


def index(lookup: Lookup) -> list[Entry]:
    return _indexes.get(lookup.store, "index", lambda: build_index(lookup))


def search(lookup: Lookup, query: str, kinds: set[str] | None = None, limit: int = MAX_HITS) -> list[Hit]:
    q = fold(query)
    if not q:
        return []
    scored = []
    for e in index(lookup):
        if kinds and e.kind not in kinds:
            continue
        best = None
        for key in e.keys:
            rank = key.rank(q)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, key.text)
        if best:
            scored.append((best[0], KIND_ORDER.index(e.kind), len(e.names.best() or ""), e, best[1]))
    scored.sort(key=lambda s: (s[0], s[1], s[2], s[3].iri))
    match = ("exact", "prefix", "substring")
    return [Hit(Ref(e.iri, e.names), e.kind, match[rank], key) for rank, _, _, e, key in scored[:limit]]


def suggest(lookup: Lookup, iri: str, limit: int = 8) -> list[Ref]:
    """Near matches for an IRI we do not have: same-kind slugs that look alike, then search hits on the slug."""
    kind, _, slug = iri.removeprefix(str(iris.ID)).partition("/")
    entries = [e for e in index(lookup) if e.kind == kind] or index(lookup)
    slugs = {e.iri.rsplit("/", 1)[1]: e for e in entries}
    close = difflib.get_close_matches(slug or kind, list(slugs), n=limit, cutoff=0.6)
    found = [Ref(slugs[s].iri, slugs[s].names) for s in close]
    for hit in search(lookup, slug or kind, limit=limit):
        if all(hit.entity.iri != f.iri for f in found):
            found.append(hit.entity)
    return found[:limit]
