"""Stage 4, sparql: the query service.

Takes a query text and a published store and gives a result in a chosen format. `guard` reads the query
before anything runs it, `workers` run public queries in killable, isolated processes (`isolation`), `query`
is the one service the CLI and the web shell call, `results` and `formats` write answers; `examples` and
`queries/` are the example queries of the query page.
"""
