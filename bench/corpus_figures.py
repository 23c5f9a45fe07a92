"""Figures of the generated corpus (issue 14): clauses that state one indicator's result or target in the words of
the reports, each with the figures it carries, recorded as the development set records them (tests/quality/README.md:
indicator | value | unit | year | kind | statistic; the indicator by its curated name in
data/reference/indicators.csv, the value in the unit's base, `-3` for 下降3%).

The names a report uses change with the year, as the statistics did: 农民人均纯收入 before 2014, 公共财政 before the
2015 budget law, the surveyed unemployment rate from 2018. Sizes grow with the year and shrink with the level."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

YI, WAN = Decimal(10) ** 8, Decimal(10) ** 4
SCALE = {"province": Decimal(40), "prefecture": Decimal(6), "county": Decimal(1)}  # a county's size is 1


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: Decimal
    unit: str
    year: int
    kind: str  # result | target
    statistic: str  # level | growth

    def row(self) -> dict:
        return {"indicator": self.indicator, "value": format(self.value.normalize(), "f"), "unit": self.unit,
                "year": self.year, "kind": self.kind, "statistic": self.statistic}


@dataclass(frozen=True)
class Clause:
    text: str
    figures: tuple[Figure, ...]


class Draw:
    """Numbers of one report: its level, its year, its seeded random source."""

    def __init__(self, rng: random.Random, level: str, year: int, kind: str):
        self.rng, self.level, self.year, self.kind = rng, level, year, kind

    def size(self, low: float, high: float, places: int = 2, scaled: bool = True) -> Decimal:
        """A level at the county scale of 2025, grown back to the year and up to the level."""
        raw = Decimal(str(self.rng.uniform(low, high)))
        if scaled:
            raw *= SCALE[self.level] * Decimal("0.92") ** (2025 - self.year)
        return raw.quantize(Decimal(1).scaleb(-places)) if places else raw.quantize(Decimal(1))

    def rate(self, low: float, high: float, step: str = "0.1") -> Decimal:
        """A rate rounded to `step` (0.1, or 0.5 as targets are set)."""
        unit = Decimal(step)
        value = ((Decimal(str(self.rng.uniform(low, high))) / unit).quantize(Decimal(1)) * unit).normalize()
        return value if value else unit  # never 0 nor -0: a report says 持平 (flat) for no change, a figure of no number

    def growth(self) -> Decimal:
        """GDP-like growth of the year: fast before 2013, slower after, a dip in 2020."""
        y = self.year
        low, high = (9, 14) if y < 2013 else (6.5, 9.5) if y < 2020 else (1, 4) if y == 2020 else \
            (7, 10) if y == 2021 else (3.5, 7)
        return self.rate(low, high, "0.5" if self.kind == "target" else "0.1")

    def fig(self, indicator: str, value: Decimal, unit: str, statistic: str) -> Figure:
        return Figure(indicator, value, unit, self.year, self.kind, statistic)


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _change(value: Decimal) -> str:
    return f"增长{_num(value)}%" if value >= 0 else f"下降{_num(-value)}%"


def _said(d: Draw, value: Decimal) -> str:
    """A result's change as the reports vary it: 增长5%, 同比增长5%, 比上年增长5%."""
    return d.rng.choice(["", "", "同比", "比上年"]) + _change(value)


# -- results ---------------------------------------------------------------------------------------------------

def gdp(d: Draw) -> Clause:
    level, g = d.size(300, 900, 2), d.growth()
    figs = [d.fig("地区生产总值", level * YI, "yuan", "level"), d.fig("地区生产总值", g, "percent", "growth")]
    text = d.rng.choice(["地区生产总值{l}亿元，{g}", "实现地区生产总值{l}亿元，比上年{g}", "地区生产总值达到{l}亿元、{g}"])
    return Clause(text.format(l=_num(level), g=_change(g)), tuple(figs))


def industry(d: Draw) -> Clause:
    g = d.growth() + d.rate(-1, 2.5)
    name = d.rng.choice(["规模以上工业增加值", "规上工业增加值"])
    return Clause(f"{name}{_change(g)}", (d.fig("规上工业增加值", g, "percent", "growth"),))


