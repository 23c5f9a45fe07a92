"""An entity's framed JSON-LD document, built straight from its triples: the same document, byte for byte, as
`jsonld.entity_document` (pyld's `from_rdf`, then `frame` with @once embedding, then compaction).

Why: pyld is pure Python and general, and its framing was most of the cost of a cold document (6–33 ms, a
quadratic duplicate check on the N-Quads it re-parses, every node expanded twice, every IRI compacted through the
inverse context). Our documents use a small part of JSON-LD: one graph, no lists, one frame. So this module
replays pyld's steps for that part only, keeping each of its orderings and quirks, which decide the bytes:

1. node map (`_from_rdf` + `expand` + `_create_node_map`): values in triple order, duplicates dropped by pyld's
   comparison (so "1"^^xsd:integer and "01"^^xsd:integer are one value once native), language tags lowercased,
   blank nodes renamed _:b0, _:b1, ... in the order pyld meets them (subjects sorted by their N-Triples label,
   then properties sorted, then values in order);
2. framing (`_match_frame`): the entity first, properties in sorted order, each node embedded the first time it
   is met and a reference after that, a node on the path above written as a reference; then incoming links
   (@reverse) for every property in sorted order, subjects in sorted order, each of them framed as a fresh
   top-level match (pyld resets its record of embedded nodes there, and a typo, `'embeded'`, keeps them
   "not embedded"), so a node embedded under the entity is embedded again under an incoming subject;
   a blank node written once loses its identifier, one written twice keeps it;
3. compaction (`_compact`): keys in sorted order of their expanded IRIs (so "id", then the reverse terms, then
   "type", then properties by IRI), a single value bare, several as an array, language maps, typed values
   bare where the term says their type. Term choice and value compaction are pyld's own functions, remembered
   for each shape of value (they depend on the property and the value's kind, type and language only).

Anything outside that part (lists, RDF-star, JSON literals, a literal "@null", a blank node as a type, a
literal where an incoming-link property expects a node, a term with a container other than a language map)
raises Unsupported, and `entity_document` falls back to pyld. tests/test_jsonld_fast.py compares both for
every entity of the real graph, byte for byte; pyld stays the oracle.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from pyld import jsonld as pyld
from pyld.context_resolver import ContextResolver

from kg.views import jsonld

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
RDF_JSON = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# The frame's incoming-link properties, in the order pyld visits them (sorted expanded IRIs).
REVERSE_PROPS = sorted(jsonld.REVERSE_IRIS)


class Unsupported(Exception):
    """The triples use JSON-LD this builder does not replay; pyld frames them instead."""


class _Context:
    """Our context as pyld processes it, and pyld's compaction choices, remembered per shape of value."""

    def __init__(self) -> None:
        self.proc = pyld.JsonLdProcessor()
        self.options = {"base": "", "documentLoader": jsonld.document_loader, "processingMode": "json-ld-1.1",
                        "contextResolver": ContextResolver({}, jsonld.document_loader)}
        initial = self.proc._get_initial_context(self.options)
        self.active = self.proc.process_context(initial, jsonld.context(), self.options)
        self.inverse = self.proc._get_inverse_context(self.active)
        self.mappings = self.active["mappings"]
        self.id_alias = self.proc._compact_iri(self.active, "@id")
        self.type_alias = self.proc._compact_iri(self.active, "@type")
        self.value_alias = self.proc._compact_iri(self.active, "@value")
        self.none_alias = self.proc._compact_iri(self.active, "@none")
        # Every IRI a CURIE could start with; an IRI starting with none of them compacts to itself.
        self.prefix_iris = tuple({d["@id"] for t, d in self.mappings.items()
                                  if d and d.get("@id") and ":" not in t})
        self.terms: dict = {}
        self.values: dict = {}
        self.vocab: dict = {}
        self.is_term_memo: dict = {}
        self.rules: dict = {}

    def rule(self, term: str | None) -> tuple:
        """(type, container, is reverse) of a term; Unsupported for what we do not replay."""
        if term not in self.rules:
            get = pyld.JsonLdProcessor.get_context_value
            # pyld arrayifies a missing container to [None], which it treats as none
            container = [c for c in pyld.JsonLdProcessor.arrayify(get(self.active, term, "@container")) if c]
            mapping = self.mappings.get(term) or {}
            if container not in ([], ["@language"]) or "@context" in mapping or "@nest" in mapping \
                    or "@index" in mapping:
                raise Unsupported(f"term {term} has container {container}")
            self.rules[term] = (get(self.active, term, "@type"), container, bool(mapping.get("reverse")))
        return self.rules[term]

    def compact_id(self, iri: str) -> str:
        """An @id as pyld writes it (vocab=False): whole, unless a vocabulary prefix makes a CURIE."""
        if not iri.startswith(self.prefix_iris) and iri.split(":", 1)[0] not in self.mappings:
            return iri
        return self.compact_vocab(iri, vocab=False)

    def compact_vocab(self, iri: str, vocab: bool = True) -> str:
        key = (iri, vocab)
        found = self.vocab.get(key)
        if found is None:
            if len(self.vocab) > 50_000:  # vocabulary IRIs are few; entity IRIs come and go
                self.vocab.clear()
            found = self.vocab[key] = self.proc._compact_iri(self.active, iri, vocab=vocab, base="")
        return found

    def is_term(self, iri: str) -> bool:
        """pyld's test in _select_term: does the IRI compact to a term defined as exactly it?"""
        if iri not in self.inverse:
            return False  # compacts to a CURIE or itself, and no term has a colon
        if iri not in self.is_term_memo:
            term = self.proc._compact_iri(self.active, iri, None, vocab=True)
            mapping = self.mappings.get(term)
            self.is_term_memo[iri] = bool(term is not None and mapping and mapping["@id"] == iri)
        return self.is_term_memo[iri]

    def term(self, prop: str, item: dict, reverse: bool) -> str:
        """The key a value of `prop` is written under (pyld's _compact_iri with the value)."""
        if "@value" in item:
            shape = ("v", item.get("@type"), item.get("@language"), len(item))
        else:
            shape = ("n", self.is_term(item["@id"]) if "@id" in item else None)
        key = (prop, reverse, shape)
        found = self.terms.get(key)
        if found is None:
            found = self.terms[key] = self.proc._compact_iri(self.active, prop, item, vocab=True, reverse=reverse)
        return found

    def value(self, term: str | None, item: dict):
        """A value object compacted under a term (pyld's _compact_value): bare, or a small object."""
        raw = item["@value"]
        key = (term, item.get("@type"), item.get("@language"), len(item), type(raw))
        template = self.values.get(key)
        if template is None:
            out = self.proc._compact_value(self.active, term, item, self.options)
            if isinstance(out, dict):
                if list(out)[-1] != self.value_alias or out[self.value_alias] is not raw:
                    raise Unsupported(f"value compaction {out}")
                template = [(k, v) for k, v in out.items() if k != self.value_alias]
            else:
                if out is not raw:
                    raise Unsupported(f"value compaction {out}")
                template = ()
            self.values[key] = template
        if template == ():
            return raw
        out = dict(template)
        out[self.value_alias] = raw
        return out


