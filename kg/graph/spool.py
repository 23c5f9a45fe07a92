"""The graph's serialisation, written to files a graph at a time as a build makes them (issue 14), so that no whole
corpus is held in memory as bytes either: `dump`, the named graphs' N-Quads (the dump's very lines), and `union`,
the same triples without their graph names as N-Triples (the store's default graph, the union of the graphs).

A triple stated in two graphs is two lines of `union`: the store and the SHACL engine both read a set, so it is one
triple in either (tests/test_stream.py). Blank node labels are minted per report (kg/graph/emit.py), so the lines of
two graphs never share a blank node by accident and each file can be loaded as one document.
"""

from __future__ import annotations

from pathlib import Path

from kg.graph.validate import union_ntriples


class Spool:
    def __init__(self, folder: Path):
        self.dump = folder / "dataset.nq"
        self.union = folder / "union.nt"
        self.quads = 0  # lines of `dump`: a quad each (N-Quads escapes line breaks)
        self.lines = 0  # lines of `union`: triples, each once per graph stating it
        self._dump = self.dump.open("wb")
        self._union = self.union.open("wb")

    def add(self, nquads: bytes) -> None:
        """The N-Quads of one or more whole named graphs (rdflib's serialisation of a dataset, which ends with an empty
        line: left out, so that the dump is a quad a line)."""
        nquads = nquads.strip(b"\n") + b"\n" if nquads.strip(b"\n") else b""
        triples = union_ntriples(nquads)
        self._dump.write(nquads)
        self._union.write(triples)
        self.quads += nquads.count(b"\n")
        self.lines += triples.count(b"\n")

    def replace(self, nquads: bytes) -> None:
        """Everything written so far replaced by the N-Quads of a whole dataset."""
        for f in (self._dump, self._union):
            f.seek(0)
            f.truncate()
        self.quads = self.lines = 0
        self.add(nquads)

    def flush(self) -> None:
        """What was added so far readable from the files."""
        self._dump.flush()
        self._union.flush()

    def close(self) -> None:
        """Flushed and closed: the files are complete."""
        self._dump.close()
        self._union.close()
