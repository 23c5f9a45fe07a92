"""Make the graph: reference data and every report → RDF (with the assessments) → the SHACL check.

`kg.pipeline.build` publishes what this makes; nothing here writes a store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from kg.extract.extractor import Extractor
from kg.extract.link import Linker
from kg.extract.model import ReportExtraction, places_used
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta, catalogue
from kg.graph import iris
from kg.graph.assess import derive
from kg.graph.closure import located_within
from kg.graph.emit import Emitter
from kg.graph.validate import ValidationReport, load_shapes, union, validate
from kg.settings import PROJECT_ROOT, Settings

Progress = Callable[[str], None]


@dataclass
class BuiltGraph:
    dataset: Dataset
    extractions: list[ReportExtraction]
    reference: Reference


def ontology_path() -> Path:
    return PROJECT_ROOT / "ontology" / "jinjiang.ttl"


def shapes_dir() -> Path:
    return PROJECT_ROOT / "shapes"


def make_graph(settings: Settings, metas: list[ReportMeta] | None = None, progress: Progress = lambda _m: None,
               ref: Reference | None = None) -> BuiltGraph:
    ref = ref or Reference.load(settings.reference_dir)
    metas = catalogue(settings.reports_dir) if metas is None else metas
    extractor = Extractor(ref)
    extractions = []
    for meta in metas:
        progress(f"extracting {meta.path.name}")
        extractions.append(extractor.extract(meta))
    linked = Linker(ref).link(extractions)
    em = Emitter(ref)
    em.ontology(ontology_path())
    projects_at = {p for proj in linked.projects.values() for p in (*proj.places, proj.curated_place) if p}
    em.reference(places_used(extractions) | projects_at)
    em.linked_entities(linked)
    for ex in extractions:
        progress(f"emitting {ex.meta.slug}")
        em.report(ex, linked)
    progress("assessing targets against results")
    data = union(em.ds)
    derive(data, em.ds.graph(iris.DERIVED_GRAPH))
    located_within(data, em.ds.graph(iris.DERIVED_GRAPH))
    return BuiltGraph(em.ds, extractions, ref)


def check(built: BuiltGraph) -> ValidationReport:
    return validate(union(built.dataset), load_shapes(shapes_dir()))