_ctx: _Context | None = None


def _context() -> _Context:
    global _ctx
    if _ctx is None:
        _ctx = _Context()
    return _ctx


_PROC = pyld.JsonLdProcessor()


def _label(term) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    raise Unsupported(f"not a node: {term}")


def _literal(o: ox.Literal) -> dict:
    """pyld's _rdf_to_object with native types, then expansion's lowercasing of language tags."""
    if o.language:
        return {"@value": o.value, "@language": o.language.lower()}
    datatype = o.datatype.value
    if datatype == RDF_JSON:
        raise Unsupported("rdf:JSON literal")
    rdf = {"type": "literal", "value": o.value, "datatype": None if datatype == XSD_STRING else datatype}
    value = _PROC._rdf_to_object(rdf, True, None)
    if value["@value"] == "@null":
        raise Unsupported('a literal "@null" (pyld drops it)')
    return value


def _value_key(v: dict) -> tuple:
    """Equal keys for the values pyld's compare_values calls equal (True is not 1; 1 is 1.0)."""
    if "@id" in v:
        return ("id", v["@id"])
    raw = v["@value"]
    return ("v", isinstance(raw, bool), raw, v.get("@type"), v.get("@language"))


def node_map(triples: Iterable[ox.Triple]) -> dict[str, dict]:
    """The merged node map pyld frames, keyed and ordered by (renamed) identifier."""
    by_subject: dict[str, dict[str, list]] = {}
    for t in triples:
        s, p, o = _label(t.subject), t.predicate.value, t.object
        props = by_subject.setdefault(s, {})
        if isinstance(o, ox.Literal):
            props.setdefault(p, []).append(_literal(o))
            continue
        oid = _label(o)
        if oid == RDF_NIL:
            raise Unsupported("an RDF list")
        if p == RDF_TYPE:
            if oid.startswith("_:"):
                raise Unsupported("a blank node as a type")
            props.setdefault("@type", []).append(oid)
        else:
            props.setdefault(p, []).append({"@id": oid})

    renamed: dict[str, str] = {}

    def rename(label: str) -> str:
        if not label.startswith("_:"):
            return label
        if label not in renamed:
            renamed[label] = f"_:b{len(renamed)}"
        return renamed[label]

    graph: dict[str, dict] = {}
    for s in sorted(by_subject):
        sid = rename(s)
        node = graph.setdefault(sid, {"@id": sid})
        props = by_subject[s]
        for p in sorted(props):
            values = node.setdefault(p, [])
            seen = {v if p == "@type" else _value_key(v) for v in values}
            for v in props[p]:
                if p == "@type":
                    key = v
                elif "@id" in v:
                    oid = rename(v["@id"])
                    graph.setdefault(oid, {"@id": oid})
                    v = {"@id": oid}
                    key = ("id", oid)
                else:
                    key = _value_key(v)
                if key not in seen:
                    seen.add(key)
                    values.append(v)
    return dict(sorted(graph.items()))


