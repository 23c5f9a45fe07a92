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

from kg.extract.link import Linked
from kg.extract.model import ReportExtraction
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta
from kg.graph import iris
from kg.graph.assess import derive_rows, directions, figure_rows
from kg.graph.build import Progress, bulk, check, emit_shared, emit_whole, extract, shapes_dir
from kg.graph.checks import Checks, report_facts
from kg.graph.closure import locate, parents
from kg.graph.emit import Emitter, report_links
from kg.graph.emit_cache import EmitCache, Emitted
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
           cache: ExtractionCache | None = None, emitted: EmitCache | None = None) -> Streamed:
    """Extract (reading back what `cache` holds), emit (reading back what `emitted` holds), derive and check,
    writing every graph to `spool` (closed when this returns)."""
    with bulk():
        ref = ref or Reference.load(settings.reference_dir)
        extractions = extract(settings, metas, progress, ref, cache)
        try:
            conforms = _emit_and_check(ref, extractions, spool, progress, emitted)
            if conforms:
                return Streamed(extractions, ValidationReport(True, [], spool.lines))  # lines given to the engine
            progress("validating with SHACL: the whole graph, to drop what extraction made malformed")
            built = emit_whole(ref, extractions, lambda _m: None)
            report = check(built)
            spool.replace(built.nquads)
            return Streamed(extractions, report, built.dropped)
        finally:
            spool.close()


def _emit_and_check(ref: Reference, extractions: list[ReportExtraction], spool: Spool, progress: Progress,
                    cache: EmitCache | None) -> bool:
    shared, linked = emit_shared(ref, extractions)
    reference = shared.ds.graph(iris.REFERENCE_GRAPH)
    engine_shapes, quote_message = split_shapes(load_shapes(shapes_dir()))
    checks = Checks(shared.ds.graph(iris.ONTOLOGY_GRAPH), reference, engine_shapes, verdicts=cache)
    rows = figure_rows(reference)  # the national table's figures
    locations = list(reference.subject_objects(JJO.location))  # curated projects' places
    quotes_hold = True
    if cache is not None:
        progress(f"emitting: {len(extractions)} reports, those whose graph is unchanged read back from the cache")
    for ex in extractions:
        if not (quotes_hold and checks.clean):
            return False  # the whole graph will be made instead: the rest need not be emitted twice
        links = report_links(ex, linked)
        key = cache.key(ex.meta, links) if cache is not None else ""
        made = cache.get(key, ex.meta.slug) if cache is not None else None
        if made is None:
            progress(f"emitting {ex.meta.slug}")
            made = _emit(ref, ex, linked, quote_message)
            if cache is not None:
                cache.put(key, made)
        quotes_hold = quotes_hold and made.quotes_hold
        rows += made.rows
        locations += made.locations
        ntriples = spool.add(made.nquads)
        if cache is None:
            checks.add_facts(made.facts, ntriples)
        else:
            verdict = checks.verdict_key(made.facts)
            checks.add_facts(made.facts, ntriples, checked=cache.checked(key, verdict), token=(key, verdict))
            _keep_verdicts(checks, cache)
        del made, ntriples
    checks.flush()
    if cache is not None:
        _keep_verdicts(checks, cache)
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
    if cache is not None and checks.clean:
        cache.prune()  # every report and part emitted or read back: what was not used is no build's
    return checks.clean


def _emit(ref: Reference, ex: ReportExtraction, linked: Linked, quote_message) -> Emitted:
    """One report's graph, emitted into a dataset of its own, reduced to what the later stages read, released."""
    own = Emitter(ref)
    graph = own.report(ex, linked)  # reads `linked` through report_links, as the cache's key does
    try:
        return Emitted(ex.meta.slug, own.ds.serialize(format="nquads", encoding="utf-8"), figure_rows(graph),
                       list(graph.subject_objects(JJO.location)),
                       quote_message is None or not quote_violations(graph, quote_message), report_facts(graph))
    finally:
        del own, graph
        gc.collect(0)  # a dataset's store and graphs refer to each other: freed by the collector, which bulk() stops


def _keep_verdicts(checks: Checks, cache: EmitCache) -> None:
    """Reports found clean since the last call: their verdict kept for the next build."""
    for key, verdict in checks.passed:
        cache.mark_checked(key, verdict)
    checks.passed.clear()
