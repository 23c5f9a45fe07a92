"""The graph a build publishes, made a report at a time (issue 14): no rdflib graph of the whole corpus.

The shared part (ontology, reference graph, the linked indicators and projects, the national table) is emitted once
into a small dataset. Each report is emitted into a dataset of its own, checked against the quote rule (which reads
only the report's own graph: its passages, their selectors and its full text), reduced to what the derived graph
needs of it (its figures as rows, its projects' locations), written to the spool (kg/graph/spool.py), handed to the
SHACL checks (kg/graph/checks.py: a batch of reports at a time, then the shared part and the derived graph) and
released. The derived graph (assessments, jjo:locatedWithin) is made from those rows and the shared part.

When anything fails (the quote rule in a report, any shape in any check, or the premise of the checks), the whole
graph is made in memory from the same extractions as kg.graph.build.check always did: the quarantine needs the graph
to trace a violation to the fact to drop, to drop it and derive again, and the report must name what it found. So a
graph that conforms is published without ever being whole in Python or in the engine, and one that does not is
treated exactly as before.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from kg.extract.model import ReportExtraction
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta
from kg.graph import iris
from kg.graph.assess import derive_rows, directions, figure_rows
from kg.graph.build import Progress, bulk, check, emit_shared, emit_whole, extract, shapes_dir
from kg.graph.checks import Checks
from kg.graph.closure import locate, parents
from kg.graph.emit import Emitter
from kg.graph.extract_cache import ExtractionCache
from kg.graph.namespaces import JJO
from kg.graph.quarantine import Dropped
from kg.graph.spool import Spool
from kg.graph.validate import ValidationReport, load_shapes, quote_violations, split_shapes
from kg.settings import Settings


@dataclass
class Streamed:
    extractions: list[ReportExtraction]
    report: ValidationReport
    dropped: list[Dropped] = field(default_factory=list)


def stream(settings: Settings, spool: Spool, metas: list[ReportMeta] | None = None,
           progress: Progress = lambda _m: None, ref: Reference | None = None,
           cache: ExtractionCache | None = None) -> Streamed:
    """Extract (reading back what `cache` holds), emit, derive and check, writing every graph to `spool` (closed
    when this returns)."""
    with bulk():
        ref = ref or Reference.load(settings.reference_dir)
        extractions = extract(settings, metas, progress, ref, cache)
        try:
            conforms = _emit_and_check(ref, extractions, spool, progress)
            if conforms:
                return Streamed(extractions, ValidationReport(True, [], spool.lines))  # lines given to the engine
            progress("validating with SHACL: the whole graph, to drop what extraction made malformed")
            built = emit_whole(ref, extractions, lambda _m: None)
            report = check(built)
            spool.replace(built.nquads)
            return Streamed(extractions, report, built.dropped)
        finally:
            spool.close()


def _emit_and_check(ref: Reference, extractions: list[ReportExtraction], spool: Spool, progress: Progress) -> bool:
    shared, linked = emit_shared(ref, extractions)
    reference = shared.ds.graph(iris.REFERENCE_GRAPH)
    engine_shapes, quote_message = split_shapes(load_shapes(shapes_dir()))
    checks = Checks(shared.ds.graph(iris.ONTOLOGY_GRAPH), reference, engine_shapes)
    rows = figure_rows(reference)  # the national table's figures
    locations = list(reference.subject_objects(JJO.location))  # curated projects' places
    quotes_hold = True
    for ex in extractions:
        if not (quotes_hold and checks.clean):
            return False  # the whole graph will be made instead: the rest need not be emitted twice
        progress(f"emitting {ex.meta.slug}")
        own = Emitter(ref)
        graph = own.report(ex, linked)
        if quote_message is not None and quote_violations(graph, quote_message):
            quotes_hold = False
        rows += figure_rows(graph)
        locations += graph.subject_objects(JJO.location)
        checks.add(graph, spool.add(own.ds.serialize(format="nquads", encoding="utf-8")))
        del own, graph
        gc.collect(0)  # a dataset's store and graphs refer to each other: freed by the collector, which bulk() stops
    checks.flush()
    if not (quotes_hold and checks.clean):
        return False
    progress("assessing targets against results")
    derived = shared.ds.graph(iris.DERIVED_GRAPH)
    derive_rows(rows, directions(reference), derived)
    locate(parents(reference), locations, derived)
    spool.add(shared.ds.serialize(format="nquads", encoding="utf-8"))
    progress("validating with SHACL")
    checks.shared_part(derived)
    checks.derived(derived, rows)
    return checks.clean
