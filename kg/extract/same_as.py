"""data/reference/sameas.csv: our places' identifiers in other datasets (Wikidata), each row naming where it was
verified. Joined to places.csv by the NBS division code, and checked against the place's Chinese name, so that a
row can never link a place it was not verified for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract.reference_csv import read_csv

FILE = "sameas.csv"
TARGETS = (re.compile(r"^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$"),
           re.compile(r"^https://sws\.geonames\.org/[1-9][0-9]*/$"))


@dataclass(frozen=True)
class SameAs:
    slug: str  # the place of ours
    target: str  # the other dataset's IRI
    verified_at: str  # where the identifier was seen with that division code and name
    line: int


def load(directory: Path, places) -> list[SameAs]:
    """The links of `places` (kg.extract.reference PlaceRef, with slug, name_zh and division_code); [] when the
    file is absent (a deployment without links)."""
    path = directory / FILE
    if not path.exists():
        return []
    by_code = {p.division_code: p for p in places if p.division_code}
    out = []
    for line, row in read_csv(path, ("division_code", "name_zh", "same_as", "verified_at")):
        place = by_code.get(row["division_code"])
        if place is None:
            raise InputError(f"no place in places.csv has the division code {row['division_code']!r}", file=path,
                             line=line)
        if place.name_zh != row["name_zh"]:
            raise InputError(f"division code {row['division_code']} is {place.name_zh} in places.csv, not "
                             f"{row['name_zh']}", file=path, line=line)
        if not any(t.match(row["same_as"]) for t in TARGETS):
            raise InputError(f"{row['same_as']!r} is neither a Wikidata entity IRI (http://www.wikidata.org/entity/Q…) "
                             f"nor a GeoNames one (https://sws.geonames.org/…/)", file=path, line=line)
        if not row["verified_at"].strip():
            raise InputError("every link names where it was verified (column verified_at)", file=path, line=line)
        out.append(SameAs(place.slug, row["same_as"], row["verified_at"], line))
    return out
