"""/compare: what changed between two plans (`?from=2024&to=2025[&place=SLUG]`), or one indicator's figures of one
year in several places side by side (`?indicator=SLUG&year=2026&places=a,b,c` or `&within=SLUG`: every place
directly within one that has such a figure) — HTML with a chart for people, CSV and JSON for programs.

Bad parameters (a malformed year, an unknown indicator or place, nothing to compare) are 400s: the site's error
page for browsers, JSON for JSON clients (api/errors.py), never FastAPI's raw validation JSON."""

from __future__ import annotations

import csv
import io
import json
import re

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kg.errors import BadParameter, NotFound
from kg.graph import iris
from kg.views.compare import Comparison, PlaceComparison, compare, compare_places, plan_years

from .. import validators
from ..charts import KIND_ZH, STATISTIC_ZH, places_svg, series_title
from ..conneg import chosen_format
from ..deps import Reading
from ..presentation import local_path, number, signed
from ..render import page

router = APIRouter()

FORMATS = {"html": "text/html", "json": "application/json", "csv": "text/csv"}
LEVEL_ZH = {"country": "国家", "province": "省级", "prefecture": "地级", "county": "县级", "town": "镇",
            "subdistrict": "街道", "township": "乡"}
YEAR_RE = re.compile(r"^\d{4}$")
MAX_PLACES = 60
# The SVG styles itself with its own <style> element; it carries no script (removed in charts.py).
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
PLACE_COLUMNS = ["place", "place_zh", "level", "year", "kind", "value", "as_written", "unit", "unit_zh", "statistic",
                 "qualifiers", "estimated", "report", "line", "sentence", "figure"]


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


def place_rows(pc: PlaceComparison) -> list[dict]:
    return [{"place": r.place, "place_zh": r.place_zh, "level": r.level, "year": r.year, "kind": r.kind,
             "value": str(r.value), "as_written": r.text, "unit": r.unit, "unit_zh": r.unit_zh, "statistic": r.statistic,
             "qualifiers": r.qualifiers, "estimated": r.estimated, "report": r.report, "line": r.line,
             "sentence": r.sentence, "figure": r.figure} for r in pc.rows]


def _places_csv(pc: PlaceComparison) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, PLACE_COLUMNS)
    w.writeheader()
    for row in place_rows(pc):
        w.writerow({**row, "level": row["level"] or "", "qualifiers": " ".join(row["qualifiers"]),
                    "estimated": "true" if row["estimated"] else "false"})
    return buf.getvalue()


def _year(raw: str | None, name: str) -> int | None:
    if raw is None or raw == "":
        return None
    raw = raw.strip()
    if not YEAR_RE.match(raw) or not 1949 <= int(raw) <= 2200:
        raise BadParameter(f"{name}={raw[:40]!r} is not a year: give four digits between 1949 and 2200, "
                           f"such as {name}=2026")
    return int(raw)


def _slug(raw: str, what: str) -> str:
    slug = raw.strip()
    if not iris.SLUG_RE.match(slug):
        raise BadParameter(f"{slug[:60]!r} is not the slug of {what}: give the last part of its page's address, "
                           f"/page/{what.split()[-1]}/SLUG")
    return slug


def _known_place(service, slug: str) -> str:
    iri = str(iris.entity("place", _slug(slug, "a place")))
    if not service.select(f'SELECT ?l WHERE {{ <{iri}> rdfs:label ?l ; jjo:placeType ?t }} LIMIT 1'):
        raise BadParameter(f"no place {slug!r} in the graph: give the slug of a place page, /page/place/SLUG")
    return iri


def _place(service, slug: str | None) -> str | None:
    if slug is None:
        return None
    iri = _known_place(service, slug)
    if not service.select(f"SELECT ?r WHERE {{ ?r jjo:aboutPlace <{iri}> }} LIMIT 1"):
        raise BadParameter(f"no report is about the place {slug!r}, so it has no plans to compare; to compare "
                           "places, ask /compare?indicator=SLUG&year=YEAR&places=a,b")
    return iri


