"""A SPARQL 1.1 store over HTTP (OpenLink Virtuoso, or any other), read through the part of `pyoxigraph.Store`'s
interface that the rest of `kg` uses, so pages, documents, search and the endpoint run unchanged on it.

What makes a remote store answer like the embedded one:
- The dataset. The embedded store's default graph is the deduplicated union of the named graphs. `jjkg publish`
  (kg/store/publish.py) writes that union as a graph of its own per publication (`…/graph/union/<stamp>`) and names it
  and the published graphs in a publication record; every query is sent with `default-graph-uri=<union>` and `named-graph-uri=<each published graph>`, unless the
  query (FROM / FROM NAMED) or the protocol request names its own dataset: then that wins, as the protocol says.
  (Virtuoso's own default with neither is every graph it holds, system graphs included, with duplicates.)
- Blank nodes. A store mints new blank nodes per request and never lets a second query find one by label, so the
  published graph has none: `publish` replaces each `_:x` by `<…/.well-known/genid/x>` (RDF 1.1 skolem IRIs), and
  this adapter turns those IRIs back into `_:x` in every answer and `_:x` into the IRI in every lookup. Callers
  that follow a selector's blank node with a second lookup work on both backends.
- Literals. Where a store changes what it was given, the answer is mapped back (Virtuoso: `"1"^^xsd:boolean`
  for true, its own geometry datatype for `geo:wktLiteral`).
- Answers. SELECT/ASK answers are read with pyoxigraph's SPARQL JSON parser, CONSTRUCT/DESCRIBE answers with its
  N-Triples parser: callers get the same `QuerySolutions` / `QueryBoolean` / terms as from pyoxigraph (a graph
  result is a list of triples here).
- Limits. Each query is sent with the store's own timeout (Virtuoso's `timeout=` in ms); an answer the store
  flags as partial (Virtuoso: `X-SQL-State: S1TAT`, "returning incomplete results") becomes QueryTimeout,
  never a silently short result. At most `max_bytes` of an answer are read.
- Round trips. A publication never changes, so a process may remember its answers (`memo_bytes`, for trusted
  reads in the web process: a warm page then asks the store nothing).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from kg.errors import QueryAborted, QueryError, QueryTimeout, StoreError
from kg.graph.namespaces import BASE, GRAPH
from kg.settings import RemoteConfig
from kg.store.sparql_text import NOT_SYNTAX

GENID = BASE + ".well-known/genid/"  # skolem IRIs of the published graph's blank nodes
UNION_GRAPH = str(GRAPH["union"])  # + "/<stamp>": the deduplicated union of a publication's graphs (the embedded default graph)
PUBLICATION_GRAPH = str(GRAPH["publication"])  # the record of what is published (kg/store/publish.py writes it)
EMPTY_GRAPH = str(GRAPH["empty"])  # never written: an empty default graph when the protocol asks for one
PUBLICATION = BASE + "publication"
DCTERMS = "http://purl.org/dc/terms/"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
DEFAULT_GRAPH = BASE + "publication#defaultGraph"  # the publication's union graph
PREVIOUS_DEFAULT_GRAPH = BASE + "publication#previousDefaultGraph"  # kept until the next publication
SPARQL_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
PARTIAL_STATES = ("S1TAT",)  # Virtuoso's "anytime" answer: results cut short by its timeout
POLL_SECONDS = 3.0  # how often a reader checks whether a new publication has replaced the one it reads

FORM_KEYWORD = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
FROM_KEYWORD = re.compile(r"(?<![\w?$:])FROM\b", re.IGNORECASE)
DECLARED_PREFIX = re.compile(r"(?<![\w?$:])PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
BNODE_LABEL_SAFE = re.compile(r"[^A-Za-z0-9_-]")
# Datatypes a store substitutes for ours when it stores a literal: Virtuoso keeps geo:wktLiteral values as its
# own geometry type and answers with that type's IRI. Read back as what was published.
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
BOOLEAN_FORMS = {"1": "true", "0": "false"}
STORE_DATATYPES = {"http://www.openlinksw.com/schemas/virtrdf#Geometry": "http://www.opengis.net/ont/geosparql#wktLiteral"}


# ---------------------------------------------------------------------------------------------------------------
# Skolem IRIs ↔ blank nodes


def skolem(term):
    return ox.NamedNode(GENID + term.value) if isinstance(term, ox.BlankNode) else term


def unskolem(term):
    if isinstance(term, ox.NamedNode) and term.value.startswith(GENID):
        return ox.BlankNode(term.value[len(GENID):])
    if isinstance(term, ox.Literal) and not term.language:
        datatype = STORE_DATATYPES.get(term.datatype.value, term.datatype.value)
        value = _canonical(datatype, term.value)
        if datatype != term.datatype.value or value != term.value:
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
    if isinstance(term, ox.Triple):
        return ox.Triple(unskolem(term.subject), term.predicate, unskolem(term.object))
    return term


def _unskolem_json(value: dict) -> dict:
    kind = value.get("type")
    if "datatype" in value:
        datatype = STORE_DATATYPES.get(value["datatype"], value["datatype"])
        value = {**value, "datatype": datatype, "value": _canonical(datatype, value.get("value", ""))}
    if kind == "uri" and value.get("value", "").startswith(GENID):
        return {"type": "bnode", "value": value["value"][len(GENID):]}
    if kind == "bnode":  # a store's own blank node (e.g. Virtuoso's nodeID://b123): a label pyoxigraph accepts
        return {"type": "bnode", "value": BNODE_LABEL_SAFE.sub("_", value.get("value", "")) or "b"}
    return value


def _canonical(datatype: str, value: str) -> str:
    # Virtuoso keeps booleans as numbers and answers "1"^^xsd:boolean: the canonical form is "true".
    if datatype == XSD_BOOLEAN and value in BOOLEAN_FORMS:
        return BOOLEAN_FORMS[value]
    return value


def _term_sparql(term) -> str:
    term = skolem(term)
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)  # pyoxigraph writes literals in N-Triples syntax, which SPARQL reads


# ---------------------------------------------------------------------------------------------------------------
# The HTTP client: one pooled client per process (query workers are separate processes).

_clients: dict[tuple, httpx.Client] = {}
_clients_lock = threading.Lock()


def client(config: RemoteConfig) -> httpx.Client:
    key = (config.endpoint, config.connect_timeout)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = httpx.Client(timeout=httpx.Timeout(config.query_timeout + 5, connect=config.connect_timeout),
                                         limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
                                         follow_redirects=False, trust_env=False)
        return _clients[key]


@dataclass(frozen=True)
class Publication:
    """What `jjkg publish` recorded: its stamp (the build's), the manifest and the graphs it wrote."""

    stamp: str
    manifest: dict
    graphs: tuple[str, ...]
    union: str = UNION_GRAPH
    previous_union: str | None = None  # the union the previous publication read (replicas may still read it)


class AnswerMemo:
    """Answers already read from one publication, by request: a publication never changes, and a page asks the
    store for the same labels and links again and again (a warm place page made 23 round trips of ~3 ms).
    Bounded in bytes; least recently used answers go first; answers over `largest` bytes are not kept."""

    def __init__(self, max_bytes: int, largest: int = 256 * 1024):
        self.max_bytes = max_bytes
        self.largest = largest
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._answers.get(key)
            if body is not None:
                self._answers.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > self.largest or len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._size -= len(dropped)


class RemoteStore:
    """One publication of a remote store, read like a read-only `pyoxigraph.Store`."""

    def __init__(self, config: RemoteConfig, publication: Publication | None, memo_bytes: int = 0):
        self.config = config
        self.publication = publication
        self._client = client(config)
        self._memo = AnswerMemo(memo_bytes) if memo_bytes and publication is not None else None

    # -- pyoxigraph.Store's reading interface

    def query(self, query: str, *, prefixes: dict[str, str] | None = None, base_iri: str | None = None,
              default_graph=None, named_graphs=None, use_default_graph_as_union: bool = False,
              substitutions=None):
        if substitutions:
            raise StoreError("substitutions are not supported by the remote store")  # no caller uses them
        text = _prologue(query, prefixes, base_iri) + query
        form = query_form(query)
        params: list[tuple[str, str]] = [("query", text)]
        params += self._dataset(query, default_graph, named_graphs, use_default_graph_as_union)
        params.append(("timeout", str(max(1, int(self.config.query_timeout * 1000)))))
        accept = NTRIPLES if form in ("CONSTRUCT", "DESCRIBE") else SPARQL_JSON
        body = self._post(params, accept)
        if form in ("CONSTRUCT", "DESCRIBE"):
            try:
                return [unskolem(q.triple) for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            except SyntaxError as exc:
                raise StoreError(f"the store at {self.config.endpoint} sent N-Triples that cannot be read: {exc}") from None
        try:
            document = json.loads(body)
            if "results" in document:
                for row in document["results"].get("bindings", []):
                    for name, value in row.items():
                        row[name] = _unskolem_json(value)
            return ox.parse_query_results(json.dumps(document).encode(), format=ox.QueryResultsFormat.JSON)
        except (ValueError, SyntaxError, AttributeError, TypeError) as exc:
            raise StoreError(f"the store at {self.config.endpoint} sent results that cannot be read: {exc}") from None

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None) -> list[ox.Quad]:
        terms = []
        for name, term in (("s", subject), ("p", predicate), ("o", object)):
            terms.append(f"?{name}" if term is None else _term_sparql(term))
        pattern = " ".join(terms)
        wanted = [n for n, t in (("s", subject), ("p", predicate), ("o", object)) if t is None]
        if graph_name is None or isinstance(graph_name, ox.DefaultGraph):
            where = f"{{ {pattern} }}"
        else:
            where = f"{{ GRAPH {_term_sparql(graph_name)} {{ {pattern} }} }}"
        variables = " ".join(f"?{n}" for n in wanted) or "*"
        if not wanted:
            found = self.query(f"ASK {where}")
            rows = [{}] if bool(found) else []
        else:
            rows = list(self.query(f"SELECT {variables} WHERE {where}"))
        graph = ox.DefaultGraph() if graph_name is None else graph_name
        return [ox.Quad(subject if subject is not None else row["s"],
                        predicate if predicate is not None else row["p"],
                        object if object is not None else row["o"], graph) for row in rows]

    def named_graphs(self) -> list[ox.NamedNode]:
        return [ox.NamedNode(g) for g in (self.publication.graphs if self.publication else ())]

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
        return int(rows[0]["n"].value)

    # -- internals

    def _dataset(self, query: str, default_graph, named_graphs, union: bool) -> list[tuple[str, str]]:
        if default_graph is not None or named_graphs is not None:  # the protocol request names the dataset
            defaults = [g.value for g in (default_graph or []) if isinstance(g, ox.NamedNode)]
            named = [g.value for g in (named_graphs or [])]
            return ([("default-graph-uri", g) for g in defaults or [EMPTY_GRAPH]] +
                    [("named-graph-uri", g) for g in named or [EMPTY_GRAPH]])
        if FROM_KEYWORD.search(NOT_SYNTAX.sub(" ", query)):
            return []  # the query names its own dataset
        if self.publication is None:
            return []
        return ([("default-graph-uri", self.publication.union)] +
                [("named-graph-uri", g) for g in self.publication.graphs])

    def _post(self, params: list[tuple[str, str]], accept: str) -> bytes:
        if self._memo is None:
            return self._fetch(params, accept)
        key = (tuple(params), accept)
        body = self._memo.get(key)
        if body is None:
            body = self._fetch(params, accept)
            self._memo.put(key, body)
        return body

    def _fetch(self, params: list[tuple[str, str]], accept: str) -> bytes:
        url = self.config.endpoint
        try:
            body = urlencode(params).encode("ascii")
            headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
            with self._client.stream("POST", url, content=body, headers=headers) as answer:
                if answer.status_code >= 400:
                    detail = _first_line(answer.read()[:2000])
                    if 400 <= answer.status_code < 500 and answer.status_code not in (401, 403, 404, 408, 429):
                        raise QueryError(f"the store refused the query: {detail}")
                    raise StoreError(f"the store at {url} answered {answer.status_code}: {detail}")
                state = answer.headers.get("x-sql-state", "")
                if state in PARTIAL_STATES:
                    raise QueryTimeout(f"the query ran past its {self.config.query_timeout:g} s deadline in the store "
                                       f"and was stopped")
                if state:  # Virtuoso flags nothing on a whole answer: any other state is an answer not to trust
                    message = answer.headers.get("x-sql-message", "")[:200]
                    raise StoreError(f"the store at {url} flagged its answer ({state}: {message})")
                chunks, size = [], 0
                for chunk in answer.iter_bytes():
                    size += len(chunk)
                    if size > self.config.max_bytes:
                        raise QueryAborted(f"the store's answer is larger than {self.config.max_bytes // 2**20} MB, "
                                           f"the most this service reads; the query was stopped")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TimeoutException:
            raise QueryTimeout(f"the store at {url} did not answer within the deadline") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the store at {url}: {exc}") from None


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return text.splitlines()[0][:300] if text else "(no message)"


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside strings, IRIs and comments."""
    found = FORM_KEYWORD.search(NOT_SYNTAX.sub(" ", query))
    return found[1].upper() if found else "SELECT"


def _prologue(query: str, prefixes: dict[str, str] | None, base_iri: str | None) -> str:
    """PREFIX lines for the prefixes the query does not declare itself, and BASE (the query's own comes later
    and wins)."""
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    if prefixes:
        declared = {m[1] or "" for m in DECLARED_PREFIX.finditer(NOT_SYNTAX.sub(" ", query))}
        lines += [f"PREFIX {p}: <{iri}>" for p, iri in prefixes.items() if p not in declared]
    return "\n".join(lines) + "\n" if lines else ""


# ---------------------------------------------------------------------------------------------------------------
# The current publication, checked at most every POLL_SECONDS


def read_publication(config: RemoteConfig) -> Publication | None:
    store = RemoteStore(config, None)
    rows = list(store.query(f"""SELECT ?stamp ?manifest ?graph ?union ?previous WHERE {{ GRAPH <{PUBLICATION_GRAPH}> {{
        <{PUBLICATION}> <{DCTERMS}identifier> ?stamp ; <{RDF_VALUE}> ?manifest ; <{DCTERMS}hasPart> ?graph ;
                        <{DEFAULT_GRAPH}> ?union .
        OPTIONAL {{ <{PUBLICATION}> <{PREVIOUS_DEFAULT_GRAPH}> ?previous }} }} }}"""))
    if not rows:
        return None
    try:
        manifest = json.loads(rows[0]["manifest"].value)
    except ValueError:
        raise StoreError(f"the publication record in {config.endpoint} is not readable") from None
    previous = rows[0]["previous"]
    return Publication(rows[0]["stamp"].value, manifest, tuple(sorted({r["graph"].value for r in rows})),
                       rows[0]["union"].value, previous.value if previous is not None else None)


class RemoteBackend:
    """The store a process reads: the same RemoteStore object until a new publication replaces it, so that
    everything cached per store object (kg.store.lookup.StoreCache, the answer memo) is made again for new data."""

    def __init__(self, config: RemoteConfig, memo_bytes: int = 0):
        self.config = config
        self.memo_bytes = memo_bytes
        self._lock = threading.Lock()
        self._store: RemoteStore | None = None
        self._checked = 0.0

    def store(self) -> RemoteStore:
        with self._lock:
            now = time.monotonic()
            if self._store is None or now - self._checked >= POLL_SECONDS:
                publication = read_publication(self.config)
                if publication is None and self._store is not None:
                    return self._store  # the record is being replaced (one request, two operations): keep reading
                if publication is None:
                    raise StoreError(f"nothing has been published to {self.config.endpoint} yet: run "
                                     f"`jjkg publish --to {self.config.endpoint}`")
                if self._store is None or self._store.publication.stamp != publication.stamp:
                    self._store = RemoteStore(self.config, publication, self.memo_bytes)
                self._checked = now
            return self._store

    def recent_stamp(self) -> str | None:
        """The stamp of the publication read, if it was checked within the poll interval; None otherwise. Never
        waits for the lock or the network: a stale answer here is at most one poll interval old, as `store()`'s."""
        store, checked = self._store, self._checked
        if store is None or time.monotonic() - checked >= POLL_SECONDS:
            return None
        return store.publication.stamp