class _Framer:
    """pyld's _match_frame for our frame: the entity, then its incoming links, with @once embedding."""

    def __init__(self, graph: dict[str, dict]):
        self.graph = graph
        self.stack: list[str] = []
        self.bnode_outputs: dict[str, int] = {}

    def match(self, id_: str, embedded: dict, nested: bool, reverse_of: str | None = None) -> dict:
        subject = self.graph[id_]
        output = {"@id": id_}
        if id_.startswith("_:"):
            self.bnode_outputs[id_] = self.bnode_outputs.get(id_, 0) + 1
        # A node on the path above (not counting the parent) or already embedded here: a reference.
        if nested and (id_ in self.stack[:-1] or id_ in embedded):
            return output
        embedded[id_] = True
        self.stack.append(id_)
        for prop in sorted(subject):
            objects = subject[prop]
            if prop.startswith("@"):
                output[prop] = objects
                continue
            out = output[prop] = []
            for o in objects:
                out.append(self.match(o["@id"], embedded, True) if "@id" in o else o)
        if reverse_of is not None:
            for prop in REVERSE_PROPS:
                for sid, node in self.graph.items():
                    values = node.get(prop, ())
                    if any(v["@id"] == id_ for v in values):
                        # Each incoming subject is a top-level match in pyld: nothing counts as embedded yet.
                        output.setdefault("@reverse", {}).setdefault(prop, []).append(self.match(sid, {}, False))
        self.stack.pop()
        return output


def _check_reverse_values(graph: dict[str, dict]) -> None:
    for node in graph.values():
        for prop in REVERSE_PROPS:
            for v in node.get(prop, ()):
                if "@id" not in v:
                    raise Unsupported("a literal on an incoming-link property (pyld fails on it)")