def _years(service, from_year: int | None, to_year: int | None, place: str | None) -> tuple[int, int]:
    years = plan_years(service, place)
    whose = "this place's reports have" if place else "the graph has"
    have = f"{whose} plans for {', '.join(map(str, years)) or 'no year'}"
    if from_year is None and to_year is None:
        if len(years) >= 2:
            return years[-2], years[-1]
        raise BadParameter(f"nothing to compare: two plans are needed and {have}; to compare places, ask "
                           "/compare?indicator=SLUG&year=YEAR&places=a,b or &within=SLUG")
    if from_year is None or to_year is None:
        raise BadParameter(f"give both years, /compare?from=YEAR&to=YEAR: {have}")
    for y in (from_year, to_year):
        if y not in years:
            raise NotFound(f"no plan for {y}: {have}; ask /compare?from=YEAR&to=YEAR")
    return from_year, to_year


def _indicator(service, slug: str) -> tuple[str, str, str | None]:
    iri = str(iris.entity("indicator", _slug(slug, "an indicator")))
    rows = service.select(f"""SELECT ?zh ?en WHERE {{ <{iri}> rdfs:label ?zh . FILTER (lang(?zh) = "zh")
        OPTIONAL {{ <{iri}> rdfs:label ?en . FILTER (lang(?en) = "en") }} }} LIMIT 1""")
    if not rows:
        raise BadParameter(f"no indicator {slug!r} in the graph: give the slug of an indicator page, "
                           "/page/indicator/SLUG")
    return iri, rows[0]["zh"].value, rows[0]["en"].value if rows[0]["en"] is not None else None


def places_comparison(request: Request, indicator: str | None, year: str | None, places: str | None,
                      within: str | None) -> tuple[PlaceComparison, str]:
    """The comparison the parameters ask for, and its query string; BadParameter saying what is wrong."""
    service = request.app.state.query_service
    if not indicator:
        raise BadParameter("nothing to compare: give the indicator, /compare?indicator=SLUG&year=YEAR&places=a,b")
    the_year = _year(year, "year")
    if the_year is None:
        raise BadParameter("nothing to compare: give the year, /compare?indicator=SLUG&year=YEAR&places=a,b")
    slugs = [s for s in re.split(r"[,，\s]+", places or "") if s]
    if bool(slugs) == bool(within):
        raise BadParameter("nothing to compare: give either places=a,b,c (slugs of place pages) or within=SLUG "
                           "(every place directly within it), not both or neither")
    if len(slugs) > MAX_PLACES:
        raise BadParameter(f"at most {MAX_PLACES} places at once; within=SLUG takes every place within one")
    iri, label_zh, label_en = _indicator(service, indicator)
    place_iris = list(dict.fromkeys(_known_place(service, s) for s in slugs))
    within_iri = _known_place(service, within) if within else None
    pc = compare_places(service, iri, label_zh, label_en, the_year, place_iris or None, within_iri)
    query = f"indicator={indicator.strip()}&year={the_year}" + (
        f"&within={within.strip()}" if within else "&places=" + ",".join(dict.fromkeys(s.strip() for s in slugs)))
    return pc, query


@router.get("/compare", summary="What changed between two plans, or one indicator in several places",
            response_class=HTMLResponse)
