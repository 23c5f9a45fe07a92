"""`jjkg build`: reference data and every report → RDF → SHACL gate → a new store with the views' indexes,
published atomically.

Nothing is published unless every step succeeded: a bad report or a non-conforming graph leaves the
served graph exactly as it was.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from pathlib import Path

from kg import __version__
from kg.errors import ValidationFailed
from kg.extract.reports import ReportMeta
from kg.extract.summary import summarise
from kg.graph.build import Progress, bulk, shapes_dir
from kg.graph.emit_cache import FOLDER as EMISSIONS
from kg.graph.emit_cache import EmitCache
from kg.graph.extract_cache import FOLDER as EXTRACTIONS
from kg.graph.extract_cache import ExtractionCache
from kg.graph.namespaces import BASE
from kg.graph.spool import Spool
from kg.graph.stream import stream
from kg.pipeline.indexes import write_indexes
from kg.pipeline.left_out import write_left_out
from kg.pipeline.reference_once import LoadedReference
from kg.pipeline.staging import Change
from kg.pipeline.writer import Notice, writing
from kg.settings import PROJECT_ROOT, Settings
from kg.store import embedded as store


def input_files(settings: Settings) -> list[Path]:
    """Everything a build reads: when none of these changed, the published store is current. Hidden files and
    folders of data/ (the write lock, reports being staged) are not inputs."""
    files = [p for p in settings.data_dir.rglob("*") if p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(settings.data_dir).parts)]
    files += list((PROJECT_ROOT / "ontology").glob("*.ttl")) + list(shapes_dir().glob("*.ttl"))
    files += list((PROJECT_ROOT / "kg").rglob("*.py"))
    return sorted(files)


def input_hash(settings: Settings, change: Change | None = None) -> str:
    """Of the inputs as they are, or as they will be once `change` is applied."""
    h = hashlib.sha256(f"{__version__} {BASE}".encode())  # another base IRI is another graph
    files = input_files(settings)
    for name, content in sorted(change.layout(files) if change else [(f, f) for f in files]):
        h.update(str(name.relative_to(name.anchor)).encode())
        h.update(content.read_bytes())
    return h.hexdigest()


def is_stale(settings: Settings) -> bool:
    published = store.current(settings.store_link)
    return published is None or published.manifest.get("inputs") != input_hash(settings)


def build(settings: Settings, progress: Progress = lambda _m: None, metas: list[ReportMeta] | None = None,
          notice: Notice = lambda _line: None, change: Change | None = None,
          reference: LoadedReference | None = None) -> dict:
    """Extract, validate and publish, holding the data directory's write lock. Returns the manifest of the
    published store. With `change` (reports staged by an ingest), the catalogue as the change leaves it is
    built, and the change is applied to data/reports/ once the store is published. `reference`: the tables the
    caller loaded already, used unless the reference files changed since."""
    with writing(settings, "jjkg build", notice):
        started = time.perf_counter()
        with bulk():
            return _build(settings, progress, change.metas() if change else metas, started, change, reference)


def build_if_stale(settings: Settings, progress: Progress = lambda _m: None,
                   notice: Notice = lambda _line: None) -> dict | None:
    """`jjkg build --if-stale`: None when the published store was built from the current inputs. Judged under the
    lock, so a build waiting for an ingest sees what the ingest published."""
    with writing(settings, "jjkg build --if-stale", notice):
        return build(settings, progress, notice=notice) if is_stale(settings) else None


def _build(settings: Settings, progress: Progress, metas: list[ReportMeta] | None, started: float,
           change: Change | None, reference: LoadedReference | None) -> dict:
    # The graphs' N-Quads are spooled beside the stores (a `.building` folder: pruned if a killed build leaves it).
    store.stores_dir(settings.var_dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=store.stores_dir(settings.var_dir), prefix="spool-", suffix=".building") as folder:
        spool = Spool(Path(folder))
        cache = extraction_cache(settings)
        ref = reference.if_current(settings.reference_dir) if reference else None  # None: stream loads them
        emitted = emit_cache(settings, cache)
        made = stream(settings, spool, metas, progress, ref=ref, cache=cache, emitted=emitted)
        if not made.report.conforms:
            raise ValidationFailed("the graph does not conform to the shapes; nothing was published",
                                   made.report.text(), len(made.report.violations))
        progress("writing the store")
        manifest = {
            "inputs": input_hash(settings, change),
            "version": __version__,
            "base": BASE,  # the IRIs' base (JJKG_BASE_IRI): a server under another base refuses this store
            "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "reports": [ex.meta.slug for ex in made.extractions],
            "quads": spool.quads,  # the dump's lines: every named graph's quads, as checked
            "goals": sum(len(ex.goals) for ex in made.extractions),
            "found": {ex.meta.slug: summarise(ex) for ex in made.extractions},
            "dropped": [d.as_json() for d in made.dropped],
            # Statements whose extraction raised (kg/extract/skipped.py): left out, the rest of their report kept.
            "skipped": [_where_kept(s.as_json(), change) for ex in made.extractions for s in ex.skipped],
        }
        if spool.graphs is not None:
            manifest["graphs"] = dict(sorted(spool.graphs.items()))  # what the next build's store fill compares
        if change is not None:
            manifest["staged"] = change.name  # the commit point: a later writer finishes a change its store holds
        # The store's default graph is the union of all graphs, as a set: a triple stated in two reports is one
        # triple there (pyoxigraph's own union mode would return it twice). The dump keeps only the named graphs.
        def beside_the_store(directory: Path) -> None:
            progress("indexing: the views' indexes beside the store")
            write_indexes(directory, workers=settings.build_workers)
            write_left_out(directory, made.extractions, where=lambda file: _kept_at(file, change))

        fill, why = store_fill(settings, spool, manifest)
        progress(f"filling the store: {why}")
        if fill is None:
            target = store.write_pieces(spool.dump, spool.pieces_both(), (), settings.var_dir, manifest,
                                        indexes=beside_the_store)
        else:
            published, gone, new = fill
            target = store.write_changes(published, spool.dump, gone, spool.graph_nquads(new), settings.var_dir,
                                         manifest, indexes=beside_the_store)
    store.publish(target, settings.store_link)
    if change is not None:
        change.commit()
    # Said by `jjkg build`, not published: the graph is the same whether an extraction was made or read back.
    reused = cache.reused if cache else 0
    graphs = {"graphs_reused": emitted.reused, "graphs_made": emitted.made,
              "verdicts_reused": emitted.verdicts_reused} if emitted else {}
    return {**manifest, "store_fill": why, "extractions_reused": reused, "extractions_made": len(made.extractions) - reused, **graphs,
            "seconds": round(time.perf_counter() - started, 2), "path": str(target)}


# The share of the dump's bytes above which changed graphs are not worth a copy of the published store: the full write.
INCREMENTAL_SHARE = 0.5


def store_fill(settings: Settings, spool: Spool, manifest: dict) -> tuple[tuple[Path, list[str], set[str]] | None, str]:
    """How the new store is filled: from the published store (its folder, the named graphs to remove from a copy of
    it, those to load) when it can be trusted to differ from the new one by whole graphs, or None (the full write);
    and why, in words. Trusted: a store of this version and base whose manifest holds every named graph's hash (only
    a store written graph by graph with its default graph sharing the named graphs' blank nodes does), published in
    a folder that is whole."""
    if settings.incremental_store == "off":
        return None, "the whole store (JJKG_INCREMENTAL_STORE=off)"
    new = spool.graphs
    if new is None:
        return None, "the whole store (a graph in two parts or a triple outside the named graphs)"
    published = store.current(settings.store_link)
    if published is None:
        return None, "the whole store (none published)"
    old = published.manifest.get("graphs")
    if not isinstance(old, dict) or not all(isinstance(v, str) for v in old.values()):
        return None, "the whole store (the published store's manifest has no graph hashes)"
    if published.manifest.get("version") != manifest["version"] or published.manifest.get("base") != manifest["base"]:
        return None, "the whole store (the published store is of another version or base)"
    if not (published.path / store.DATABASE / "CURRENT").is_file() or not (published.path / store.DUMP).is_file():
        return None, "the whole store (the published store's folder is not whole)"
    gone = sorted(name for name, digest in old.items() if new.get(name) != digest)
    load = {name for name, digest in new.items() if old.get(name) != digest}
    changed = sum(spool.size_of(name) for name in load)
    if changed > INCREMENTAL_SHARE * spool.dump.stat().st_size and settings.incremental_store != "always":
        return None, f"the whole store ({len(load)} of {len(new)} graphs changed)"
    return (published.path, gone, load), (f"from the published store: {len(gone)} graphs removed, {len(load)} loaded, "
                                          f"{len(new) - len(load)} kept")


def extraction_cache(settings: Settings) -> ExtractionCache | None:
    """The var directory's cache of extractions, unless JJKG_EXTRACT_CACHE=off (`jjkg build --no-cache`)."""
    if settings.extract_cache == "off":
        return None
    return ExtractionCache(settings.var_dir / EXTRACTIONS, settings.reference_dir)


def emit_cache(settings: Settings, extractions: ExtractionCache | None = None) -> EmitCache | None:
    """The var directory's cache of reports' graphs, unless JJKG_EMIT_CACHE=off (`jjkg build --no-cache`); it builds
    on the extraction cache's version and report keys when there is one."""
    if settings.emit_cache == "off":
        return None
    return EmitCache(settings.var_dir / EMISSIONS, settings.reference_dir, extractions)


def _where_kept(skipped: dict, change: Change | None) -> dict:
    """A statement of a staged report is named where its file will be kept (data/reports/), not where it waits."""
    return {**skipped, "file": _kept_at(skipped["file"], change)}


def _kept_at(file: str, change: Change | None) -> str:
    """Where a report's file is kept once the build is published: a staged one's final path, any other's own."""
    return str(change.final_path(Path(file))) if change else file
