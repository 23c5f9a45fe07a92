"""`jjkg publish --to URL`: load the published local build into a SPARQL 1.1 store, report by report as named
graphs, in batches, resumably, so that readers never see a half-written publication.

How:
- Each named graph of the build's dataset.nq (each report, reference, ontology, derived) is sent with SPARQL Update
  `INSERT DATA` in batches of `batch` triples into a *staging* graph named after the build
  (`…/graph/staging/<stamp>/<n>`); the deduplicated union of them all (what the embedded store has as its default
  graph) goes, the same way, straight into a graph of this publication's own, `…/graph/union/<stamp>`. Readers
  never see any of these while batches go: their dataset is the union and the graphs named by the current
  publication record (kg.store.remote), and nothing here touches those.
- Blank nodes become skolem IRIs (kg.store.remote.GENID + label): `INSERT DATA` makes new blank nodes per request, so
  a selector and the passage pointing at it would otherwise fall apart across batches; kg.store.remote turns them back
  into the same blank nodes when reading.
- Progress is recorded after every batch in a local state file (var/publish/<store>.json: the build's stamp and
  the batches sent per graph). An interrupted or failed publish, run again for the same build, goes on at the
  first batch not recorded as sent; a batch sent twice changes nothing (a store holds a set of triples).
- When every batch is in: each staging graph is moved onto its final name (`MOVE`, one request per graph, so each
  stays a small transaction: Virtuoso refuses a transaction whose log passes its `TransactionAfterImageLimit`,
  as one request moving a million triples did), then the publication record (kg.store.remote.PUBLICATION_GRAPH: stamp,
  manifest, graph list, union graph) is replaced in one request: that switches every reader's default graph at
  once. The previous union is kept (replicas read it until they see the new record); the one before it, and any
  graph the new publication no longer has, are cleared, in batches (large DROPs hit the same limit).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.errors import KGError, StoreError
from kg.settings import RemoteConfig
from kg.store import embedded as store_mod
from kg.store import remote

BATCH_TRIPLES = 2000
STATE_DIR = "publish"


@dataclass(frozen=True)
class Plan:
    """Every graph to send, each as a list of N-Triples lines (skolemized), in a fixed order; the union last."""

    stamp: str
    manifest: dict
    graphs: dict[str, list[str]]  # final graph IRI → lines; the union graph last

    def batches(self, size: int) -> list[tuple[str, int, list[str]]]:
        out = []
        for graph, lines in self.graphs.items():
            for i in range(0, len(lines), size):
                out.append((graph, i // size, lines[i:i + size]))
        return out

    @property
    def union(self) -> str:
        return union_graph(self.stamp)


def plan(published: store_mod.Published, stamp: str | None = None) -> Plan:
    """Read the build's N-Quads once: per named graph, and their union, each triple once. The publication is
    named after the build directory unless `stamp` is given."""
    path = published.path / store_mod.DUMP
    graphs: dict[str, dict[str, None]] = {}
    union: dict[str, None] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            line = _ntriple(quad)
            if isinstance(quad.graph_name, ox.DefaultGraph):
                union.setdefault(line)  # a default-graph triple of the build: only in the union
                continue
            graphs.setdefault(quad.graph_name.value, {}).setdefault(line)
            union.setdefault(line)
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"cannot read the build's quads: {exc}", file=path) from None
    stamp = stamp or published.path.name
    ordered = {g: list(graphs[g]) for g in sorted(graphs)}
    ordered[union_graph(stamp)] = list(union)
    return Plan(stamp, published.manifest, ordered)


def union_graph(stamp: str) -> str:
    return f"{remote.UNION_GRAPH}/{stamp}"


def _ntriple(quad: ox.Quad) -> str:
    t = ox.Triple(remote.skolem(quad.subject), quad.predicate, remote.skolem(quad.object))
    return str(t) + " ."


def staging_graph(stamp: str, index: int) -> str:
    return f"{remote.GRAPH}staging/{stamp}/{index}"


class Publisher:
    def __init__(self, config: RemoteConfig, var_dir: Path, batch: int = BATCH_TRIPLES):
        if not config.update:
            raise KGError("no update endpoint: give --update URL or set JJKG_STORE_UPDATE (Virtuoso: "
                          "http://host:port/sparql-auth, with --user/--password)")
        self.config = config
        self.batch = batch
        self.state_path = var_dir / STATE_DIR / (hashlib.sha1(config.update.encode()).hexdigest()[:16] + ".json")
        self.client = httpx.Client(timeout=httpx.Timeout(300, connect=config.connect_timeout), trust_env=False)

    def publish(self, work: Plan, progress: Callable[[int, int], None] | None = None) -> dict:
        """Send every batch not yet sent, then switch. Returns figures for the CLI."""
        started = time.perf_counter()
        current = remote.read_publication(self.config)
        if current is not None and current.stamp == work.stamp:
            return {"stamp": work.stamp, "already": True, "sent": 0, "batches": 0, "seconds": 0.0}
        state = self._state(work)
        names = list(work.graphs)
        batches = work.batches(self.batch)
        done = sum(1 for g, i, _ in batches if i < state["sent"].get(g, 0))
        if progress:
            progress(done, len(batches))
        sent = 0
        for graph, index, lines in batches:
            if index < state["sent"].get(graph, 0):
                continue
            target = graph if graph == work.union else staging_graph(work.stamp, names.index(graph))
            self._update(f"INSERT DATA {{ GRAPH <{target}> {{\n" + "\n".join(lines) + "\n} }",
                         f"batch {index + 1} of graph {graph}")
            state["sent"][graph] = index + 1
            self._save(state)
            sent += 1
            done += 1
            if progress:
                progress(done, len(batches))
        self._switch(work, names, current, state)
        self.state_path.unlink(missing_ok=True)
        return {"stamp": work.stamp, "already": False, "sent": sent, "batches": len(batches),
                "triples": sum(len(v) for g, v in work.graphs.items() if g != work.union),
                "union": len(work.graphs[work.union]), "graphs": len(names) - 1,
                "seconds": round(time.perf_counter() - started, 2)}

    # -- internals

    def _state(self, work: Plan) -> dict:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = None
        if state and state.get("stamp") == work.stamp and state.get("batch") == self.batch:
            return state
        if state and state.get("stamp"):  # an older build's publish was left half done: its graphs go
            for i in range(int(state.get("graphs", 0))):
                self._clear(staging_graph(state["stamp"], i))
            self._clear(union_graph(state["stamp"]))
        state = {"stamp": work.stamp, "batch": self.batch, "graphs": len(work.graphs), "sent": {}}
        # Graphs of this stamp may hold batches that were sent but not recorded: start them empty.
        for i, graph in enumerate(work.graphs):
            self._clear(graph if graph == work.union else staging_graph(work.stamp, i))
        self._save(state)
        return state

    def _clear(self, graph: str, batch: int = 20_000) -> None:
        """Empty a graph in transactions of at most `batch` triples (one DROP of a large graph can be refused)."""
        probe = remote.RemoteStore(self.config, None)
        while bool(probe.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")):
            self._update(f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE "
                         f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT {batch} }} }}", f"clearing {graph}")

    def _save(self, state: dict) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(state), encoding="utf-8")
        os.replace(partial, self.state_path)

    def _switch(self, work: Plan, names: list[str], previous: remote.Publication | None, state: dict) -> None:
        published = [g for g in names if g != work.union]
        moved = state.setdefault("moved", [])
        for i, graph in enumerate(names):
            # Recorded, because a MOVE from a graph already moved would empty its target (MOVE = DROP target,
            # copy, DROP source): a publish stopped half-way through the moves resumes after the last one.
            if graph != work.union and graph not in moved:
                self._update(f"MOVE SILENT GRAPH <{staging_graph(work.stamp, i)}> TO GRAPH <{graph}>",
                             f"moving {graph} into place")
                moved.append(graph)
                self._save(state)
        issued = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        record = [f"<{remote.PUBLICATION}> <{remote.DCTERMS}identifier> {_literal(work.stamp)}",
                  f"<{remote.PUBLICATION}> <{remote.DCTERMS}issued> "
                  f"\"{issued}\"^^<http://www.w3.org/2001/XMLSchema#dateTime>",
                  f"<{remote.PUBLICATION}> <{remote.DEFAULT_GRAPH}> <{work.union}>",
                  f"<{remote.PUBLICATION}> <{remote.RDF_VALUE}> {_literal(json.dumps(work.manifest, ensure_ascii=False))}"]
        record += [f"<{remote.PUBLICATION}> <{remote.DCTERMS}hasPart> <{g}>" for g in published]
        if previous is not None and previous.union != work.union:
            record.append(f"<{remote.PUBLICATION}> <{remote.PREVIOUS_DEFAULT_GRAPH}> <{previous.union}>")
        self._update(f"DROP SILENT GRAPH <{remote.PUBLICATION_GRAPH}> ;\nINSERT DATA {{ GRAPH "
                     f"<{remote.PUBLICATION_GRAPH}> {{ " + " . ".join(record) + " } }",
                     "switching to the new publication")
        if previous is not None:
            # The previous union stays until the next publication: replicas read it until they see the new record
            # (kg.store.remote.POLL_SECONDS). The one before it goes now, and graphs no report has any more.
            if previous.previous_union and previous.previous_union not in (work.union, previous.union):
                self._clear(previous.previous_union)
            for graph in previous.graphs:
                if graph not in names:
                    self._clear(graph)

    def _update(self, text: str, what: str) -> None:
        url = self.config.update
        try:
            answer = self.client.post(url, data={"update": text}, auth=self.config.auth())
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach {url} ({what}): {exc}; run `jjkg publish` again to resume") from None
        if answer.status_code == 401:
            raise StoreError(f"{url} refused the credentials (401) at {what}: give --user/--password or "
                             f"JJKG_STORE_USER/JJKG_STORE_PASSWORD")
        if answer.status_code >= 400:
            detail = answer.text.strip().splitlines()[0][:300] if answer.text.strip() else "(no message)"
            raise StoreError(f"{url} answered {answer.status_code} at {what}: {detail}; run `jjkg publish` "
                             f"again to resume")


def _literal(value: str) -> str:
    return str(ox.Literal(value))
