"""Stage 2, graph: statements to RDF.

Takes the records of `kg.extract` and gives an RDF dataset: one named graph per report, the reference and
ontology graphs, the derived assessments. IRIs are minted in `iris` only; `emit` writes the triples with their
provenance, `validate` is the SHACL gate, `assess` judges targets against results, `build` runs them in order.
Knows nothing of stores or HTTP.
"""
