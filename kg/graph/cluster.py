"""Extraction on a Dask cluster (JJKG_SCHEDULER, `jjkg build --scheduler tcp://host:8786`), for corpora larger than
one machine: the same per-report function as the build's own worker processes, submitted to the cluster's workers.

Dask distributed rather than Ray: a report's extraction is a plain Python function of a file and the reference
tables, which Dask ships by pickling as the process pool does; its scheduler and workers are Python packages
(`dask-scheduler`, `dask-worker`) with a LocalCluster for tests, where Ray brings its own object store and a
C++ core for what needs none of them here.

The workers read the reports and the reference tables by the build's own paths: they share its filesystem (a
LocalCluster, or the same paths mounted on every node). Each worker loads the reference once and keeps it.
What the cluster does not run (emission, SHACL, the store) stays on the building machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.errors import KGError
from kg.extract.extractor import Extractor
from kg.extract.model import ReportExtraction
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta

CONNECT_SECONDS = 10  # to reach the scheduler before the build gives up with a readable error
ExtractOne = Callable[[Extractor, ReportMeta], "ReportExtraction | None"]
_extractors: dict[str, Extractor] = {}  # on a worker: one per reference directory, loaded by its first task


def extract_on_cluster(metas: list[ReportMeta], reference_dir: Path, scheduler: str, extract_one: ExtractOne,
                       progress) -> list[ReportExtraction | None]:
    """Each report's extraction by `extract_one` on the cluster's workers, in the order of `metas`; None for a
    report whose extraction failed there."""
    from distributed import Client  # only a build with a scheduler needs it

    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise KGError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        futures = client.map(_on_worker, metas, reference_dir=str(reference_dir), extract_one=extract_one, pure=False)
        out = []
        for meta, future in zip(metas, futures, strict=True):
            progress(f"extracting {meta.path.name} (cluster)")
            out.append(future.result())
        return out


def _on_worker(meta: ReportMeta, reference_dir: str, extract_one: ExtractOne) -> ReportExtraction | None:
    extractor = _extractors.get(reference_dir)
    if extractor is None:
        extractor = _extractors[reference_dir] = Extractor(Reference.load(Path(reference_dir)))
    return extract_one(extractor, meta)