@router.get("/compare.{fmt}", summary="The same, in the format of the suffix")
def compare_plans(request: Request, fmt: str | None = None,
                  from_year: str | None = Query(None, alias="from", max_length=40, description="plan year"),
                  to_year: str | None = Query(None, alias="to", max_length=40, description="plan year"),
                  place: str | None = Query(None, max_length=100,
                                            description="slug of the reporting place (default: every place)"),
                  indicator: str | None = Query(None, max_length=100,
                                                description="slug of the indicator to compare places by"),
                  year: str | None = Query(None, max_length=40, description="the year of the figures compared"),
                  places: str | None = Query(None, max_length=4000, description="slugs of places, comma-separated"),
                  within: str | None = Query(None, max_length=100,
                                             description="slug of a place: compare every place directly within it")
                  ) -> Response:
    media = chosen_format(request.headers.get("accept"), fmt, FORMATS)
    across = any(p is not None for p in (indicator, year, places, within))
    if across and any(p is not None for p in (from_year, to_year, place)):
        raise BadParameter("choose one comparison: two plans (from, to, place) or places side by side "
                           "(indicator, year, places or within)")
    validators.cacheable(request)
    if across:
        return _places_answer(request, media, *places_comparison(request, indicator, year, places, within))
    service = request.app.state.query_service
    place_iri = _place(service, place)
    a, b = _years(service, _year(from_year, "from"), _year(to_year, "to"), place_iri)
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
    return page(request, "compare.html", Reading(request), headers=headers, c=c, query=query, local_path=local_path,
                number=number, signed=signed)


def _places_answer(request: Request, media: str, pc: PlaceComparison, query: str) -> Response:
    headers = {"Vary": "Accept", "Link": ", ".join(
        f'</compare.{ext}?{query}>; rel="alternate"; type="{m}"' for ext, m in FORMATS.items())}
    if media == "application/json":
        body = json.dumps({"indicator": pc.indicator, "label_zh": pc.label_zh, "label_en": pc.label_en,
                           "year": pc.year, "within": pc.within, "places": pc.places, "rows": place_rows(pc)},
                          ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json", headers=headers)
    if media == "text/csv":
        name = pc.indicator.rsplit("/", 1)[-1]
        return Response(_places_csv(pc), media_type="text/csv; charset=utf-8", headers={
            **headers, "Content-Disposition": f'inline; filename="compare-{name}-{pc.year}.csv"'})
    return page(request, "compare_places.html", Reading(request), headers=headers, pc=pc, query=query,
                local_path=local_path, series_title=series_title, kind_zh=KIND_ZH, statistic_zh=STATISTIC_ZH,
                level_zh=LEVEL_ZH, names=_names(request.app.state.query_service, [pc.within or "", *pc.missing()]))


def _names(service, places: list[str]) -> dict[str, str]:
    """The Chinese names of places the page links to by IRI only (the place compared within, places with no figure),
    so it says 中国, not its slug."""
    wanted = " ".join(f"<{p}>" for p in places if p)
    if not wanted:
        return {}
    rows = service.select(f'SELECT ?p ?l WHERE {{ VALUES ?p {{ {wanted} }} ?p rdfs:label ?l FILTER(LANG(?l) = "zh") }}')
    return {r["p"].value: r["l"].value for r in rows}


@router.get("/chart/compare.svg", summary="One indicator's figures of one year in several places (SVG)")
def places_chart(request: Request,
                 indicator: str | None = Query(None, max_length=100), year: str | None = Query(None, max_length=40),
                 places: str | None = Query(None, max_length=4000), within: str | None = Query(None, max_length=100),
                 series: str = Query("0", max_length=10, description="which group of comparable figures "
                                     "(kind, statistic, unit), in the order of the page, from 0")) -> Response:
    if not series.isascii() or not series.isdigit():
        raise BadParameter(f"series={series!r} is not a number: give 0 for the first chart, 1 for the next")
    validators.cacheable(request)
    pc, _query = places_comparison(request, indicator, year, places, within)
    groups = pc.series()
    if int(series) >= len(groups):
        raise NotFound(f"this comparison has {len(groups)} chart(s)")
    return Response(places_svg(pc, *groups[int(series)]), media_type="image/svg+xml; charset=utf-8",
                    headers={"Content-Security-Policy": SVG_POLICY, "Cache-Control": "public, max-age=300"})
