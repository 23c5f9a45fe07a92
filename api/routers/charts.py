"""/chart/indicator/{slug}.svg: an indicator's targets and results over the years, drawn on the server."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kg.errors import NotFound
from kg.graph import iris
from kg.views.timeline import timeline

from .. import validators
from ..charts import timeline_svg

router = APIRouter()

# The SVG styles itself with its own <style> element; it carries no script (removed in charts.py).
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"


@router.get("/chart/indicator/{slug}.svg", summary="An indicator's targets and results by year (SVG)")
def indicator_chart(request: Request, slug: str,
                    statistic: str | None = Query(None, description="Level, GrowthRate, Change, Rank or PlanShare"),
                    place: str | None = Query(None, description="slug of the place whose figures to draw "
                                              "[default: the place with the most]")) -> Response:
    if not iris.SLUG_RE.match(slug):
        raise NotFound(f"no indicator {slug!r}")
    validators.cacheable(request)
    t = timeline(request.app.state.query_service, str(iris.entity("indicator", slug)))
    # One place per chart: two counties' targets on one line would read as one county's years.
    places = t.places()
    chosen = str(iris.entity("place", place)) if place is not None and iris.SLUG_RE.match(place) else place
    if chosen is not None and chosen not in places:
        raise NotFound(f"indicator {slug} has no figures of the place {place!r}")
    if places:
        t = t.of_place(chosen or places[0])
    series = t.series()
    if statistic is not None:
        series = [s for s in series if s[0] == statistic]
    if not series:
        raise NotFound(f"indicator {slug} has no figures" + (f" with statistic {statistic}" if statistic else ""))
    return Response(timeline_svg(t, *series[0]), media_type="image/svg+xml; charset=utf-8",
                    headers={"Content-Security-Policy": SVG_POLICY, "Cache-Control": "public, max-age=300"})
