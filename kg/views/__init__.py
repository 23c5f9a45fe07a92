"""Stage 5, views: what a page or a document shows of an entity.

Takes the published store and gives plain values for pages and documents: names in the reader's language
(`labels`), descriptions and per-kind profiles, the sentence behind each fact (`provenance`), JSON-LD
(`jsonld`, `jsonld_frame`, `page_jsonld`), the reader, compare and timeline tables, and the lists and search
index precomputed for pages at build time (`list_index`, `search`). Knows nothing of HTTP.
"""