class _Compactor:
    def __init__(self, ctx: _Context, cleared: set[str]):
        self.ctx = ctx
        self.cleared = cleared

    def compact(self, term: str | None, element: dict):
        ctx = self.ctx
        if "@id" in element and element["@id"] in self.cleared:
            element = {k: v for k, v in element.items() if k != "@id"}  # pyld's pruned blank node identifier
        if "@value" in element:
            return ctx.value(term, element)
        if "@id" in element and len(element) == 1:  # a node reference
            type_ = ctx.rule(term)[0]
            compacted = ctx.compact_vocab(element["@id"]) if type_ == "@vocab" else ctx.compact_id(element["@id"])
            return compacted if type_ in ("@id", "@vocab") else {ctx.id_alias: compacted}
        out: dict = {}
        for key in sorted(element):
            values = element[key]
            if key == "@id":
                out[ctx.id_alias] = ctx.compact_id(values)
            elif key == "@type":
                types = [ctx.compact_vocab(t) for t in values]
                out[ctx.type_alias] = types[0] if len(types) == 1 else types
            elif key == "@reverse":
                for prop in sorted(values):
                    for item in values[prop]:
                        name = ctx.term(prop, item, True)
                        if not ctx.rule(name)[2]:
                            raise Unsupported(f"no reverse term for {prop}")
                        self.add(out, name, self.compact(name, item))
            else:
                for item in values:
                    name = ctx.term(key, item, False)
                    container = ctx.rule(name)[1]
                    compacted = self.compact(name, item)
                    if container:  # a language map
                        if isinstance(compacted, dict) and "@value" in compacted:
                            compacted = compacted["@value"]
                        self.add(out.setdefault(name, {}), item.get("@language") or ctx.none_alias, compacted)
                    else:
                        self.add(out, name, compacted)
        return out

    @staticmethod
    def add(target: dict, key: str, value) -> None:
        """pyld's add_value without propertyIsArray: one value bare, a second makes an array."""
        if key not in target:
            target[key] = value
        elif isinstance(target[key], list):
            target[key].append(value)
        else:
            target[key] = [target[key], value]


def entity_document(iri: str, triples: Iterable[ox.Triple]) -> dict:
    """The document `jsonld.entity_document` makes of these triples, without pyld; Unsupported if they use
    JSON-LD this module does not replay."""
    if iri.startswith("_:"):
        raise Unsupported("a blank node entity")
    graph = node_map(triples)
    if iri not in graph:
        raise Unsupported("the entity is in none of the triples")
    _check_reverse_values(graph)
    framer = _Framer(graph)
    root = framer.match(iri, {}, False, reverse_of=iri)
    cleared = {b for b, n in framer.bnode_outputs.items() if n == 1}
    compacted = _Compactor(_context(), cleared).compact(None, root)
    return {"@context": jsonld.CONTEXT_URL, **compacted}


def document(triples: Iterable[ox.Triple]) -> dict:
    """`jsonld.compact(jsonld.from_triples(triples))`, the document of a set of triples (not framed: every subject a
    node of its own, under "@graph" when there are several), compacted by `_Compactor` instead of pyld when the
    triples use only what it replays: pyld's compaction of the dataset's description cost ~260 ms at 500 reports
    (/dumps, /dumps.jsonld), growing with the reports and graphs it lists. tests/test_jsonld_triples.py compares both."""
    expanded = jsonld.from_triples(triples)
    try:
        nodes = [_Compactor(_context(), set()).compact(None, node) for node in expanded]
    except Unsupported:
        return jsonld.compact(expanded)
    if len(nodes) == 1:
        return {"@context": jsonld.CONTEXT_URL, **nodes[0]}
    if not nodes:
        return {"@context": jsonld.CONTEXT_URL}
    ctx = _context()
    return {"@context": jsonld.CONTEXT_URL, ctx.proc._compact_iri(ctx.active, "@graph"): nodes}
