"""Stage 6, pipeline: the stages run in order for `jjkg build` and `jjkg ingest`.

Takes the reports and reference data under `data/` and gives a new publication: extract → graph → SHACL gate →
store → the views' indexes written beside it, published atomically (`build`); `ingest` adds one report.
"""
