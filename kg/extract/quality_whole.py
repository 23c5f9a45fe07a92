"""Figures on whole reports (issue 28): every figure of a few whole reports, read by hand, against the extractor.

The shared gold (kg/extract/quality_real.py) reads two paragraphs of each text, so figures found anywhere else are
not scored at all. Here a few whole texts are read (tests/quality/real/figures/, its README says which and how):
every figure of the text is in its TSV, in the shared gold's columns, and every figure the extractor finds anywhere
in the text counts — right when it matches a gold row, wrong otherwise. The texts are found as the projects gold
finds them (../shared/corpus/*/NAME.txt, else ../shared/reports/NAME.txt, read with the metadata of its copy in
data/reports/).
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.extract.extractor import Extractor
from kg.extract.link import Linker
from kg.extract.quality_projects import meta_of, text_for
from kg.extract.quality_real import (
    LEVEL_OF_FOLDER,
    TextScore,
    figures_found,
    load_corrections,
    load_gold,
    matched,
    report,
)
from kg.extract.reference import Reference

# The seed reports are a county-level city's (晋江市).
LEVELS = {**LEVEL_OF_FOLDER, "reports": "county"}


def score(gold_dir: Path, corpus: Path, ref: Reference, data_reports: Path, reports: Path | None = None,
          doubtful_optional: bool = True) -> list[TextScore]:
    """Every TSV of `gold_dir` (one per whole text, named after it), scored on the whole text. A row the reader
    marked doubtful counts only when found (`doubtful_optional`): a whole text has many readings a careful reader
    is unsure of (a five-year summary's totals without a year), and a rule should not be held to them."""
    reports = reports if reports is not None else corpus.parent / "reports"
    corrections = load_corrections(gold_dir.parent / "corrections.yaml")
    extractor = Extractor(ref)
    out = []
    for tsv in sorted(gold_dir.glob("*.tsv")):
        path = text_for(tsv.stem, corpus, reports)
        if path is None:
            raise InputError(f"no text {tsv.stem}.txt in {corpus}/*/ or {reports}", file=tsv)
        by_file = load_gold(tsv, ref, corrections)
        if set(by_file) - {path.name}:
            raise InputError(f"every row reads {path.name}; these do not: {sorted(set(by_file) - {path.name})}", file=tsv)
        ex = extractor.extract(meta_of(path, ref, data_reports))
        found = figures_found(ex, Linker(ref).link([ex]), ref)
        level = LEVELS.get(path.parent.name, path.parent.name)
        out.append(matched(TextScore(path.name, level, "ours", by_file.get(path.name, []), found), doubtful_optional))
    return out


def has_texts(gold_dir: Path, corpus: Path) -> bool:
    return any(text_for(t.stem, corpus, corpus.parent / "reports") for t in gold_dir.glob("*.tsv"))


def whole_report(results: list[TextScore], details: bool = False) -> str:
    """The table of quality_real.report, its totals per level, titled for whole texts."""
    return report(results, details=details, layout="whole reports read by us (every figure of the text)")
