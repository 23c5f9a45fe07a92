"""Stage 3, store: the published graph.

Takes a built dataset and gives a store that readers open: the embedded pyoxigraph store (`embedded`, written
once per build and switched atomically) or a remote SPARQL 1.1 store (`remote`, filled by `publish`).
`lookup` is the trusted read path every later stage uses; `dumps` and `catalog` describe and export it.
"""
