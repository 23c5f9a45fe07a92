"""Stage 1, extract: report text in, statements out.

Takes a report file and its metadata (`reports`), the curated reference tables (`reference`) and gives plain
records (`model`): sections, statements, and the places, projects, industries and figures each one mentions,
with the character spans they came from. `read` decodes and normalises, `unwrap` and `segment` undo the
layout, `recognise/` finds mentions, `kinds` decides target or result, `link` merges mentions across reports.
Knows nothing of RDF.
"""
