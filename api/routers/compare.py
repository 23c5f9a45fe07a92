"""/compare?from=2024&to=2025[&place=SLUG]: what changed between two plans, place by place — HTML for people, CSV
and JSON for programs."""

from __future__ import annotations

import csv
import io
import json

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kg.errors import NoAcceptableFormat, NotFound
from kg.graph import iris
from kg.views.compare import Comparison, compare, plan_years

from .. import validators
from ..conneg import negotiate
from ..deps import reading
from ..presentation import local_path, number, signed
from ..render import page

router = APIRouter()

FORMATS = {"html": "text/html", "json": "application/json", "csv": "text/csv"}


def _rows(c: Comparison) -> list[dict]:
    out = []
    for item in c.items:
        out.append({
            "place": item.place, "place_zh": item.place_zh, "indicator": item.indicator, "label_zh": item.label_zh, "label_en": item.label_en,
            "statistic": item.statistic.rsplit("#", 1)[-1], "unit": item.unit, "unit_zh": item.unit_zh,
            "project": item.project, "status": item.status,
            f"{c.from_year}": [{"value": str(s.value), "as_written": s.text, "qualifiers": s.qualifiers, "figure": s.figure}
                               for s in item.before],
            f"{c.to_year}": [{"value": str(s.value), "as_written": s.text, "qualifiers": s.qualifiers, "figure": s.figure}
                             for s in item.after],
            "change": str(item.change) if item.change is not None else None,
        })
    return out


def _csv(c: Comparison) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["place", "place_zh", "indicator", "label_zh", "label_en", "statistic", "unit", "project", "status",
                f"value_{c.from_year}", f"as_written_{c.from_year}", f"value_{c.to_year}", f"as_written_{c.to_year}",
                "change"])
    for item in c.items:
        w.writerow([item.place, item.place_zh, item.indicator, item.label_zh, item.label_en or "", item.statistic.rsplit("#", 1)[-1], item.unit,
                    item.project or "", item.status,
                    ";".join(str(s.value) for s in item.before), ";".join(s.text for s in item.before),
                    ";".join(str(s.value) for s in item.after), ";".join(s.text for s in item.after),
                    "" if item.change is None else str(item.change)])
    return buf.getvalue()


def _years(service, from_year: int | None, to_year: int | None, place: str | None) -> tuple[int, int]:
    years = plan_years(service, place)
    if from_year is None and to_year is None and len(years) >= 2:
        return years[-2], years[-1]
    whose = "this place's reports have" if place else "the graph has"
    for y in (from_year, to_year):
        if y is None or y not in years:
            raise NotFound(f"no plan for {y}: {whose} plans for {', '.join(map(str, years)) or 'no year'}; "
                           "ask /compare?from=YEAR&to=YEAR")
    return from_year, to_year


def _place(service, slug: str | None) -> str | None:
    if slug is None:
        return None
    if not iris.SLUG_RE.match(slug):
        raise NotFound(f"no place {slug!r}: give the slug of a place page, /page/place/SLUG")
    iri = str(iris.entity("place", slug))
    if not service.select(f"SELECT ?r WHERE {{ ?r jjo:aboutPlace <{iri}> }} LIMIT 1"):
        raise NotFound(f"no report is about the place {slug!r}")
    return iri


@router.get("/compare", summary="What changed between two plans", response_class=HTMLResponse)
@router.get("/compare.{fmt}", summary="What changed between two plans, in the format of the suffix")
def compare_plans(request: Request, fmt: str | None = None,
                  from_year: int | None = Query(None, alias="from", ge=1949, le=2200, description="plan year"),
                  to_year: int | None = Query(None, alias="to", ge=1949, le=2200, description="plan year"),
                  place: str | None = Query(None, max_length=100,
                                            description="slug of the reporting place (default: every place)")) -> Response:
    if fmt is not None and fmt not in FORMATS:
        raise NotFound(f"no format .{fmt}: use .html, .json or .csv")
    media = FORMATS[fmt] if fmt else negotiate(request.headers.get("accept"), list(FORMATS.values()), "text/html")
    if media is None:
        raise NoAcceptableFormat("this resource is available as text/html, application/json and text/csv")
    validators.cacheable(request)
    service = request.app.state.query_service
    place_iri = _place(service, place)
    a, b = _years(service, from_year, to_year, place_iri)
    c = compare(service, a, b, place_iri)
    query = f"from={a}&to={b}" + (f"&place={place}" if place else "")
    headers = {"Vary": "Accept", "Link": ", ".join(
        f'</compare.{ext}?{query}>; rel="alternate"; type="{m}"' for ext, m in FORMATS.items())}
    if media == "application/json":
        body = json.dumps({"from": a, "to": b, "place": place_iri, "items": _rows(c)}, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json", headers=headers)
    if media == "text/csv":
        return Response(_csv(c), media_type="text/csv; charset=utf-8", headers={
            **headers, "Content-Disposition": f'inline; filename="compare-{a}-{b}.csv"'})
    return page(request, "compare.html", reading(request), headers=headers, c=c, query=query, local_path=local_path,
                number=number, signed=signed)
