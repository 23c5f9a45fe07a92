"""What a publication says of itself in every document: its licence, the dataset it belongs to, its version and
when it was made.

The version is the build's time (UTC, `20261204T192256Z`): every build is a new publication, and that name sorts
in time order and is safe in a file name, so the dumps of a publication carry it. The build's own manifest is
the one source, for the embedded store and for a remote one (the publication record keeps the same manifest).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kg.graph import iris
from kg.store.lookup import Lookup, StoreCache

DATASET = str(iris.entity("dataset", "jinjiang-kg"))  # the dataset /void, /dumps and every document name
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
UNKNOWN = "unversioned"  # a store whose manifest has no build time (an old or hand-made one)
_releases = StoreCache()


@dataclass(frozen=True)
class Release:
    version: str  # 20261204T192256Z
    modified: str  # xsd:dateTime of the build, '' when unknown
    license: str = CC_BY
    dataset: str = DATASET


def from_manifest(manifest: dict) -> Release:
    return from_built(manifest.get("built"))


def from_built(built_text: str | None) -> Release:
    """The release of a build made at `built_text` (the manifest's "built", `2026-12-04T19:22:56+0000`)."""
    try:
        built = dt.datetime.strptime(built_text or "", "%Y-%m-%dT%H:%M:%S%z")
    except (TypeError, ValueError):
        return Release(UNKNOWN, "")
    return Release(built.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ"), built.isoformat())


def of(lookup: Lookup, manifest) -> Release:
    """The release of the store `lookup` reads, computed once per store; `manifest` is called only then."""
    return _releases.get(lookup.store, "release", lambda: from_manifest(manifest()))
