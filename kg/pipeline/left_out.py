"""The numbers a build read and kept as no figure, written beside the published store (`left-out.tsv`): what was
left out and why, with the file and line of its words, so that a reader can check what the graph does not say
(issue 28: precision first — no figure rather than a wrong one — and say so)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from kg.extract.model import ReportExtraction

LEFT_OUT = "left-out.tsv"
COLUMNS = ("report", "file", "line", "words", "reason", "statement")
STATEMENT_SHOWN = 80  # characters of the statement: enough to find the words


def write_left_out(directory: Path, extractions: Iterable[ReportExtraction], where=lambda file: file) -> int:
    """Write the file into a store's directory under its final name once complete; the rows written.
    `where` gives the path a report's file is kept at (a staged report is named where it will be)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = 0
    for ex in extractions:
        file = str(where(str(ex.meta.path)))
        for goal in ex.goals:
            for left in goal.left_out:
                statement = " ".join(goal.text.split())[:STATEMENT_SHOWN]
                writer.writerow((ex.meta.slug, file, left.span.line, left.text, left.reason, statement))
                rows += 1
    partial = directory / (LEFT_OUT + ".partial")
    partial.write_text(buffer.getvalue(), encoding="utf-8")
    partial.replace(directory / LEFT_OUT)
    return rows
