"""Build the graph: reference data and every report → RDF → SHACL gate → a new store, published atomically.

Nothing is published unless every step succeeded: a bad report or a non-conforming graph leaves the
served graph exactly as it was.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from . import __version__, iris, store
from .assess import derive
from .emit import Emitter
from .errors import ValidationFailed
from .extract import Extractor
from .link import Linker
from .model import ReportExtraction
from .reference import Reference
from .reports import ReportMeta, catalogue
from .settings import PROJECT_ROOT, Settings
from .validate import ValidationReport, load_shapes, union, validate

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


def input_files(settings: Settings) -> list[Path]:
    """Everything a build reads: when none of these changed, the published store is current."""
    files = [p for p in settings.data_dir.rglob("*") if p.is_file() and not p.name.startswith(".")]
    files += list((PROJECT_ROOT / "ontology").glob("*.ttl")) + list(shapes_dir().glob("*.ttl"))
    files += list((PROJECT_ROOT / "kg").rglob("*.py"))
    return sorted(files)


def input_hash(settings: Settings) -> str:
    h = hashlib.sha256(__version__.encode())
    for f in input_files(settings):
        h.update(str(f.relative_to(f.anchor)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def is_stale(settings: Settings) -> bool:
    published = store.current(settings.store_link)
    return published is None or published.manifest.get("inputs") != input_hash(settings)


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
    em.reference()
    em.linked_entities(linked)
    for ex in extractions:
        progress(f"emitting {ex.meta.slug}")
        em.report(ex, linked)
    progress("assessing targets against results")
    derive(union(em.ds), em.ds.graph(iris.DERIVED_GRAPH))
    return BuiltGraph(em.ds, extractions, ref)


def check(built: BuiltGraph) -> ValidationReport:
    return validate(union(built.dataset), load_shapes(shapes_dir()))


def build(settings: Settings, progress: Progress = lambda _m: None, metas: list[ReportMeta] | None = None) -> dict:
    """Extract, validate and publish. Returns the manifest of the published store."""
    started = time.perf_counter()
    built = make_graph(settings, metas, progress)
    progress("validating with SHACL")
    report = check(built)
    if not report.conforms:
        raise ValidationFailed("the graph does not conform to the shapes; nothing was published",
                               report.text(), len(report.violations))
    progress("writing the store")
    nquads = built.dataset.serialize(format="nquads", encoding="utf-8")
    manifest = {
        "inputs": input_hash(settings),
        "version": __version__,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "reports": [ex.meta.slug for ex in built.extractions],
        "quads": sum(1 for _ in built.dataset.quads((None, None, None, None))),
        "goals": sum(len(ex.goals) for ex in built.extractions),
    }
    # The store's default graph is the union of all graphs, as a set: a triple stated in two reports is one
    # triple there (pyoxigraph's own union mode would return it twice). The dump keeps only the named graphs.
    default_graph = union(built.dataset).serialize(format="nt", encoding="utf-8")
    target = store.write(nquads, settings.var_dir, manifest, default_graph=default_graph)
    store.publish(target, settings.store_link)
    return {**manifest, "seconds": round(time.perf_counter() - started, 2), "path": str(target)}
