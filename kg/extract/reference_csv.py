"""Reading the curated CSV tables of data/reference/: comment lines kept out, every problem named by file and line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.errors import InputError


def read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row. Lines starting with '#' are comments (sources, notes)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("reference file is missing", file=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 ({exc.reason})", file=path) from None
    # Blank out comment lines rather than dropping them, so csv line numbers stay the file's.
    lines = ["" if ln.lstrip().startswith("#") else ln for ln in text.splitlines()]
    reader = csv.reader(io.StringIO("\n".join(lines)))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for record in reader:
            if not record or all(not c.strip() for c in record):
                continue
            if header is None:
                header = [c.strip() for c in record]
                missing = [c for c in columns if c not in header]
                if missing:
                    raise InputError(f"header lacks column(s) {', '.join(missing)}; expected {','.join(columns)}",
                                     file=path, line=reader.line_num)
                continue
            if len(record) != len(header):
                raise InputError(f"has {len(record)} fields, the header has {len(header)}", file=path,
                                 line=reader.line_num)
            rows.append((reader.line_num, {k: v.strip() for k, v in zip(header, record)}))
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=path, line=reader.line_num) from None
    if header is None:
        raise InputError("has no header row", file=path)
    return rows
