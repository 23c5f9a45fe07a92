"""Make the graph: reference data and every report → RDF (with the assessments) → the SHACL check.

`kg.pipeline.build` publishes what this makes; nothing here writes a store.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from kg.extract.extractor import Extractor
from kg.extract.link import IndicatorEntity, Linked, Linker
from kg.extract.model import ReportExtraction, places_used
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta, catalogue
from kg.graph import iris
from kg.graph.assess import derive
from kg.graph.closure import located_within
from kg.graph.emit import Emitter
from kg.graph.extract_cache import ExtractionCache
from kg.graph.quarantine import Dropped, gate
from kg.graph.validate import ValidationReport, load_shapes, union_ntriples, union_view, validate
from kg.settings import PROJECT_ROOT, Settings

Progress = Callable[[str], None]


@dataclass
class BuiltGraph:
    dataset: Dataset
    extractions: list[ReportExtraction]
    reference: Reference
    union: Graph  # every graph's triples as one set (assessments included), a view on `dataset` (no copy)
    dropped: list[Dropped] = field(default_factory=list)  # facts the gate dropped as extraction faults
    # Written by `check`, as the dataset stood at its last SHACL check (so: what was checked is what is published)
    nquads: bytes = b""  # every named graph, as N-Quads (rdflib's serialiser: the dump's bytes)
    ntriples: bytes = b""  # the union, each triple once, as N-Triples: the store's default graph


def ontology_path() -> Path:
    return PROJECT_ROOT / "ontology" / "jinjiang.ttl"


def shapes_dir() -> Path:
    return PROJECT_ROOT / "shapes"


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while a graph of millions of objects is made: each full collection walks
    every object made so far, so a long report cost more per character the longer it was. Nothing made here
    relies on cycles being collected early; collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def make_graph(settings: Settings, metas: list[ReportMeta] | None = None, progress: Progress = lambda _m: None,
               ref: Reference | None = None) -> BuiltGraph:
    """The whole graph in one rdflib dataset (tests, `jjkg validate`; a build makes it a report at a time:
    kg/graph/stream.py)."""
    with bulk():
        ref = ref or Reference.load(settings.reference_dir)
        return emit_whole(ref, extract(settings, metas, progress, ref), progress)


def extract(settings: Settings, metas: list[ReportMeta] | None, progress: Progress,
            ref: Reference, cache: ExtractionCache | None = None) -> list[ReportExtraction]:
    """Every report's extraction (the reports of data/reports/ when `metas` is None); with `cache`, those it holds
    read back, the others made and kept there."""
    metas = catalogue(settings.reports_dir) if metas is None else metas
    if cache is None:
        return extract_fresh(settings, metas, progress, ref)
    kept = [cache.get(meta) for meta in metas]
    missing = [meta for meta, ex in zip(metas, kept, strict=True) if ex is None]
    progress(f"extractions: {len(metas) - len(missing)} from the cache, {len(missing)} to make")
    made = extract_fresh(settings, missing, progress, ref) if missing else []  # all kept: no pool, no cluster
    for meta, ex in zip(missing, made, strict=True):
        cache.put(meta, ex)
    cache.prune(metas)
    fresh = iter(made)
    return [ex if ex is not None else next(fresh) for ex in kept]


def extract_fresh(settings: Settings, metas: list[ReportMeta], progress: Progress,
                  ref: Reference) -> list[ReportExtraction]:
    """Each of `metas` extracted: on the cluster when there is one, else here (in worker processes if worth it)."""
    if settings.scheduler:
        from kg.graph.cluster import extract_on_cluster

        extractor = Extractor(ref)
        made = extract_on_cluster(metas, ref.directory, settings.scheduler, extract_or_none, progress)
        # What failed on the cluster is extracted again here, so that its error is raised as without a cluster.
        return [ex if ex is not None else timed(extractor, meta, lambda _m: None) for meta, ex in zip(metas, made, strict=True)]
    return extract_all(Extractor(ref), metas, progress, settings.build_workers)


def emit_shared(ref: Reference, extractions: list[ReportExtraction]) -> tuple[Emitter, Linked]:
    """The part of the graph no report owns, in the emitter's dataset: the ontology graph and the reference graph
    (places, industries, units, the indicators and projects linked across reports, the national table); and the
    links every report's emission names."""
    linked = Linker(ref).link(extractions)
    em = Emitter(ref)
    em.ontology(ontology_path())
    projects_at = {p for proj in linked.projects.values() for p in (*proj.places, proj.curated_place) if p}
    em.reference(places_used(extractions) | projects_at)
    national = ref.national
    for slug in sorted({f.indicator for f in national} - set(linked.indicators)):
        entry = ref.indicator_by_slug[slug]  # an indicator only the national table uses: described all the same
        linked.indicators[slug] = IndicatorEntity(slug, entry.name_zh, entry.name_en or None, None, True)
    em.linked_entities(linked)
    em.national(national, linked)
    return em, linked


