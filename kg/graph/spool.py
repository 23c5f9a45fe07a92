"""The graph's serialisation, written to files a graph at a time as a build makes them (issue 14), so that no whole
corpus is held in memory as bytes either: `dump`, the named graphs' N-Quads (the dump's very lines), and `union`,
the same triples without their graph names as N-Triples (the store's default graph, the union of the graphs).

A triple stated in two graphs is two lines of `union`: the store and the SHACL engine both read a set, so it is one
triple in either (tests/test_stream.py). Blank node labels are minted per report (kg/graph/emit.py), so no blank node
is in two graphs, and each file can be bulk-loaded in pieces of whole graphs (`pieces`: a loader renames blank nodes
per document and holds what it loads until it writes it).

The store is filled from `pieces_both`: each piece a run of graphs' quads followed by their triples as the default
graph's, so that a blank node and its copy in the default graph are one node of the store; and the spool keeps each
named graph's hash (`graphs`, written to the manifest) and where it is, so that the next build can fill its store from
this one by removing and loading only the graphs whose hash changed (`graph_nquads`, kg/store/embedded.py
`write_changes`; issue 14).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from kg.graph.validate import union_ntriples

# Bytes of a file given to a bulk loader at once (`Spool.pieces`): pyoxigraph holds what it loads until it writes it,
# about three times its text; a piece of this size keeps that small whatever the corpus.
PIECE_BYTES = 16 * 2**20


class Spool:
    def __init__(self, folder: Path):
        self.dump = folder / "dataset.nq"
        self.union = folder / "union.nt"
        self.quads = 0  # lines of `dump`: a quad each (N-Quads escapes line breaks)
        self.lines = 0  # lines of `union`: triples, each once per graph stating it
        self._sizes: list[tuple[int, int]] = []  # bytes of each addition in `dump` and in `union`
        # Each named graph's content hash (`graph_hashes`) and the addition holding it; None once a graph is found in
        # two additions or a triple outside any named graph: a store cannot then be filled graph by graph.
        self.graphs: dict[str, str] | None = {}
        self._addition: dict[str, int] = {}
        self._bytes: dict[str, int] = {}  # each named graph's bytes of `dump`
        self._dump = self.dump.open("wb")
        self._union = self.union.open("wb")

    def add(self, nquads: bytes) -> bytes:
        """The N-Quads of one or more whole named graphs (rdflib's serialisation of a dataset, which ends with an empty
        line: left out, so that the dump is a quad a line). Returns their triples as N-Triples."""
        nquads = nquads.strip(b"\n") + b"\n" if nquads.strip(b"\n") else b""
        triples = union_ntriples(nquads)
        self._dump.write(nquads)
        self._union.write(triples)
        self._sizes.append((len(nquads), len(triples)))
        self._hash(nquads)
        self.quads += nquads.count(b"\n")
        self.lines += triples.count(b"\n")
        return triples

    def replace(self, nquads: bytes) -> None:
        """Everything written so far replaced by the N-Quads of a whole dataset."""
        for f in (self._dump, self._union):
            f.seek(0)
            f.truncate()
        self.quads = self.lines = 0
        self._sizes = []
        self.graphs, self._addition, self._bytes = {}, {}, {}
        self.add(nquads)

    def _hash(self, nquads: bytes) -> None:
        if self.graphs is None or not nquads:
            return
        found = graph_hashes(nquads)
        if found is None or found.keys() & self.graphs.keys():
            self.graphs = None
            return
        self.graphs.update((name, digest) for name, (digest, _size) in found.items())
        self._bytes.update((name, size) for name, (_digest, size) in found.items())
        self._addition.update(dict.fromkeys(found, len(self._sizes) - 1))

    def size_of(self, name: str) -> int:
        """Bytes of `dump` holding the named graph `name`."""
        return self._bytes[name]

    def graph_nquads(self, names: set[str]) -> Iterator[bytes]:
        """The N-Quads of the named graphs `names` (N-Quads, complete) followed by their triples as the default
        graph's, in one piece per addition holding any of them: loaded in one go, a blank node of a graph and its copy
        in the default graph are one node (a loader renames blank nodes per document)."""
        assert self._addition is not None
        wanted = sorted({self._addition[name] for name in names})
        starts = [0]
        for dump, _union in self._sizes:
            starts.append(starts[-1] + dump)
        with self.dump.open("rb") as f:
            for index in wanted:
                f.seek(starts[index])
                text = f.read(self._sizes[index][0])
                mine = {n for n, i in self._addition.items() if i == index}
                if mine - names:  # the addition holds other graphs too (the shared part): its lines of `names` only
                    suffixes = tuple(f" {n} .".encode() for n in names & mine)
                    text = b"".join(line + b"\n" for line in text.split(b"\n") if line.endswith(suffixes))
                yield text + union_ntriples(text)

    def flush(self) -> None:
        """What was added so far readable from the files."""
        self._dump.flush()
        self._union.flush()

    def close(self) -> None:
        """Flushed and closed: the files are complete."""
        self._dump.close()
        self._union.close()

    def pieces_both(self, budget: int = PIECE_BYTES) -> Iterator[bytes]:
        """`dump` and `union` (complete) read back together in pieces of whole graphs, each piece a graph's quads
        followed by its triples as the default graph's: loaded in one go, a blank node of a named graph and its copy
        in the default graph are one node of the store, so that a later build can remove a graph's triples from the
        default graph (kg/store/embedded.py `write_changes`)."""
        with self.dump.open("rb") as named, self.union.open("rb") as default:
            piece, held = [0, 0], 0
            for dump, union in self._sizes:
                if held and held + dump + union > budget:
                    yield named.read(piece[0]) + default.read(piece[1])
                    piece, held = [0, 0], 0
                piece[0] += dump
                piece[1] += union
                held += dump + union
            if held:
                yield named.read(piece[0]) + default.read(piece[1])

    def pieces(self, which: Path, budget: int = PIECE_BYTES) -> Iterator[bytes]:
        """`which` (`dump` or `union`, complete) read back in pieces of whole graphs of at most `budget` bytes (a
        graph larger than that is a piece of its own): what a bulk loader holds at once. No blank node is in two
        pieces, since none is in two additions (graphs: kg/graph/emit.py mints labels per report)."""
        sizes = [dump if which == self.dump else union for dump, union in self._sizes]
        with which.open("rb") as f:
            piece = 0
            for size in sizes:
                if piece and piece + size > budget:
                    yield f.read(piece)
                    piece = 0
                piece += size
            if piece:
                yield f.read(piece)


def graph_hashes(nquads: bytes) -> dict[str, tuple[str, int]] | None:
    """Each named graph of rdflib's N-Quads (whole graphs), a hash of its content and its bytes: its name written as
    the lines write it (`<…>`). One graph (a report's): the hash of its text; several (the shared part, whose line order is not
    stable): of its sorted lines. None when a line is in the default graph. Blank node labels are hashed as they are
    written (the ontology's are random: that graph is reloaded every build; a report's are minted from its slug). A
    report's hash is of its text as emitted (the emission cache keeps it): emitted afresh, the same graph may come in
    another line order and is then loaded again, which costs time, never correctness (sorting each report's lines to
    hash them would cost ~1 s a build at 500 reports)."""
    last = nquads.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    cut = last.rfind(b" <")
    if cut < 0 or not last.endswith(b"> ."):
        return None
    suffix = last[cut:] + b"\n"
    if nquads.count(suffix) == nquads.count(b"\n"):  # every line in that graph (a name never holds a line break)
        return {last[cut + 1:-2].decode("utf-8"): (hashlib.sha256(nquads).hexdigest(), len(nquads))}
    graphs: dict[bytes, list[bytes]] = {}
    for line in nquads.split(b"\n"):
        if not line:
            continue
        cut = line.rfind(b" <")
        if line.endswith(b"  .") or cut < 0 or not line.endswith(b"> ."):
            return None
        graphs.setdefault(line[cut + 1:-2], []).append(line)
    return {name.decode("utf-8"): (hashlib.sha256(b"\n".join(sorted(lines))).hexdigest(), sum(map(len, lines)) + len(lines))
            for name, lines in graphs.items()}
