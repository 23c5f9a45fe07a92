"""data/reference/national_figures.csv: the national government work report's headline targets and results,
curated by hand, each row naming the document it was read from and the words that state it (the file's header
says what a row is and how these figures relate to figures extracted from an ingested national report).

They become figures of 中国 (kg/graph/emit.py `Emitter.national`), the top rung of the ladder (issue 17).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import InputError
from kg.extract.reference_csv import read_csv

FILE = "national_figures.csv"
COUNTRY = "zhongguo"
COLUMNS = ("year", "indicator", "kind", "statistic", "value", "unit", "qualifiers", "quote", "source_file",
           "source_title", "source_date", "source_url", "note")
KINDS = ("target", "result")
STATISTICS = ("level", "growth")
QUALIFIERS = ("about", "at-least", "at-most", "estimated")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$")


@dataclass(frozen=True)
class NationalFigure:
    year: int
    indicator: str  # a slug of indicators.csv
    kind: str  # target | result
    statistic: str  # level | growth
    value: Decimal
    unit: str  # a slug of units.csv
    qualifiers: tuple[str, ...]
    quote: str  # the report's words for the figure
    source_file: str
    source_title: str
    source_date: str  # YYYY-MM-DD, or YYYY-MM when the document prints no day
    source_url: str
    note: str
    line: int

    @property
    def slug(self) -> str:
        """The figure's slug: country, year, indicator, kind and statistic (unique in the file)."""
        return f"{COUNTRY}-national-{self.year}-{self.indicator}-{self.kind}-{self.statistic}"


def load(directory: Path, indicators, units) -> list[NationalFigure]:
    """The rows of the table, checked (indicators and units: the slugs the reference data knows); [] when the file
    is absent (a deployment without national figures)."""
    path = directory / FILE
    if not path.exists():
        return []
    out: list[NationalFigure] = []
    seen: dict[tuple, int] = {}
    for line, r in read_csv(path, COLUMNS):
        def bad(message: str, line: int = line) -> InputError:
            return InputError(message, file=path, line=line)
        if not (r["year"].isascii() and r["year"].isdigit() and 1949 <= int(r["year"]) <= 2200):
            raise bad(f"year {r['year']!r} is not a year of 1949–2200")
        if r["indicator"] not in indicators:
            raise bad(f"indicator {r['indicator']!r} is not in indicators.csv")
        if r["unit"] not in units:
            raise bad(f"unit {r['unit']!r} is not in units.csv")
        if r["kind"] not in KINDS or r["statistic"] not in STATISTICS:
            raise bad(f"kind must be one of {KINDS}, statistic one of {STATISTICS}")
        if r["statistic"] == "growth" and r["unit"] != "percent":
            raise bad("a growth rate is in percent")
        try:
            value = Decimal(r["value"])
        except InvalidOperation:
            raise bad(f"value {r['value']!r} is not a number") from None
        if not value.is_finite():
            raise bad(f"value {r['value']!r} is not a number")
        qualifiers = tuple(q for q in r["qualifiers"].split("|") if q)
        if any(q not in QUALIFIERS for q in qualifiers):
            raise bad(f"qualifiers {r['qualifiers']!r}: each one of {QUALIFIERS}")
        for column in ("quote", "source_file", "source_title", "source_url"):
            if not r[column].strip():
                raise bad(f"{column} is empty: every row names the document and the words it was read from")
        if not r["source_url"].startswith(("https://", "http://")):
            raise bad("source_url is the document's address (http or https)")
        if not _DATE.match(r["source_date"]):
            raise bad(f"source_date {r['source_date']!r} is not YYYY-MM-DD or YYYY-MM")
        key = (r["year"], r["indicator"], r["kind"], r["statistic"])
        if key in seen:
            raise bad(f"the same figure as line {seen[key]} (year, indicator, kind and statistic)")
        seen[key] = line
        out.append(NationalFigure(int(r["year"]), r["indicator"], r["kind"], r["statistic"], value, r["unit"],
                                  qualifiers, r["quote"].strip(), r["source_file"], r["source_title"],
                                  r["source_date"], r["source_url"], r["note"].strip(), line))
    return out