def revenue(d: Draw) -> Clause:
    level, g = d.size(20, 80, 2), d.rate(-3, 12)
    if d.level == "county":
        name, indicator = ("公共财政总收入" if d.year < 2015 else "一般公共预算总收入"), "一般公共预算总收入"
    else:
        name, indicator = ("公共财政预算收入" if d.year < 2015 else "地方一般公共预算收入"), "一般公共预算本级收入"
    return Clause(f"{name}{_num(level)}亿元，{_change(g)}",
                  (d.fig(indicator, level * YI, "yuan", "level"), d.fig(indicator, g, "percent", "growth")))


def investment(d: Draw) -> Clause:
    g = d.rate(-8, 16)
    name = d.rng.choice(["固定资产投资", "全社会固定资产投资"])
    return Clause(f"{name}{_change(g)}", (d.fig("全社会固定资产投资", g, "percent", "growth"),))


def retail(d: Draw) -> Clause:
    level, g = d.size(120, 400, 2), d.rate(-2, 13)
    name = d.rng.choice(["社会消费品零售总额", "社会消费品零售总额", "社会消费品零售额"])
    return Clause(f"{name}{_num(level)}亿元，{_said(d, g)}",
                  (d.fig("社会消费品零售总额", level * YI, "yuan", "level"),
                   d.fig("社会消费品零售总额", g, "percent", "growth")))


def trade(d: Draw) -> Clause:
    level, g = d.size(40, 300, 2), d.rate(-9, 15)
    name = d.rng.choice(["进出口总额", "外贸进出口总额"])
    return Clause(f"{name}{_num(level)}亿元，{_said(d, g)}",
                  (d.fig("进出口总额", level * YI, "yuan", "level"), d.fig("进出口总额", g, "percent", "growth")))


def foreign_investment(d: Draw) -> Clause:
    level = d.size(0.5, 3, 2)
    name = d.rng.choice(["实际利用外资", "实际使用外资"])
    if level < 1:  # a small sum is counted in 万美元
        return Clause(f"{name}{_num(level * 10000)}万美元", (d.fig("实际利用外资", level * YI, "usd", "level"),))
    return Clause(f"{name}{_num(level)}亿美元", (d.fig("实际利用外资", level * YI, "usd", "level"),))


def incomes(d: Draw) -> Clause:
    scale = Decimal("0.94") ** (2025 - d.year)
    urban = (Decimal(d.rng.randint(38000, 72000)) * scale).quantize(Decimal(1))
    rural = (urban * Decimal(str(d.rng.uniform(0.38, 0.6)))).quantize(Decimal(1))
    gu, gr = d.growth() - d.rate(0, 1.5), d.growth() + d.rate(0, 1.5)
    rural_name, rural_indicator = (("农民人均纯收入", "农村居民人均纯收入") if d.year < 2014
                                   else ("农村居民人均可支配收入", "农村居民人均可支配收入"))
    figs = (d.fig("城镇居民人均可支配收入", urban, "yuan", "level"),
            d.fig("城镇居民人均可支配收入", gu, "percent", "growth"),
            d.fig(rural_indicator, rural, "yuan", "level"), d.fig(rural_indicator, gr, "percent", "growth"))
    forms = [f"城镇居民人均可支配收入{urban}元、{_change(gu)}，{rural_name}{rural}元、{_change(gr)}",
             f"城镇居民人均可支配收入{urban}元，{_said(d, gu)}；{rural_name}{rural}元，{_said(d, gr)}"]
    if gu > 0 and gr > 0:  # 分别增长a%、b% says both rose
        forms.append(f"城镇居民人均可支配收入和{rural_name}分别达到{urban}元、{rural}元，分别{_change(gu)}、{_num(gr)}%")
    text = d.rng.choice(forms)
    return Clause(text, figs)


def jobs(d: Draw) -> Clause:
    n = d.size(0.4, 1.5, 1) * WAN
    words = f"{_num(n / WAN)}万人" if n >= WAN else f"{_num(n)}人"
    suffix = "以上" if d.kind == "target" else ""
    name = d.rng.choice(["城镇新增就业", "城镇新增就业", "新增城镇就业"])
    return Clause(f"{name}{words}{suffix}", (d.fig("城镇就业", n, "ren", "level"),))


