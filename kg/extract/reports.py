"""The report catalogue: each report text in `data/reports/` with a `.meta.yaml` sidecar describing it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract import text_kind
from kg.extract.reference import read_yaml
from kg.extract.slugs import SLUG_RE

META_SUFFIX = ".meta.yaml"


@dataclass(frozen=True)
class ReportMeta:
    slug: str
    path: Path  # the report text
    meta_path: Path
    title: str
    report_title: str
    publisher: str
    author: str
    delivered: dt.date | None
    plan_year: int
    review_year: int
    place: str
    language: str
    source_url: str = ""  # where the text was published (an http(s) address), when known
    text_kind: str = ""  # formal | digest | news when the metadata says (kg/extract/text_kind.py reads it otherwise)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def meta_path_for(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + META_SUFFIX)


def _year(value, key: str, path: Path) -> int:
    if isinstance(value, int) and 1949 <= value <= 2200:
        return value
    raise InputError(f"{key} must be a year such as 2025, not {value!r}", file=path)


def load_meta(meta_path: Path) -> ReportMeta:
    data = read_yaml(meta_path, missing="metadata file is missing")
    if not isinstance(data, dict):
        raise InputError("must be a YAML mapping", file=meta_path)
    for key in ("slug", "title", "plan_year", "place"):
        if data.get(key) in (None, ""):
            raise InputError(f"{key} is required", file=meta_path)
    slug = str(data["slug"])
    if not SLUG_RE.match(slug):
        raise InputError(f"slug {slug!r} must be lowercase ASCII words joined by hyphens", file=meta_path)
    plan = _year(data["plan_year"], "plan_year", meta_path)
    review = _year(data.get("review_year", plan - 1), "review_year", meta_path)
    delivered = data.get("delivered")
    if delivered is not None and not isinstance(delivered, dt.date):
        try:
            delivered = dt.date.fromisoformat(str(delivered))
        except ValueError:
            raise InputError(f"delivered must be a date YYYY-MM-DD, not {delivered!r}", file=meta_path) from None
    source_url = str(data.get("source_url") or "")
    if source_url and not source_url.startswith(("http://", "https://")):
        raise InputError(f"source_url must be an http:// or https:// address, not {source_url!r}", file=meta_path)
    text_path = meta_path.with_name(meta_path.name[: -len(META_SUFFIX)] + ".txt")
    if not text_path.exists():
        raise InputError(f"no report text {text_path.name} next to this metadata", file=meta_path)
    return ReportMeta(slug, text_path, meta_path, str(data["title"]), str(data.get("report_title") or data["title"]),
                      str(data.get("publisher") or ""), str(data.get("author") or ""), delivered, plan, review,
                      str(data["place"]), str(data.get("language") or "zh"), source_url,
                      text_kind.checked(data.get("text_kind"), meta_path))


def catalogue(reports_dir: Path) -> list[ReportMeta]:
    """Every report with metadata, ordered by plan year. A text without metadata is an error, not skipped."""
    if not reports_dir.is_dir():
        raise InputError("reports directory is missing", file=reports_dir)
    metas = []
    for text in sorted(reports_dir.glob("*.txt")):
        meta = meta_path_for(text)
        if not meta.exists():
            raise InputError(f"has no metadata: add {meta.name} (or use `jjkg ingest`)", file=text)
        metas.append(load_meta(meta))
    slugs = [m.slug for m in metas]
    for m in metas:
        if slugs.count(m.slug) > 1:
            raise InputError(f"report slug {m.slug!r} is used by more than one report", file=m.meta_path)
    return sorted(metas, key=lambda m: (m.plan_year, m.slug))
