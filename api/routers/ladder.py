"""/ladder: a place's target of a year on one indicator beside the targets of every place it lies within, up to 中国
(`?indicator=SLUG&place=SLUG&year=2024[&statistic=growth]`) — HTML for people, JSON for programs, by content
negotiation or the suffix. How the ladder is made: jjo:TargetLadderRule (ontology/jinjiang.ttl), shown on the page.

Bad parameters (a missing or malformed year, an unknown indicator, place or statistic) are 400s, as /compare's are."""

from __future__ import annotations

import json

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kg.errors import BadParameter, NotFound
from kg.views.ladder import RULE, STATISTICS, Ladder, ladder

from .. import validators
from ..charts import STATISTIC_ZH, ladder_svg
from ..conneg import chosen_format
from ..deps import Reading
from ..presentation import local_path
from ..render import page
from .compare import LEVEL_ZH, SVG_POLICY, _indicator, _known_place, _slug, _year

router = APIRouter()

FORMATS = {"html": "text/html", "json": "application/json"}
OUTCOME_ZH = {"Exceeded": "超额完成", "Met": "完成", "Missed": "未完成", "NotComparable": "无法比较"}
OUTCOME_EN = {"Exceeded": "exceeded", "Met": "met", "Missed": "missed", "NotComparable": "not comparable"}


def _rule(service) -> dict[str, str]:
    """The statement of how the ladder is made, in both languages, as the ontology gives it."""
    rows = service.select(f"SELECT ?c WHERE {{ <{RULE}> rdfs:comment ?c }}")
    return {r["c"].language: r["c"].value for r in rows if r["c"].language in ("en", "zh")}


def the_ladder(request: Request, indicator: str | None, place: str | None, year: str | None,
               statistic: str | None) -> tuple[Ladder, dict, str]:
    """The ladder the parameters ask for, the indicator's names, and its query string; BadParameter if wrong."""
    service = request.app.state.query_service
    if not indicator or not place or not year:
        raise BadParameter("give the indicator, the place and the year: /ladder?indicator=SLUG&place=SLUG&year=YEAR "
                           "(slugs of an indicator page and a place page)")
    the_year = _year(year, "year")
    if statistic is not None and statistic.strip() not in STATISTICS:
        raise BadParameter(f"statistic={statistic[:40]!r} is not one of {', '.join(STATISTICS)}")
    iri, label_zh, label_en = _indicator(service, indicator)
    place_iri = _known_place(service, place)
    result = ladder(service, place_iri, iri, the_year, statistic.strip() if statistic else None)
    query = (f"indicator={_slug(indicator, 'an indicator')}&place={_slug(place, 'a place')}&year={the_year}"
             f"&statistic={result.statistic}")
    return result, {"zh": label_zh, "en": label_en}, query


@router.get("/ladder", summary="A place's target beside the targets of the places above it", response_class=HTMLResponse)
@router.get("/ladder.{fmt}", summary="The same, in the format of the suffix")
def ladder_page(request: Request, fmt: str | None = None,
                indicator: str | None = Query(None, max_length=100, description="slug of the indicator"),
                place: str | None = Query(None, max_length=100, description="slug of the place at the ladder's foot"),
                year: str | None = Query(None, max_length=40, description="the year of the targets"),
                statistic: str | None = Query(None, max_length=40, description="growth, level, change, rank or "
                                              "plan-share; by default the one most levels state a target in")
                ) -> Response:
    media = chosen_format(request.headers.get("accept"), fmt, FORMATS)
    validators.cacheable(request)
    result, label, query = the_ladder(request, indicator, place, year, statistic)
    rule = _rule(request.app.state.query_service)
    headers = {"Vary": "Accept", "Link": ", ".join(
        f'</ladder.{ext}?{query}>; rel="alternate"; type="{m}"' for ext, m in FORMATS.items())}
    if media == "application/json":
        body = json.dumps({"indicator": result.indicator, "label_zh": label["zh"], "label_en": label["en"],
                           "place": result.place, "year": result.year, "statistic": result.statistic,
                           "rule": RULE, "rule_en": rule.get("en"), "rule_zh": rule.get("zh"),
                           "rows": [r.as_json() for r in result.rungs]}, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json", headers=headers)
    return page(request, "ladder.html", Reading(request), headers=headers, ladder=result, label=label, query=query,
                rule=rule, rule_iri=RULE, statistic_local=STATISTICS[result.statistic], local_path=local_path, level_zh=LEVEL_ZH, statistic_zh=STATISTIC_ZH,
                outcome_zh=OUTCOME_ZH, outcome_en=OUTCOME_EN)


@router.get("/chart/ladder.svg", summary="A ladder of targets as a chart (SVG)")
def ladder_chart(request: Request, indicator: str | None = Query(None, max_length=100),
                 place: str | None = Query(None, max_length=100), year: str | None = Query(None, max_length=40),
                 statistic: str | None = Query(None, max_length=40)) -> Response:
    validators.cacheable(request)
    result, label, _query = the_ladder(request, indicator, place, year, statistic)
    if result.levels_with_figures() == 0:
        raise NotFound("no level of this ladder has a target")
    return Response(ladder_svg(result, label["zh"]), media_type="image/svg+xml; charset=utf-8",
                    headers={"Content-Security-Policy": SVG_POLICY, "Cache-Control": "public, max-age=300"})