def grain(d: Draw) -> Clause:
    tonnes = d.size(10, 60, 1, scaled=False) * SCALE[d.level]
    return Clause(f"粮食产量{_num(tonnes)}万吨", (d.fig("粮食产量", tonnes * WAN, "tonne", "level"),))


def urbanisation(d: Draw) -> Clause:
    rate = d.rate(38, 72) + Decimal(d.year - 2005) / 2
    return Clause(f"常住人口城镇化率达到{_num(rate)}%", (d.fig("常住人口城镇化率", rate, "percent", "level"),))


def tertiary(d: Draw) -> Clause:
    g = d.growth() + d.rate(-1, 2)
    name = d.rng.choice(["第三产业增加值", "服务业增加值"])
    return Clause(f"{name}{_change(g)}", (d.fig("第三产业增加值", g, "percent", "growth"),))


# -- targets -----------------------------------------------------------------------------------------------------

def gdp_target(d: Draw) -> Clause:
    g = d.growth()
    return Clause(f"地区生产总值增长{_num(g)}%左右", (d.fig("地区生产总值", g, "percent", "growth"),))


def industry_target(d: Draw) -> Clause:
    g = d.growth() + d.rate(0, 2, "0.5")
    return Clause(f"规模以上工业增加值增长{_num(g)}%", (d.fig("规上工业增加值", g, "percent", "growth"),))


def revenue_target(d: Draw) -> Clause:
    g = d.rate(2, 8, "0.5")
    if d.level == "county":
        name, indicator = ("公共财政总收入" if d.year < 2015 else "一般公共预算总收入"), "一般公共预算总收入"
    else:
        name, indicator = ("公共财政预算收入" if d.year < 2015 else "地方一般公共预算收入"), "一般公共预算本级收入"
    return Clause(f"{name}增长{_num(g)}%", (d.fig(indicator, g, "percent", "growth"),))


def investment_target(d: Draw) -> Clause:
    g = d.rate(3, 15, "0.5")
    return Clause(f"固定资产投资增长{_num(g)}%", (d.fig("全社会固定资产投资", g, "percent", "growth"),))


def retail_target(d: Draw) -> Clause:
    g = d.rate(5, 13, "0.5")
    return Clause(f"社会消费品零售总额增长{_num(g)}%", (d.fig("社会消费品零售总额", g, "percent", "growth"),))


def incomes_target(d: Draw) -> Clause:
    g = d.growth()
    return Clause(f"城乡居民人均可支配收入增长{_num(g)}%",
                  (d.fig("城乡居民人均可支配收入", g, "percent", "growth"),))


def unemployment_target(d: Draw) -> Clause:
    if d.year >= 2018 and d.level != "county":
        value, name = Decimal("5.5"), "城镇调查失业率"
    else:
        value, name = d.rate(3.5, 4.5, "0.5"), "城镇登记失业率"
    return Clause(f"{name}控制在{_num(value)}%以内", (d.fig(name, value, "percent", "level"),))


def prices_target(d: Draw) -> Clause:
    value = Decimal(d.rng.choice(["3", "3", "3.5", "4"]))
    return Clause(f"居民消费价格涨幅控制在{value}%左右", (d.fig("居民消费价格", value, "percent", "growth"),))


RESULTS: tuple[Callable[[Draw], Clause], ...] = (industry, revenue, investment, retail, trade, foreign_investment,
                                                 incomes, jobs, grain, urbanisation, tertiary)
TARGETS: tuple[Callable[[Draw], Clause], ...] = (industry_target, revenue_target, investment_target, retail_target,
                                                 incomes_target, jobs, unemployment_target, prices_target)


def results(rng: random.Random, level: str, year: int, n: int) -> list[Clause]:
    """GDP first, as every report opens with it, then `n` other results in the reports' usual order."""
    d = Draw(rng, level, year, "result")
    chosen = sorted(rng.sample(range(len(RESULTS)), n))
    return [gdp(d)] + [RESULTS[i](d) for i in chosen]


def targets(rng: random.Random, level: str, year: int, n: int) -> list[Clause]:
    d = Draw(rng, level, year, "target")
    chosen = sorted(rng.sample(range(len(TARGETS)), n))
    return [gdp_target(d)] + [TARGETS[i](d) for i in chosen]
