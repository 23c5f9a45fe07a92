"""Every page this server has, for search engines (/sitemap.xml): the index pages, a reader per report, and the
page of every entity of the dataset.

A sitemap holds at most 50,000 addresses (sitemaps.org); past that, /sitemap.xml becomes an index of numbered
sitemaps of that many each. The list is made once per store (a published store never changes): at 10M triples
it is a scan of the subjects of `rdf:type`, about a million entities.
"""

from __future__ import annotations

from kg.graph import iris
from kg.graph.namespaces import ID
from kg.store.lookup import Lookup, StoreCache

MAX_URLS = 50_000  # per sitemap file (sitemaps.org protocol)
INDEX_PAGES = ("/", "/places", "/projects", "/industries", "/indicators", "/reports", "/compare", "/dumps",
               "/sparql", "/page/ontology")
NO_PAGE = {"dataset"}  # the dataset IRI dereferences to /dumps, already listed
_paths = StoreCache()


def paths(lookup: Lookup) -> list[str]:
    """The path of every page, index pages first, then readers, then entity pages in IRI order."""

    def make() -> list[str]:
        rows = lookup.select(f'SELECT DISTINCT ?s WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?s), "{ID}")) }}')
        entities = sorted(r["s"].value for r in rows)
        out = list(INDEX_PAGES)
        out += [f"/read/{e.rsplit('/', 1)[1]}" for e in entities if iris.kind_of(e) == "report"]
        out += ["/page/" + e.removeprefix(str(ID)) for e in entities if iris.kind_of(e) not in NO_PAGE | {None}]
        return out

    return _paths.get(lookup.store, "paths", make)


def chunks(lookup: Lookup, size: int = MAX_URLS) -> list[list[str]]:
    """The paths cut into sitemaps of at most `size` addresses."""
    every = paths(lookup)
    return [every[i:i + size] for i in range(0, len(every), size)] or [[]]
