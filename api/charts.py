"""Server-rendered SVG charts (pygal): an indicator's targets and results over the years."""

from __future__ import annotations

import re

import pygal
from pygal.style import Style

from kg.views.timeline import Timeline

OUTCOME_ZH = {"Exceeded": "超额完成", "Met": "完成", "Missed": "未完成", "NotComparable": "无法比较"}
STYLE = Style(background="transparent", plot_background="transparent", foreground="#1d1d1f",
              foreground_strong="#1d1d1f", foreground_subtle="#5f6368", colors=("#1a56a8", "#a4262c"),
              font_family="Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif")
_SCRIPT = re.compile(r"<script[\s\S]*?</script>")
MAGNITUDES = ((1e8, "亿"), (1e4, "万"))


def axis_number(value: float, unit_zh: str) -> str:
    """A value as a Chinese reader writes it on an axis: 350000000000 元 → 3500亿元, 12000 → 1.2万, 6.5 % → 6.5%;
    never `3.5e+11`."""
    unit = "%" if unit_zh in ("百分比", "%") else unit_zh
    for size, word in MAGNITUDES:
        if abs(value) >= size:
            return f"{_plain(value / size)}{word}{unit}"
    return f"{_plain(value)}{unit}"


def _plain(x: float) -> str:
    """At most four decimals, no trailing zeros, no exponent."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def timeline_svg(t: Timeline, statistic: str, unit: str) -> str:
    """Targets and results of one statistic of an indicator, by year, as a standalone SVG document.

    Years are categories on the x axis, labelled with the assessment of that year when there is one.
    pygal puts a small config <script> into every chart; it is removed, so the SVG runs nothing anywhere.
    """
    points = [p for p in t.points if p.statistic == statistic and p.unit == unit]
    years = list(range(min(p.year for p in points), max(p.year for p in points) + 1))
    verdicts = {j.year: OUTCOME_ZH[j.outcome] + ("（暂定）" if j.provisional else "")
                for j in t.judgements if j.statistic == statistic}
    unit_zh = points[0].unit_zh
    values = [float(p.value) for p in points]
    top = max(values) * 1.2 if max(values) > 0 else 1
    chart = pygal.Line(range=(min(0.0, min(values) * 1.2), top), print_values_position="top",style=STYLE, js=[], disable_xml_declaration=True, width=720, height=360, dots_size=5,
                       show_x_guides=False, truncate_legend=-1, allow_interruptions=True, print_values=True,
                       title=f"{t.label_zh}（{'增长率 %' if statistic == 'GrowthRate' else unit_zh}）",
                       value_formatter=lambda v: axis_number(v, "%" if statistic == "GrowthRate" else unit_zh))
    chart.x_labels = [f"{y} {verdicts[y]}" if y in verdicts else str(y) for y in years]
    for kind, name in (("Target", "目标 target"), ("Result", "结果 result")):
        by_year = {}
        for p in points:
            if p.kind == kind:
                by_year.setdefault(p.year, p)
        # Each point printed as written (增长6%左右: 左右 and 以上 kept), an estimate marked 预计 (issue 29).
        chart.add(name, [{"value": float(by_year[y].value), "label": point_text(by_year[y], "（预计 estimate）"),
                          "formatter": lambda v, p=by_year[y]: point_text(p, "（预计）")} if y in by_year else None
                         for y in years])
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def point_text(p, estimate: str) -> str:
    """A point's label: the figure as written, and for an estimate the words saying so."""
    return p.text + (estimate if "Estimated" in p.qualifiers else "")


KIND_ZH = {"Target": "目标 target", "Result": "结果 result"}
STATISTIC_ZH = {"GrowthRate": "增长率", "Level": "水平值", "Change": "变化", "Rank": "名次", "PlanShare": "完成计划比例"}


def series_title(label_zh: str, year: int, kind: str, statistic: str, unit_zh: str) -> str:
    """'地区生产总值 2026年 目标 target（增长率 %）': what one chart of places side by side shows."""
    what = "增长率 %" if statistic == "GrowthRate" else f"{STATISTIC_ZH.get(statistic, statistic)} {unit_zh}"
    return f"{label_zh} {year}年 {KIND_ZH.get(kind, kind)}（{what}）"


def places_svg(pc, kind: str, statistic: str, unit: str, rows) -> str:
    """One indicator's figures of one kind, statistic and unit in several places, a bar each, as a standalone SVG.

    Each bar is labelled with the figure as written (增长5%左右: 左右 and 以上 kept) and, for an estimate, 预计;
    a place with two figures (two sentences giving it) has two bars, each named by the place."""
    unit_zh = rows[0].unit_zh
    shown = "%" if statistic == "GrowthRate" else unit_zh
    values = [float(r.value) for r in rows]
    low, high = min(0.0, min(values) * 1.15), max(values) * 1.15 if max(values) > 0 else 1
    chart = pygal.HorizontalBar(range=(low, high), style=STYLE, js=[], disable_xml_declaration=True, width=720,
                                height=110 + 34 * len(rows), show_legend=False, print_values=True,
                                print_values_position="top", truncate_label=-1, show_y_guides=True,
                                title=series_title(pc.label_zh, pc.year, kind, statistic, unit_zh),
                                value_formatter=lambda v: axis_number(v, shown))
    chart.x_labels = [r.place_zh for r in rows]
    chart.add(KIND_ZH.get(kind, kind), [
        {"value": float(r.value), "label": r.text + ("（预计 estimate）" if r.estimated else ""),
         "formatter": lambda v, r=r: r.text + ("（预计）" if r.estimated else "")} for r in rows])
    return _SCRIPT.sub("", chart.render(is_unicode=True))


def ladder_svg(ladder, label_zh: str) -> str:
    """A ladder of targets (kg/views/ladder.py) as horizontal bars, one per level that has a target (the nation at the
    top, the place at the foot), each labelled as written, with the result beside it where known. Only the levels in
    the unit of the place's own figure (or the first level's) are drawn: bars of two units share no axis."""
    rungs = [r for r in ladder.rungs if r.value is not None]
    unit = rungs[0].unit if rungs else None
    rungs = [r for r in reversed(rungs) if r.unit == unit]
    shown = "%" if unit and unit.endswith("/percent") else ""
    values = [float(r.value) for r in rungs] + [float(r.result_value) for r in rungs if r.result_value is not None]
    low, high = min([0.0, *values]) * 1.15, (max(values) * 1.15 if values and max(values) > 0 else 1)
    chart = pygal.HorizontalBar(range=(low, high), style=STYLE, js=[], disable_xml_declaration=True, width=720,
                                height=130 + 48 * len(rungs), show_legend=True, print_values=True,
                                print_values_position="top", truncate_label=-1, show_y_guides=True,
                                title=f"{label_zh} {ladder.year}年 目标层级", value_formatter=lambda v: axis_number(v, shown))
    chart.x_labels = [r.place_zh for r in rungs]
    chart.add("目标 target", [{"value": float(r.value), "label": r.text, "formatter": lambda v, r=r: r.text}
                            for r in rungs])
    chart.add("结果 result", [None if r.result_value is None else
                            {"value": float(r.result_value), "label": r.result_text,
                             "formatter": lambda v, r=r: r.result_text} for r in rungs])
    return _SCRIPT.sub("", chart.render(is_unicode=True))
