"""The RDF dataset a query runs over, when the SPARQL protocol names one: graphs of the store chosen by IRI.

Nothing is ever fetched: an IRI that names no graph of the store is simply an empty graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import QueryError


@dataclass(frozen=True)
class Dataset:
    """default-graph-uri and named-graph-uri of the protocol (each may be given several times)."""

    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)

    def __post_init__(self):
        for parameter, iris in (("default-graph-uri", self.default_graphs), ("named-graph-uri", self.named_graphs)):
            for iri in iris:
                try:
                    ox.NamedNode(iri)
                except ValueError:
                    raise QueryError(f"{parameter} {iri!r} is not an absolute IRI") from None

    @property
    def given(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    def engine_options(self) -> dict:
        """pyoxigraph query options for this dataset.

        A dataset in the protocol replaces FROM / FROM NAMED in the query (SPARQL 1.1 Protocol, 2.1.4). Its
        default graph is the merge of the default-graph-uri graphs, empty when there are none; its named graphs
        are exactly the named-graph-uri graphs.
        """
        if not self.given:
            return {}
        return {"default_graph": [ox.NamedNode(g) for g in self.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in self.named_graphs]}
