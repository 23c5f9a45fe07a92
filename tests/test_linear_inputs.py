"""Every step `jjkg ingest` takes over a text grows linearly with it (issue 30): unwrapping scanned the whole run of
non-blank lines from each line, so a text without blank lines cost 2.35 → 9.39 CPU s when it doubled and a 1 MB
report 85–251 CPU s. What is compared is a ratio of CPU times — the same work on a text and on that text twice —
never a time (the project's rule): a quadratic step makes the ratio near 4, a linear one near 2."""

from __future__ import annotations

import time
from pathlib import Path

from kg.extract.extractor import Extractor
from kg.extract.metadata import read_facts
from kg.extract.read import load_report, read_text
from kg.extract.reports import load_meta
from kg.settings import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "data" / "reports"
RATIO = 2.5  # the bound for twice the text


def without_blank_lines(size: int) -> str:
    """The seed reports' non-blank lines, again and again, up to `size` bytes of UTF-8: one paragraph of a
    real report's shape (bullets, numbered themes, headings, wrapped lines)."""
    lines = [ln for path in sorted(REPORTS.glob("*.txt")) for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    out: list[str] = []
    total = 0
    while total < size:
        for ln in lines:
            out.append(ln)
            total += len(ln.encode("utf-8")) + 1
            if total >= size:
                break
    return "\n".join(out) + "\n"


def ingest_side_cpu(extractor: Extractor, folder: Path, text: str) -> float:
    """CPU seconds of what `jjkg ingest` does with a text before the build: read it, read its facts, extract it."""
    path = folder / "long.txt"
    path.write_text(text, encoding="utf-8")
    (folder / "long.meta.yaml").write_text((REPORTS / "000_4f93ed80d38190e7.meta.yaml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    meta = load_meta(folder / "long.meta.yaml")
    start = time.process_time()
    loaded = load_report(path)
    read_facts(read_text(loaded.text, path), extractor.ref.gazetteer, extractor.ref.congress)
    extraction = extractor.extract(meta)
    spent = time.process_time() - start
    assert len(extraction.goals) > 100  # the text was read as a report, not refused or cut short
    return spent


def test_twice_the_text_without_blank_lines_costs_about_twice_the_cpu(tmp_path, reference):
    extractor = Extractor(reference)
    single = without_blank_lines(200_000)
    double = single + single  # exactly twice: 400 KB
    assert "\n\n" not in double
    # The least of two runs each: a busy machine only ever adds time.
    small = min(ingest_side_cpu(extractor, tmp_path, single) for _ in range(2))
    large = min(ingest_side_cpu(extractor, tmp_path, double) for _ in range(2))
    assert large / small < RATIO, f"200 KB: {small:.2f} CPU s, 400 KB: {large:.2f} CPU s ({large / small:.2f}×)"
