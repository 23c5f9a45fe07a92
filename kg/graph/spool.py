"""The graph's serialisation, written to files a graph at a time as a build makes them (issue 14), so that no whole
corpus is held in memory as bytes either: `dump`, the named graphs' N-Quads (the dump's very lines), and `union`,
the same triples without their graph names as N-Triples (the store's default graph, the union of the graphs).

A triple stated in two graphs is two lines of `union`: the store and the SHACL engine both read a set, so it is one
triple in either (tests/test_stream.py). Blank node labels are minted per report (kg/graph/emit.py), so no blank node
is in two graphs, and each file can be bulk-loaded in pieces of whole graphs (`pieces`: a loader renames blank nodes
per document and holds what it loads until it writes it).
"""

from __future__ import annotations

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
        self.add(nquads)

    def flush(self) -> None:
        """What was added so far readable from the files."""
        self._dump.flush()
        self._union.flush()

    def close(self) -> None:
        """Flushed and closed: the files are complete."""
        self._dump.close()
        self._union.close()

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
