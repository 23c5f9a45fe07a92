"""Recognisers: one small module per kind of mention, each driven by the curated data in `data/reference/`."""
