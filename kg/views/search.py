"""Search by Chinese substring or by pinyin: `安海` and `anhai` find 安海镇 (so do `Ānhǎi Zhèn` and `an1hai3`: tones are
dropped from queries), `zimaoshan` finds 紫帽山.

Every labelled entity of ours goes into an in-memory index once per store: its Chinese label and aliases,
its English label, and its pinyin with spaces, tones and hyphens taken out, so a query typed without spaces
matches. Hits rank by how well they match (whole name, start of a name, anywhere), then by kind (places and
projects before goals, whose labels are whole sentences), then by length.
"""

from __future__ import annotations

import difflib
import os
import pickle
import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from kg.extract.read import normalise
from kg.graph import iris
from kg.store.lookup import Lookup, StoreCache
from kg.views.labels import ALT_LABEL, LABEL, Labeller, Ref, lang_family

KIND_ORDER = ("place", "project", "industry", "indicator", "report", "unit", "theme", "goal", "section", "figure")
SEARCHED_KINDS = set(KIND_ORDER)
MAX_HITS = 50
_indexes = StoreCache()


def fold(text: str) -> str:
    """Lower case, no spaces, apostrophes or hyphens, ü as v: how keys and queries are compared."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ü", "v")
    return re.sub(r"[\s'’\-–—_·.]+", "", text)


TONE_NUMBERS = re.compile(r"^(?:[a-zv]+[1-5]?)+$")  # an1hai3, lv4: every syllable may end in a tone number


def fold_query(query: str) -> str:
    """A query folded like the keys, its pinyin tones dropped: tone marks (`Ānhǎi Zhèn` → anhaizhen, `lǜ` → lv)
    and tone numbers after syllables (`an1hai3` → anhai). Digits elsewhere stay (`5G`), and so does a mark on
    anything but a Latin letter."""
    # Traditional characters read as simplified, as the reports' texts are (詔安 finds 诏安县): kg/extract/read.py.
    query = normalise(query)
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", query).lower()).replace("u\u0308", "v")
    kept: list[str] = []
    for c in text:
        if unicodedata.combining(c) and kept and "a" <= kept[-1] <= "z":
            continue  # a tone mark (or the diaeresis already read into v)
        kept.append(c)
    folded = fold(unicodedata.normalize("NFC", "".join(kept)))
    if TONE_NUMBERS.match(folded) and re.search(r"[a-zv][1-5]", folded):
        folded = re.sub(r"(?<=[a-zv])[1-5]", "", folded)
    return folded


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
class Hit:
    entity: Ref
    kind: str
    match: str  # 'exact', 'prefix' or 'substring'
    matched: str  # the key that matched (a name or its pinyin)


LABEL_PREDICATES = (LABEL, ALT_LABEL)  # rdfs:label, skos:altLabel
SEPARATOR = "\n"  # between keys in the index text; fold() removes it from every query, so no match spans two keys


@dataclass
class Index:
    """Every searchable name of every entity, laid end to end in one string so that a query is matched by
    str.find at C speed, with arrays from positions back to keys and entities.

    A list of objects per entity took 830 MB and two minutes to build at 10M triples; this takes a tenth of
    the memory and no name lookups (names are read for the hits only)."""

    iris: list[str]
    kinds: array  # per entity: its index in KIND_ORDER
    lengths: array  # per entity: the length of its best name (shorter names rank first)
    text: str  # SEPARATOR + key + SEPARATOR + key ... + SEPARATOR
    key_starts: array  # per key: where it starts in text, ascending
    key_entity: array  # per key: its entity
    anywhere: bytearray  # per key: 1 when a match may start anywhere in it (Chinese), 0 at syllable/word starts
    word_starts: set[int]  # positions in text where a pinyin syllable or an English word starts

    def rank(self, key: int, at: int, length: int) -> int | None:
        """Key.rank for a match of `length` characters at position `at` of key number `key`."""
        start = self.key_starts[key]
        if at == start:
            return 0 if self.text[at + length] == SEPARATOR else 1
        if self.anywhere[key] or at in self.word_starts:
            return 2
        return None


def build_index(lookup: Lookup) -> Index:
    """One pass over the labels, literal by literal: an entity's keys need not sit together, so nothing is
    grouped by subject and memory stays near the size of the index itself."""
    index = Index([], array("b"), array("i"), "", array("q"), array("i"), bytearray(), set())
    entities: dict[str, int] = {}
    name_rank = array("b")  # per entity: which name its length was taken from (0 zh label, 1 en, 2 pinyin, 3 none)
    needs_pinyin: dict[int, str] = {}  # entity → its Chinese label, until a pinyin altLabel turns up
    has_pinyin: set[int] = set()
    parts: list[str] = [SEPARATOR]
    position = 1

    def add_key(entity: int, key: Key) -> None:
        nonlocal position
        if not key.text:
            return
        index.key_starts.append(position)
        index.key_entity.append(entity)
        index.anywhere.append(key.starts is None)
        if key.starts is not None:
            index.word_starts.update(position + at for at in key.starts)
        parts.append(key.text + SEPARATOR)
        position += len(key.text) + 1

    for predicate in LABEL_PREDICATES:
        for t in lookup.triples(None, predicate):
            iri = t.subject.value
            entity = entities.get(iri)
            if entity is None:
                if not iri.startswith(iris.ID) or (kind := iris.kind_of(iri)) not in SEARCHED_KINDS:
                    continue
                entity = entities[iri] = len(index.iris)
                index.iris.append(iri)
                index.kinds.append(KIND_ORDER.index(kind))
                index.lengths.append(0)
                name_rank.append(3)
            family = lang_family(t.object.language or "")
            if family not in ("zh", "en", "pinyin"):
                continue
            value = t.object.value
            add_key(entity, name_key(value, family))
            rank = {"zh": 0, "en": 1, "pinyin": 2}[family]
            if (predicate == LABEL or family == "pinyin") and rank < name_rank[entity]:
                name_rank[entity], index.lengths[entity] = rank, len(value)
            if family == "pinyin":
                has_pinyin.add(entity)
            elif family == "zh" and predicate == LABEL and KIND_ORDER[index.kinds[entity]] not in ("goal", "theme", "figure"):
                needs_pinyin.setdefault(entity, value)
    for entity, zh in needs_pinyin.items():
        if entity not in has_pinyin:
            add_key(entity, pinyin_key(zh))  # entities minted without a pinyin altLabel still answer pinyin
    index.text = "".join(parts)
    return index


INDEX_FILE = "search-index.pickle"  # beside the store it indexes, written when the store is built


def write_index(lookup: Lookup, directory: Path) -> None:
    """Build the index of a store and keep it in its build directory, so servers load it instead of building
    it (9 s and 400 MB at 10M triples; loading takes a fraction of a second)."""
    target = directory / INDEX_FILE
    partial = target.with_name(target.name + f".{os.getpid()}")
    with partial.open("wb") as f:
        pickle.dump(build_index(lookup), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)


def prepare(lookup: Lookup, directory: Path) -> Index:
    """The index of the store in `directory`: read from its file (ours, written by the build), else built."""

    def load() -> Index:
        try:
            with (directory / INDEX_FILE).open("rb") as f:
                loaded = pickle.load(f)
            if isinstance(loaded, Index):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
        return build_index(lookup)

    return _indexes.get(lookup.store, "index", load)


def index(lookup: Lookup) -> Index:
    return _indexes.get(lookup.store, "index", lambda: build_index(lookup))


def search(lookup: Lookup, query: str, kinds: set[str] | None = None, limit: int = MAX_HITS) -> list[Hit]:
    q = fold_query(query)
    if not q:
        return []
    idx = index(lookup)
    wanted = None if not kinds else {KIND_ORDER.index(k) for k in kinds if k in KIND_ORDER}
    best: dict[int, tuple[int, int]] = {}  # entity → (rank, key)
    at = idx.text.find(q)
    while at >= 0:
        key = bisect_right(idx.key_starts, at) - 1
        entity = idx.key_entity[key]
        if wanted is None or idx.kinds[entity] in wanted:
            rank = idx.rank(key, at, len(q))
            if rank is not None and (entity not in best or rank < best[entity][0]):
                best[entity] = (rank, key)
        at = idx.text.find(q, at + 1)
    top = sorted(best, key=lambda e: (best[e][0], idx.kinds[e], idx.lengths[e], idx.iris[e]))[:limit]
    labeller = Labeller(lookup)
    match = ("exact", "prefix", "substring")
    hits = []
    for e in top:
        rank, key = best[e]
        start = idx.key_starts[key]
        matched = idx.text[start: idx.text.index(SEPARATOR, start)]
        hits.append(Hit(labeller.ref(idx.iris[e]), KIND_ORDER[idx.kinds[e]], match[rank], matched))
    return hits


def suggest(lookup: Lookup, iri: str, limit: int = 8) -> list[Ref]:
    """Near matches for an IRI we do not have: same-kind slugs that look alike, then search hits on the slug."""
    kind, _, slug = iri.removeprefix(str(iris.ID)).partition("/")
    idx = index(lookup)
    of_kind = [i for i, k in zip(idx.iris, idx.kinds) if KIND_ORDER[k] == kind] or idx.iris
    slugs = {i.rsplit("/", 1)[1]: i for i in of_kind}
    close = difflib.get_close_matches(slug or kind, list(slugs), n=limit, cutoff=0.6)
    labeller = Labeller(lookup)
    found = [labeller.ref(slugs[s]) for s in close]
    for hit in search(lookup, slug or kind, limit=limit):
        if all(hit.entity.iri != f.iri for f in found):
            found.append(hit.entity)
    return found[:limit]