def emit_whole(ref: Reference, extractions: list[ReportExtraction], progress: Progress) -> BuiltGraph:
    """The shared part, every report and the derived graph, in one dataset."""
    em, linked = emit_shared(ref, extractions)
    for ex in extractions:
        progress(f"emitting {ex.meta.slug}")
        em.report(ex, linked)
    progress("assessing targets against results")
    data = union_view(em.ds)
    assess(em.ds, data)
    return BuiltGraph(em.ds, extractions, ref, data)


# Bytes of report text, the longest report left out, from which extraction runs in worker processes: a worker's start
# (imports, the reference tables: ~1.7 s) is worth it from about 1 MB of text (extraction takes ~5 CPU s per MB) that
# can run beside the longest report (one long report and a few short ones gain nothing: bench/long_report.py).
POOL_FROM_BYTES = 1_000_000
_worker_extractor: Extractor | None = None  # in a worker process: its own, over the reference it loaded


def extract_all(extractor: Extractor, metas: list[ReportMeta], progress: Progress, workers: int) -> list[ReportExtraction]:
    """Every report's extraction, in the order of `metas`. With `workers` > 1 and POOL_FROM_BYTES of text or more
    besides the longest report, in that many worker processes (each loads the reference from the same directory: a report's extraction depends on the
    report and the reference only, so it is the same record wherever it is made; bench/published_quads.py
    compares builds). A report whose extraction fails in a worker is extracted again here, so that its error is
    raised as it would be without workers."""
    sizes = [m.path.stat().st_size for m in metas]
    if workers < 2 or len(metas) < 2 or sum(sizes) - max(sizes) < POOL_FROM_BYTES:
        return [timed(extractor, meta, progress) for meta in metas]
    context = multiprocessing.get_context("forkserver")  # a clean process: never a fork of one with threads
    with ProcessPoolExecutor(min(workers, len(metas)), mp_context=context, initializer=_start_worker,
                             initargs=(extractor.ref.directory,)) as pool:
        futures = [pool.submit(_extract_in_worker, meta) for meta in metas]
        out = []
        for meta, future in zip(metas, futures, strict=True):
            progress(f"extracting {meta.path.name}")
            made = future.result()
            out.append(made if made is not None else timed(extractor, meta, lambda _m: None))
        return out


def timed(extractor: Extractor, meta: ReportMeta, progress: Progress) -> ReportExtraction:
    progress(f"extracting {meta.path.name}")
    started = time.perf_counter()
    ex = extractor.extract(meta)
    ex.seconds = time.perf_counter() - started
    return ex


def _start_worker(reference_dir: Path) -> None:
    global _worker_extractor
    _worker_extractor = Extractor(Reference.load(reference_dir))


def _extract_in_worker(meta: ReportMeta) -> ReportExtraction | None:
    assert _worker_extractor is not None
    return extract_or_none(_worker_extractor, meta)


def extract_or_none(extractor: Extractor, meta: ReportMeta) -> ReportExtraction | None:
    """In a worker (a process of the pool, or of a cluster): the extraction, or None when it raised (the build
    extracts it again to raise the error itself: an exception of ours need not survive pickling)."""
    try:
        with bulk():
            return timed(extractor, meta, lambda _m: None)
    except Exception:
        return None


def assess(ds: Dataset, data: Graph) -> None:
    """(Re)derive the derived graph from what `data` (a view of the union of `ds`) holds now: the assessments of
    targets against results, and each project's places within (jjo:locatedWithin). Run again after facts are
    dropped, so nothing derived names a dropped fact. Derived facts are only ever stated in the derived graph, so
    emptying it first leaves `data` without any: what is derived is read from the other graphs only."""
    derived = ds.graph(iris.DERIVED_GRAPH)
    derived.remove((None, None, None))
    derive(data, derived)  # reads every figure before it writes an assessment
    located_within(data, derived)


def check(built: BuiltGraph) -> ValidationReport:
    """The SHACL gate. Facts that extraction made malformed are dropped (kg.graph.quarantine) and listed in
    `built.dropped`; any other violation is in the report returned, and blocks publication. The dataset is
    serialised once per check (`built.nquads`, `built.ntriples`); the engine reads the union's N-Triples."""

    def serialised(data: Graph, shapes: Graph) -> ValidationReport:
        built.nquads = built.dataset.serialize(format="nquads", encoding="utf-8")
        built.ntriples = union_ntriples(built.nquads)
        return validate(data, shapes, ntriples=built.ntriples)

    with bulk():
        report, built.dropped = gate(built.dataset, built.union, load_shapes(shapes_dir()),
                                     rederive=lambda: assess(built.dataset, built.union), check=serialised)
    return report
