"""Figures: numbers with a unit, their qualifiers, what kind of statistic they are and what they measure.

'增长6%左右' → growth rate 6 percent, about; '2.6万个以上' → 26000 items, at least; '全国第4' → rank 4;
'突破百家' → 100 enterprises, passed. The indicator is the phrase the number is about: the subject before a
growth verb or a rank, or the object after a classifier ('实施120个治水项目' → 治水项目).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from kg.extract.layout import cn_number
from kg.extract.read import THOUSANDS
from kg.extract.recognise.indicator_names import INCREMENT, IndicatorNames
from kg.extract.recognise.text import clauses, quoted_mask, starts_with_any, strip_prefixes, strip_suffixes, tidy
from kg.extract.reference import Reference
from kg.extract.years import YEAR

MAGNITUDE = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
GENERIC_HEADS = ("项目", "工程")
_TIMES = "ci"  # the unit 次: a count of times something was done
# Endings that make the words before 的 an attribute of the noun after it ('三个新式的炼钢厂', '800个限额以上的工业企业'):
# then the noun is what is counted.
_ATTRIBUTIVE = ("式", "化", "型", "级", "性", "以上", "以下", "规模")
# A clause opening on a year, after a clause that names a measure (a noun ending in one of the heads below): the
# measure is the topic, the subject of the figures the years introduce.
_YEAR_OPENS = re.compile(f"(?:{YEAR})年")
_PLANNED_AT = ("拟定为", "计划为", "预计为")  # '…总投资额，拟定为145.8亿元': the measure named before, planned at
_MEASURE_HEAD = re.compile(r"(?:值|额|量|速度|成本|收入|利润|比重|价格|指数|人数|面积)$")
_BUILDINGS = ("住宅", "住房", "房屋", "校舍")  # counted in square metres: their floor area
# A single numeral and 、 before a number in numerals: a rough count of two neighbours ('二、三百亿度', '四、五十个').
_ROUGH_LOWER_BOUND = re.compile(r"(?<![一二三四五六七八九十百千万亿两零〇\d])[一二三四五六七八九两]、$")
_AFTER_A_MAGNITUDE_ONLY = ("度",)  # a unit read only after 万 or 亿 (data/reference/units.csv)
EXAMPLES_END = ("等", "等等")  # 'A、B等N个项目': what precedes 等 are examples of what is counted
PART_CUE = "其中"  # '其中本级收入117.2亿元': a part of the total just named
LIST_SEPARATORS = "、和及与"


# Why a number read was kept as no figure (issue 28: precision first, and say what was left out).
NO_CLEAN_NAME = "no clean name of what it measures"
OVER_A_PERIOD = "an average or a sum over years, or a gap to another place"
AN_INCREMENT = "an increment"
NOT_OF_THE_PLACE = "the meeting's attendance or the report's own parts"


@dataclass(frozen=True)
class LeftOut:
    """A number with its unit that is no figure of ours, and why."""

    start: int  # span of the number and its unit in the statement text
    end: int
    number_text: str
    reason: str


@dataclass
class FigureMention:
    start: int  # span of the figure's own words in the statement text
    end: int
    number_text: str  # the number as written ('2.6万', '百', '四')
    value: Decimal  # in base units: 2.6万个 → 26000
    unit: str  # unit slug from units.csv, or 'rank'
    statistic: str  # 'level', 'growth', 'rank', 'change'
    qualifiers: list[str] = field(default_factory=list)
    indicator: str = ""  # the phrase it measures, flow verb included ('新增保租房')
    indicator_base: str = ""  # without the flow verb ('保租房')
    flow: str = ""  # '新增' etc., or ''
    part_of: str = ""  # the total named before '其中' ('……总收入86.2亿元，其中地方一般公共预算收入……')
    upper: Decimal | None = None  # a range's second bound ('增长5%—5.5%': value 5, upper 5.5; qualifier 'range')


_ARABIC = re.compile(r"(?<![A-Za-z\d.\u066c])(\d(?:\u066c?\d)*(?:\.\d+)?)(?: (?=[百千万亿]))?([百千万亿]*)(?:(?<=\d)([多余])([百千万亿]+))?"
                     r"(?:(?<=[\d百千万亿])[多余](?=[^\d百千万亿多余]))?")  # '6000多场', '1万多家', '4200余个': more than
# A number in Chinese numerals ('九千二百多万', '二十七亿四千万', '十三点四'), not inside a longer one or an
# ordinal (第); '多'/'余' between the numeral and its magnitude ('九千二百多万亩') is 'more than'.
_CN_NUMBER = re.compile(r"(?<![一二三四五六七八九十百千万亿两零〇\d第.])([一二三四五六七八九十百千万亿两零〇]+(?:点[零〇一二三四五六七八九]+)?)"
                        r"(?:([多余])([万亿]?))?")
# The upper bound of a percentage's range written bare ('百分之二百五十到二百七十五'); not a year ('到一九五七年').
_CN_UPPER_BOUND = re.compile(r"[到至](?!百分之)[一二三四五六七八九十百零〇]+(?:点[零〇一二三四五六七八九]+)?(?![一二三四五六七八九十百零〇点年])")
_CN_PERCENT = re.compile(r"百分之([一二三四五六七八九十百零〇]+(?:点[零〇一二三四五六七八九]+)?)")  # 百分之一百二十七
# The ordinal of a session, or of several listed ('十一届九次、十次全会'): no count.
_MEETING_ORDINAL = re.compile(r"次(?:、[一二三四五六七八九十]+次)*(?:会议|全会|全体会议|代表大会)")
_ARTICLES = {"一", "两", "二", "百", "千", "万", "亿", "十"}  # alone: an article ('一个'), a pair ('两个') or a magnitude
# A bare magnitude ('万户家庭'), not the tail of an unread numeral (九千二百多万亩) nor of 亿万 ('亿万人民': the people).
_CN_MAGNITUDE = re.compile(r"(?<![一二三四五六七八九十百千万亿两零〇多余几\d])([百千万])(?:(?<=[千万])(?=亿)|(?<=[百千])(?=万))?([亿万]?)")
# A share written before what it is a share of: '89.4%的公园实现24小时开放', '60%以上的县级机构三级达标'.
_SHARE_OF = re.compile(r"的([^，。；：、]{2,24}?)(?=[，。；：]|$)")
_LIGHT_VERBS = re.compile(r"实现|达到|了")
_A_RATE = re.compile(r"增|速|幅|率|目标|水平|比重|比例|左右")
_RANK_ADVERBS = ["历史性", "首次", "继续", "持续", "稳步", "再次"]
# Measures that name nothing alone ('收入83.9亿元'), and the heads of a measure of a subject they may follow.
_BARE_MEASURES = frozenset({"收入", "营收", "营业收入", "产值", "投资", "利润", "增加值", "营业额", "金额", "实际金额"})
_SUBJECT_HEADS = ("人次", "人数", "收入", "营收", "产值", "投资", "利润", "增加值", "营业额", "规模", "数量")
# What may follow a bare round number that is an amount ('突破千亿元，', '超万亿元以上。'): the end of its clause.
_ENDS_ITS_CLAUSE = re.compile(r"(?:以上|左右|多)?(?:[，。；、：！？,;:!?）)]|$)")
# A programme named by a round number ('实施千家企业节能行动', '百村示范工程', '万名…专项计划'): its name, not a count.
_PROGRAMME = re.compile(r"[^，。；、：]{2,12}?(?:工程|行动|专项计划|计划)(?=$|[，。；、：])")
# Two bare magnitudes with their classifiers in a row ('千家万户'): an idiom for everyone, no count.
_PAIRED_MAGNITUDES = re.compile(r"[百千万][^\W\d百千万亿][百千万亿]")
_STILL = ("仍然", "依然", "仍")  # adverbs between a rate's noun and its verb
_PLAN_SHARE = re.compile(r"(?:完成|占|达到|为)(?:年度|全年)?(?:计划|任务|目标)(?:任务)?的?$|(?<=.)(?:计划|任务)完成$")
# A comparison with a base ending in 高/低 ('比去年预算高'): what follows in points is the difference.
_ABOVE_A_BASE = re.compile(r"(?:比|较)[^，。；]{1,12}[高低]$")
_SINCE_YEAR = re.compile(r"(?:比|较)(?:19|20)\d{2}年(?:底|末)?")
_PLAN_SHARE_AHEAD = re.compile(r"^(?:占|完成|为)(?:年度|全年)?(?:计划|任务|目标)(?:任务)?的")
# Nouns after the last of several subjects that are each's ('发电量、用电量占比均超过30%').
_SHARED_TAILS = ("增加值", "普及率", "覆盖率", "占比", "比重", "增速", "增幅")
# The three sectors of the economy written as one subject: '一二三产增加值', '第一、二、三产业增加值', '二三产业'.
_SECTORS = re.compile(r"((?:第?[一二三]、?){2,3})(产业|产)(增加值|投资|比重|结构)?$")
# A name that counts years (平均受教育年限, 使用年限) earlier in the clause.
_YEARS_COUNTED = re.compile(r"年限[^，。；：]*$")
_LONGEST_NAME = 8  # characters around a numeral searched for a division's full name that holds it
# A subject of people right before a number with a magnitude and no unit ('贫困人口减少1386万', '人口增加50万').
_PEOPLE_BEFORE = re.compile(r"人口[^，。；、\d]{0,4}$")
# A name ending in its unit right before a number with a magnitude and no unit ('医疗旅游人次86.5万', '参保人数1.2亿'):
# the number is in that unit.
_UNIT_BEFORE = re.compile(r"(人次|人数)(?:达到?|为|突破|超过?)?$")
_UNIT_OF_NAME = {"人次": "人次", "人数": "人"}
SUBJECT_CLAUSE = 24  # a clause of its own no longer than this, before a span, names what the span is of
# What follows a number and its unit when they are no figure: a duration ('连续16个季度'), a description ('13亿人口的
#国家': 人 begins 人口; '惠及1000万家庭': 家 begins 家庭, not the classifier of enterprises; '三次产业': the three
# sectors of the economy, no count of times).
_NO_FIGURE_AFTER = re.compile(r"(?<=个)(?:季度|月|年|星期|小时|工作日)|(?<=人)口|(?<=家)庭|(?<=次)产业|(?<=部)(?:门|委|署|分|位|件)|(?<=个)字|级(?!别)")
# A measure, then 以上/以下 and a noun: a threshold that describes the noun ('60岁以上人口', '1亿元以上的技改项目'); a
# count so written counts the noun ('新增50家以上先进智能工厂').
_THRESHOLD_OF_A_NOUN = re.compile(r"(?:以上|以下)的?(?=[^\W\d])")
# A level verb of change ending the words before an amount ('亩产提升10.1斤'): an increment of what is named.
# A budget's item before 安排 ('中央预算内投资安排5776亿元'): the amount allotted to it. After a payer ('中央财政安排150亿
# 元用于…') the amount is for what follows, not the payer's.
_BUDGET_ITEM = re.compile(r"(?:投资|支出|赤字|投入|资金|经费)拟?安排$")
_CHANGE_ENDING = ("提升", "提高", "上升", "下降", "降低", "增加", "扩大", "增产", "减产")
# A change verb standing alone before an amount ('……30000亿元，增加5232亿元'): the increment of the subject before.
_BARE_CHANGE = re.compile(r"^(?:比上年|比上一年|比去年|同比|较上年)?(?:增加|减少|多增|少增|增收|减收|增产|减产)$")
_COUNTED = re.compile(r"[两二三四五六七八九十]+(?:个|大|项|类)(?=.)")
# '全国第4位', '保持全国第四': a rank ends its clause or is followed by 位/名 ('第三产业' is no rank).
_RANK = re.compile(r"第(\d+|[一二三四五六七八九十]+)(?:名|位|(?=$|[，。；、,;）)”]))|首位")
# The words of a rank's span around its subject: '世界排名由第十位上升到第五位', '由上年居世界第五位': not its name.
# '连续18年居全省县域首位': how long it has held the rank, not what is ranked.
_RANK_SPAN = re.compile(r"(?:(?:从|由)(?:上年|去年|(?:19|20)\d{2}年)?的?)$|^(?:排名|排位)|(?:排名|排位)$"
                        r"|连续(?:\d+|[一二三四五六七八九十]+)年$")


# A growth rate named as the target of a growth: '经济增长预期目标为6%左右', '地区生产总值增长的预期目标是5%'.
_GROWTH_TARGET = re.compile(r"(?:增长|增速|增幅)(?:的)?(?:预期)?目标(?:为|是)?$")
_RANGE_JOINS = {"-", "－", "—", "–", "~", "～", "至", "到"}
# The joins of a range kept as one figure: the dashes and tildes of today's targets ('增长5%—5.5%'). A range joined by
# 至 or 到 is left out: in the older reports its bounds are as often a from-to (停留在六百吨到八百五十吨) or a class's
# bounds (100万元至300万元) as a range, and their names are clauses.
_RANGE_DASHES = _RANGE_JOINS - {"至", "到"}


# The lower bound of a range written bare before the upper one ('增长4.5-5%', '6～6.5%').
_BARE_LOWER_BOUND = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s?[-－—–~～至到]\s?$")


def _ranges(text: str, numbers: list) -> tuple[list, dict[int, Decimal]]:
    """A figure given as a range ('增长4.5%—5%', '5%-5.5%', '4.5-5%', '3000亿元至3500亿元') is one figure with both
    bounds: its number runs over both, its value is the first bound and the second is returned by the number's start.
    A bare first bound is read only before a percentage (its unit can only be the second's); elsewhere, for bounds in
    different units and for bounds joined by 至 or 到, neither bound is kept (precision before recall)."""
    uppers: dict[int, Decimal] = {}
    out: list = []
    for n in numbers:
        bare = _BARE_LOWER_BOUND.search(text, 0, n[0])
        if bare:
            if n[4] != "%" or bare.group(0).strip()[-1] not in _RANGE_DASHES:
                continue
            start = bare.start()
            lower = Decimal(re.match(r"\d+(?:\.\d+)?", text[start:]).group(0))  # a percentage: no magnitude
            uppers[start] = n[3]
            out.append((start, n[1], text[start:n[1]], lower, n[4], n[5]))
            continue
        prev = out[-1] if out else None
        if prev is not None and prev[0] not in uppers and text[prev[1]:n[0]].strip() in _RANGE_JOINS:
            out.pop()
            if prev[4] == n[4] and n[5] == "number" and text[prev[1]:n[0]].strip() in _RANGE_DASHES:
                uppers[prev[0]] = n[3]
                out.append((prev[0], n[1], text[prev[0]:n[1]], prev[3], n[4], n[5]))
            continue  # bounds in different units, or joined by 至 or 到: no figure
        out.append(n)
    return out, uppers


def _without_sizes_of_each(numbers: list, ref: Reference) -> list:
    """A measure right after a count ('3座35万千瓦光热电站', '2台百万千瓦机组'): the size of each thing counted, not a
    figure of the place."""
    def count(n) -> bool:
        unit = ref.unit_by_token.get(n[4])
        return unit is not None and unit.quantity == "count"
    return [n for prev, n in zip([None, *numbers], numbers)
            if not (prev is not None and prev[1] == n[0] and count(prev) and not count(n) and n[4] != "rank")]


def _cn_value(cn2an, numeral: str) -> Decimal | None:
    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart")))
    except (ValueError, KeyError, IndexError, TypeError):  # no well-formed numeral ('一亿一千七百', '百万')
        return None


class FigureRecogniser:
    def __init__(self, ref: Reference):
        self.ref = ref
        p = ref.phrases
        # A duration (年) follows numbers everywhere as a date ('2025年'): read only where the name counts years.
        self.units = sorted((t for t, u in ref.unit_by_token.items() if u.quantity != "duration"), key=len, reverse=True)
        self.q_before = dict(sorted(p["qualifiers_before"].items(), key=lambda kv: -len(kv[0])))
        self.q_after = dict(sorted(p["qualifiers_after"].items(), key=lambda kv: -len(kv[0])))
        self.growth = dict(sorted(p["growth_verbs"].items(), key=lambda kv: -len(kv[0])))
        self.rank_verbs = p["rank_verbs"]
        self.estimate = p["estimate_cues"]
        self.action = list(p["action_verbs"]) + list(p["estimate_cues"]) + list(p["target_cues"])
        self.flow = list(p["flow_verbs"])
        self.keep = tuple(p["noun_starts"])
        self.construction = list(p["construction_verbs"])
        # Verbs that begin another task inside a clause: a count's object ends before them.
        self.task_verbs = sorted(set(p["action_verbs"]) | set(p["construction_verbs"]) | {"发放", "追回"}, key=len,
                                 reverse=True)
        self.trailing = list(p["trailing_words"])
        # Where the object of a count opening its clause ends: the clause's own verb ('3920个新投产项目增加产值…').
        self.object_ends = [*self.task_verbs, *self.growth, *self.flow, "增加", "减少", "带动", "带来", "拉动", "创造", "吸纳", "受益", "惠及"]
        # A pivotal clause (兼语句): a verb, its object, the object's own verb — '组团参加', '组织企业参加', '鼓励企业开展'.
        doing = "|".join(map(re.escape, sorted((v for v in p["action_verbs"] if len(v) >= 2), key=len, reverse=True)))
        self.pivot = re.compile(f"^(?:{'|'.join(map(re.escape, p['pivot_verbs']))})[^，。；、]{{0,4}}?(?:{doing})")
        # Works joined to another activity after the things counted ('建设和招商运营', '改造与提升').
        works = "|".join(map(re.escape, sorted((w for w in p["works_suffixes"] if len(w) >= 2), key=len, reverse=True)))
        self.activities_joined = re.compile(f"(?<=.)(?:{works})[和与及]")
        self.works = list(p["works_suffixes"])
        self.level_verbs = ["达到", "高达", "达", "稳定在", "保持在", "保持", "为", "完成", "实现", "在"]
        self.period_words = list(ref.phrases["period_words"])
        self.gap_words = list(ref.phrases["gap_words"])
        self.report_parts = tuple(ref.phrases["report_parts"])
        self.subject_hint = ""  # the subject of a figure left out (an increment), for the figures after it
        self.why_not = NO_CLEAN_NAME  # why the last number was no figure
        self.uppers: dict[int, Decimal] = {}  # the second bound of each range of the statement, by its number's start
        self.left_out: list[LeftOut] = []  # of the last text found
        self.growth_nouns = {noun: int(sign) for noun, sign in p["growth_nouns"].items()}
        self.pairs = {k: list(v) for k, v in sorted(p["distributive_pairs"].items(), key=lambda kv: -len(kv[0]))}
        self.meeting_cues = list(p["meeting_cues"])
        self.meeting_heads = tuple(p["meeting_heads"])
        self.rank_generic = dict(p["rank_generic"])
        self.rank_scopes = list(p["rank_scopes"])
        self.populations = list(p["rank_populations"])
        self.totals = list(p["generic_totals"])
        self.names = IndicatorNames(ref)

    # -- numbers -----------------------------------------------------------------------------------------

    def _unit_at(self, text: str, i: int) -> str | None:
        for token in self.units:
            if text.startswith(token, i):
                if token in _AFTER_A_MAGNITUDE_ONLY and text[i - 1:i] not in ("万", "亿"):
                    continue  # '零下十度', '两度': a degree or a time, not the kilowatt hour of '二千亿度'
                return token
        return None

    def _numbers(self, text: str) -> list[tuple[int, int, str, Decimal, str, str]]:
        """(start, end, number text, value, unit token or 'rank', kind) for every figure-like number."""
        mask = quoted_mask(text)
        found = []
        for m in _ARABIC.finditer(text):
            if mask[m.start()]:
                continue
            magnitudes, end = m.group(2) + (m.group(4) or ""), m.end()
            unit = self._unit_at(text, end)
            if unit is None and m.group(3) is None and magnitudes:
                # '300万千瓦': the last magnitude word may begin the unit (千瓦, 千米).
                unit = self._unit_at(text, end - 1)
                if unit is not None:
                    magnitudes, end = magnitudes[:-1], end - 1
            digits = m.group(1).replace(THOUSANDS, "")  # '8,725,483,000' (kg/extract/read.py)
            if (unit is None and text.startswith("年", end) and not magnitudes and Decimal(digits) < 100
                    and _YEARS_COUNTED.search(text, max(0, m.start() - 40), m.start())):
                unit = "年"  # '平均受教育年限从2020年的9.6年提升至…': a number of years, where the name counts years
            if unit is None and magnitudes and _PEOPLE_BEFORE.search(text[:m.start()]):
                unit = ""  # '农村贫困人口减少1386万': a number of people, the unit implied by the subject
            named = _UNIT_BEFORE.search(text, 0, m.start()) if unit is None and magnitudes else None
            if named and not self._unit_at(text, end):
                unit, implied = "", _UNIT_OF_NAME[named.group(1)]
            else:
                implied = "人"
            if unit is None or self._is_ordinal_context(text, m.start()) or _NO_FIGURE_AFTER.match(text, end + len(unit)) \
                    or self._describes_a_noun(text, end + len(unit), unit):
                continue
            value = Decimal(digits)
            for ch in magnitudes:
                value *= MAGNITUDE[ch]
            found.append((m.start(), end + len(unit), text[m.start():end], value, unit or implied, "number"))
        found += self._chinese_numbers(text, mask, found)
        for m in _CN_MAGNITUDE.finditer(text):
            if mask[m.start()]:
                continue
            unit = self._unit_at(text, m.end())
            if unit is None or unit == "%" or any(s <= m.start() < e for s, e, *_ in found) \
                    or _NO_FIGURE_AFTER.match(text, m.end() + len(unit)) or self._paired(text, m.start()) \
                    or _PROGRAMME.match(text, m.end() + len(unit)) or self._names_what_follows(text, m.end() + len(unit), unit) \
                    or self._in_a_place_name(text, m.start(), m.end() + len(unit)) \
                    or (m.group(0) == "万" and unit == "岁"):
                continue  # no unit, inside another figure, '每万人口…' (人 begins 人口), a place's name (万家寨镇), or
                # the word 万岁 ('long live'), never an age
            value = MAGNITUDE[m.group(1)] * (MAGNITUDE[m.group(2)] if m.group(2) else 1)  # '千亿元', '万亿元', '百万吨'
            found.append((m.start(), m.end() + len(unit), m.group(0), value, unit, "number"))
        for m in _RANK.finditer(text):
            if mask[m.start()]:
                continue
            scope = text[max(0, m.start() - 12): m.start()]
            if not any(s in scope for s in self.rank_scopes):
                continue  # '第十八届', '第三次会议': ordinals, not ranks
            n = m.group(1) or "一"  # 首位: the first
            value = Decimal(n) if n.isdigit() else Decimal(cn_number(n) or 0)
            if value <= 0:
                continue
            found.append((m.start(), m.end(), n, value, "rank", "rank"))
        return sorted(found)

    def _names_what_follows(self, text: str, end: int, unit: str) -> bool:
        """Whether a bare round amount is part of a name ('千万吨炼化基地', '百亿元以上产业链'): an amount ends its clause
        ('超万亿元，'); a count goes on to what it counts ('举办超千场体育赛事', '改造万户家庭燃气设施')."""
        return self.ref.unit_by_token[unit].quantity != "count" and not _ENDS_ITS_CLAUSE.match(text, end)

    def _describes_a_noun(self, text: str, end: int, unit: str) -> bool:
        return bool(unit) and self.ref.unit_by_token[unit].quantity != "count" and bool(_THRESHOLD_OF_A_NOUN.match(text, end))

    @staticmethod
    def _paired(text: str, start: int) -> bool:
        """Whether the bare magnitude at `start` is one of a pair ('千家万户': 千家 and 万户 both are)."""
        return bool(_PAIRED_MAGNITUDES.match(text, start) or _PAIRED_MAGNITUDES.match(text, max(0, start - 2), start + 1))

    def _in_a_place_name(self, text: str, start: int, end: int) -> bool:
        """Whether the words [start, end) lie inside a division's full name (七台河市, 五台县, 万家寨镇): a name, no
        number."""
        for i in range(max(0, start - _LONGEST_NAME), start + 1):
            for j in range(end, min(len(text), i + _LONGEST_NAME) + 1):
                if j - i >= 3 and self.ref.gazetteer.is_full_name(text[i:j]):
                    return True
        return False

    def _chinese_numbers(self, text: str, mask, found) -> list[tuple[int, int, str, Decimal, str, str]]:
        """Numbers in Chinese numerals followed by a unit, and percentages written 百分之…; what cn2an does not
        read as a well-formed numeral is no number (nothing invented)."""
        import cn2an  # imported here: only texts with Chinese numerals need it

        out = []
        for m in _CN_PERCENT.finditer(text):
            value = _cn_value(cn2an, m.group(1))
            if _CN_UPPER_BOUND.match(text, m.end()):
                continue  # '增长百分之二百五十到二百七十五': a range joined by 到, left out as the others (_ranges)
            if value is not None and not mask[m.start()]:
                out.append((m.start(), m.end(), m.group(0), value, "%", "number"))
        taken = [(s, e) for s, e, *_ in [*found, *out]]
        for m in _CN_NUMBER.finditer(text):
            numeral, magnitude = m.group(1), m.group(3) or ""
            if mask[m.start()] or numeral in _ARTICLES or any(s <= m.start() < e for s, e in taken) \
                    or _ROUGH_LOWER_BOUND.search(text, 0, m.start()):
                continue  # … or the upper of two rough numbers ('二、三百亿度': two or three hundred)
            unit = self._unit_at(text, m.end())
            if unit is None or unit == "%" or _MEETING_ORDINAL.match(text, m.end()):
                continue  # no unit, or the ordinal of a session ('十八届人大三次会议')
            if _NO_FIGURE_AFTER.match(text, m.end() + len(unit)) or self._in_a_place_name(text, m.start(), m.end() + len(unit)) \
                    or self._describes_a_noun(text, m.end() + len(unit), unit):
                continue  # '十亿人口的大国': 人 begins 人口; '七台河市': a place's name; '一百万吨以上的矿井': a threshold
            # '四亿零七百多万': the magnitude after 多 belongs to the numeral's last group (4.07亿), so the numeral is read
            # with it; '十三点四万' (a decimal, which cn2an does not read so) is multiplied.
            value = _cn_value(cn2an, numeral + magnitude) if magnitude and "点" not in numeral else None
            if value is None:
                value = _cn_value(cn2an, numeral)
                if value is None:
                    continue
                for ch in magnitude:
                    value *= MAGNITUDE[ch]
            out.append((m.start(), m.end() + len(unit), m.group(0), value, unit, "number"))
        return out

    @staticmethod
    def _is_ordinal_context(text: str, i: int) -> bool:
        return i > 0 and text[i - 1] == "第"

    # -- figures -----------------------------------------------------------------------------------------

    def find(self, text: str) -> list[FigureMention]:
        """The figures of a statement's text; the numbers read but kept as no figure are in `left_out` after."""
        self.left_out = []
        self.growth_named: tuple[str, int] | None = None  # a subject named with its rate of growth, and the rate's sign
        self.after_increment: int | None = None  # the sign of the increment the number just before was (left out)
        self.increment_sign = 1
        numbers, self.uppers = _ranges(text, self._numbers(text))
        numbers = _without_sizes_of_each(numbers, self.ref)
        out: list[FigureMention] = []
        previous_subject = ""
        subjects: list[str] = []  # the subjects of the last '分别' clause, for a following '分别增长……'
        for c_start, c_end in clauses(text):
            in_clause = [n for n in numbers if c_start <= n[0] < c_end]
            if not in_clause:
                # '城镇居民人均可支配收入，考虑价格下降因素比上年实际增长9.3%': a clause that is only an indicator's name
                # is the subject of the figures after it.
                named = self.names.clean(text[c_start:c_end])
                listed = [self.names.clean(part) for part in re.split("[和、与及]", text[c_start:c_end])]
                if len(listed) >= 2 and all(self.ref.indicator_lexicon.lookup(part) for part in listed):
                    subjects = listed  # '农村居民人均纯收入和城镇居民人均可支配收入，2000年分别达到…': a '分别' after names them
                    continue
                if named and self.ref.indicator_lexicon.lookup(named):
                    previous_subject = named
                elif named and len(named) <= SUBJECT_CLAUSE and (text.startswith(("由", "从"), c_end + 1)
                                                                  or (_YEAR_OPENS.match(text, c_end + 1)
                                                                      or text.startswith(_PLANNED_AT, c_end + 1))
                                                                  and _MEASURE_HEAD.search(named)):
                    # '轻工业总产值，一九八一年比一九八○年增长…': a name, then the years of its figures
                    # '城市居民最低生活保障的覆盖人数，由年初的400多万人扩大到…': the clause names what the span is of
                    previous_subject = named
                else:  # '外贸出口从7月份开始大幅度回升，全年达到1949亿美元': it opens with the indicator
                    previous_subject = self.names.opening_indicator(text[c_start:c_end]) or previous_subject
                continue
            # Without subjects of its own or of a '分别' before, a '分别' clause is about the figures just before it.
            recent = [f.indicator_base for f in out[-len(in_clause):]] if len(out) >= len(in_clause) else []
            respectively, found = self._respectively(text, c_start, c_end, in_clause, subjects or recent)
            if respectively:
                subjects = found
            if respectively:
                out.extend(respectively)
                previous_subject = respectively[-1].indicator_base
                continue
            each = self._each(text, c_start, in_clause, previous_subject)
            if each:
                out.extend(each)
                previous_subject = each[-1].indicator_base
                continue
            chunks = self._chunks(text, c_start, c_end, in_clause)
            clause_flow = ""
            for (k_start, k_end), num in zip(chunks, in_clause):
                self.subject_hint, self.why_not = "", NO_CLEAN_NAME
                fig = self._figure(text, k_start, k_end, num, previous_subject, clause_flow, c_end)
                self.after_increment = None
                if fig is None:
                    self.left_out.append(LeftOut(num[0], num[1], num[2], self.why_not))
                    previous_subject = self.subject_hint or previous_subject
                    if self.why_not == AN_INCREMENT:
                        self.after_increment = self.increment_sign
                    continue
                if not clause_flow and fig.flow:
                    clause_flow = fig.flow
                out.extend(self._each_listed(fig))
                previous_subject = fig.indicator_base or previous_subject
        return self._without_restated_thresholds(out)

    @staticmethod
    def _without_restated_thresholds(figures: list[FigureMention]) -> list[FigureMention]:
        """'总额首次突破万亿元，达到11377亿元': a threshold passed, then the figure itself — one figure, the exact one."""
        return [f for f, nxt in zip(figures, [*figures[1:], None])
                if not (nxt and "passed" in f.qualifiers and not nxt.qualifiers and nxt.unit == f.unit
                        and nxt.statistic == f.statistic and nxt.indicator_base == f.indicator_base)]

    def _chunks(self, text: str, c_start: int, c_end: int, nums) -> list[tuple[int, int]]:
        """Split a clause at the last '、' before each following number ('新增1138个托育位、500张养老床位'), or else
        where the next task's verb begins ('为6107名困难家庭高校新生发放资助金5637.2万元': what is counted first, then
        发放资助金), or else right after the number."""
        bounds = [c_start]
        for prev, nxt in zip(nums, nums[1:]):
            cut = text.rfind("、", prev[1], nxt[0])
            if cut != -1:
                bounds.append(cut + 1)
                continue
            _s, end, _q = self._qualifiers(text, prev[0], prev[1])
            between = text[end:nxt[0]]
            verb_at = min((between.find(v) for v in self.task_verbs if between.find(v) > 0), default=-1)
            bounds.append(end + verb_at if verb_at > 0 and not self._unit_at(text, prev[1]) == "%" else prev[1])
        bounds.append(c_end)
        return [(bounds[i], bounds[i + 1] - (1 if i + 1 < len(bounds) - 1 and text[bounds[i + 1] - 1] == "、" else 0))
                for i in range(len(nums))]

    def _qualifiers(self, text: str, start: int, end: int) -> tuple[int, int, list[str]]:
        """Extend the span over qualifier words right before and after the number."""
        quals: list[str] = []
        for word, q in self.q_before.items():
            if text[:start].endswith(word):
                quals.append(q)
                start -= len(word)
                break
        for word, q in self.q_after.items():
            if text.startswith(word, end):
                quals.append(q)
                end += len(word)
                break
        return start, end, quals

    def _figure(self, text, k_start, k_end, num, previous_subject, clause_flow, c_end=None) -> FigureMention | None:
        n_start, n_end, number_text, value, unit, kind = num
        f_start, f_end, quals = self._qualifiers(text, n_start, n_end)
        if ("多" in number_text or "余" in number_text) and "at-least" not in quals:
            quals.append("at-least")  # '620多万套', '九千二百多万亩': more than
        before = text[k_start:f_start]
        after = text[f_end:k_end]
        if any(w in before for w in self.period_words) or any(w in before for w in self.gap_words):
            self.why_not = OVER_A_PERIOD
            return None  # an average or a sum over years, or a gap to another place: not one year's figure here
        if kind == "rank":
            return self._rank(text, k_start, f_start, f_end, number_text, value, quals, before, previous_subject)
        statistic = "level"
        sign = 1
        unit_ref = self.ref.unit_by_token[unit]
        if unit_ref.quantity in ("ratio", "ratio-change"):
            gap = len(before) - len(before.rstrip(" \t"))
            if gap and before.rstrip(" \t").endswith(tuple(self.growth)):
                before, f_start = before[:-gap], f_start - gap  # '增长 6.1%' (PDF text): the verb before a space
            for verb, s in self.growth.items():
                if before.endswith(verb):
                    statistic, sign = ("growth" if unit_ref.quantity == "ratio" else "change"), int(s)
                    before = before[: -len(verb)]
                    f_start -= len(verb)
                    break
            above = _ABOVE_A_BASE.search(before) if unit_ref.quantity == "ratio-change" and statistic == "level" else None
            if above:  # '（赤字率…，）比去年预算高0.2个百分点': how far above a base, of the subject named before
                statistic, sign = "change", (1 if before.endswith("高") else -1)
                before = before[:above.start()]
            if statistic == "level" and unit_ref.quantity == "ratio" and self.after_increment and tidy(before) == "即":
                # '比上一年增产二千二百万吨，即百分之七点八': the increment just left out, as a rate — a growth
                statistic, sign, before = "growth", self.after_increment, ""
            target = _GROWTH_TARGET.search(before)
            if unit_ref.quantity == "ratio" and statistic == "level" and target:
                statistic, before = "growth", before[: target.start()]  # '经济增长预期目标为6%左右'
            if unit_ref.quantity == "ratio" and statistic == "level":
                bare = strip_suffixes(before, self.level_verbs)
                share = _PLAN_SHARE.search(before) if before.endswith("完成") else None  # '…货运量计划完成104%'
                share = share or _PLAN_SHARE.search(bare)
                bare = strip_suffixes(bare, _STILL)  # '涨幅仍然高达21.7%': the rise, still
                noun = next((n for n in self.growth_nouns if bare.endswith(n)), None)
                if share:
                    statistic, before = "plan-share", bare[: share.start()]
                elif noun:
                    statistic, before, sign = "growth", bare[: -len(noun)], self.growth_nouns[noun]
        if _BUDGET_ITEM.search(before):
            before = before[:-len("安排")]
        before = tidy(strip_suffixes(before, self.level_verbs))
        before = self._last_list_part(before)
        if unit_ref.quantity == "count" and (self._about_the_meeting(before, after) or after.startswith(self.report_parts)):
            self.why_not = NOT_OF_THE_PLACE
            return None  # the meeting's attendance, or the report's own parts
        flow, before_rest = self._flow(self.names.without_modal(self.names.unscoped(before)))
        pivot = self.pivot.match(before_rest)
        if pivot:
            before_rest = before_rest[pivot.end():]  # '组织企业参加境内外展会': what the pivot's object does is counted
        before_rest = tidy(strip_prefixes(before_rest, self.action, self.keep)[1])
        if not flow:
            flow, before_rest = self._flow(before_rest)  # '力争新增规上工业企业50家'
        increment = INCREMENT.search(before_rest) or _BARE_CHANGE.match(before_rest)
        increment_at = increment.start() if increment else None
        ending = next((v for v in _CHANGE_ENDING if before_rest.endswith(v) and before_rest != v), None)
        if ending and increment is None and unit_ref.quantity not in ("ratio", "ratio-change") and not tidy(after):
            # '亩产提升10.1斤': what is named changed by the amount ('提升8个公园绿地' is a task: 8 parks upgraded)
            increment_at = len(before_rest) - len(ending)
        if increment_at is not None and unit_ref.quantity != "ratio":
            # An increment is not modelled yet: no figure, but its subject is the clause's ('…，达到11377亿元').
            self.subject_hint = self.names.clean(self.names.without_time(before_rest[:increment_at]))
            self.increment_sign = -1 if any(c in before_rest[increment_at:] for c in "减降少") else 1
            self.why_not = AN_INCREMENT
            return None
        before_rest = self.names.without_time(self.names.without_span(self.names.without_basis(before_rest)))
        if (before_rest in self.action or before_rest in self.names.scope or before_rest in self.names.adverbs
                or before_rest in self.names.auxiliaries  # '…，预计可以达到6.4%': only a modal before its verb
                or before_rest in self.growth and tidy(before).endswith(self.names.span_verbs)):  # '…，回落到27.8%'
            before_rest = ""  # '全年达到1949亿美元', '又比上年增长': only a verb, a scope or an adverb before it, the
            # subject is the clause's before
        if after.startswith("、"):
            after = ""  # '……项目10个、设立人才科创基金', '接待游客11亿人次、旅游收入…': the next part is another figure or task
        elif not after and (not before_rest or before_rest.endswith("的")) and c_end is not None and unit_ref.quantity == "count":
            after = self._counted_before_its_verb(text[f_end:c_end])  # '3920个新投产项目增加产值…': what is counted
        after = tidy(self._first_list_part(after))
        joined = self.activities_joined.search(after)
        if joined and not strip_suffixes(after, self.trailing).endswith(GENERIC_HEADS):
            after = after[:joined.start()]  # '5个智能产业园建设和招商运营': the things counted end where the works begin;
            # '200个节能降碳改造和用能设备更新项目' is one group of projects
        after = tidy(strip_suffixes(after, self.trailing))
        if not flow and not before.startswith(tuple(self.action)):
            flow = clause_flow  # '新增1138个托育位、500张养老床位': the verb of the list's first part
        if unit_ref.quantity == "count":
            phrase = after if after else before_rest
            owner = after[:after.find("的", 1)] if after and "的" in after[1:] else ""
            if owner and not owner.endswith(_ATTRIBUTIVE):
                return None  # '六个大区的经济体系', '三个五年计划的努力': what is counted owns what is named
            if not phrase and tidy(before).startswith((*self.names.span_verbs, "从", "由")):
                phrase = previous_subject  # '由年初的400多万人扩大到年末的1120多万人': the span's end, of its subject
            core = strip_suffixes(after, self.works) if after else ""
            if after and core in GENERIC_HEADS and before_rest.endswith(EXAMPLES_END):
                phrase = core  # '南翼国际芯创港、零碳产业园等159个项目': the examples name the project group, not the count
            elif after and core in GENERIC_HEADS and before_rest:
                phrase = before_rest + core  # '重点产业' + '项目'
            elif after and before_rest.startswith("“"):
                phrase = before_rest + after  # '“四帮四扶”结对帮扶' + '困难家庭': the quoted name qualifies it
        else:
            share_of = _SHARE_OF.match(text, f_end) if unit_ref.slug == "percent" and statistic == "level" else None
            if share_of and not before_rest and not _A_RATE.search(share_of.group(1)):
                # '89.4%的公园实现24小时开放': the share of those that do ('6%以上的增速' is a rate, not a share)
                phrase = _LIGHT_VERBS.sub("", share_of.group(1)) + "比例"
            elif after and self.names.verb_alone.fullmatch(before_rest) and self._plain_noun(after):
                phrase = after  # '坚决守住18亿亩耕地红线', '拟发行1500亿元长期建设国债': the verb's object, after the number
            else:
                phrase = self.names.measure_of(before_rest, previous_subject) or previous_subject or after
        if phrase not in self.trailing and strip_suffixes(phrase, self.trailing) in self.totals:
            phrase, flow = previous_subject, ""  # '总数突破17万户' after '新增市场主体2.6万户': all of them
        phrase = tidy(strip_suffixes(phrase, self.trailing)) if phrase not in self.trailing else ""
        if phrase.startswith("占") and previous_subject and text[k_start - 1:k_start] == "、":
            phrase = previous_subject + phrase  # '总产值增长6.5%、占规上工业总产值比重提高到45%': the share of the subject just named
        phrase = self._of_the_same_subject(self.names.clean(phrase), previous_subject)
        noun = next((n for n in self.growth_nouns if phrase.endswith(n) and len(phrase) > len(n) + 1), None)
        if noun and unit_ref.quantity == "ratio" and statistic == "level":
            # '工农业总产值的增长速度，一九八一年…为百分之三点七': the subject's rate of growth, named before
            statistic, sign, phrase = "growth", self.growth_nouns[noun], phrase[: -len(noun)].removesuffix("的")
            self.growth_named = (phrase, sign)
        elif self.growth_named and phrase == self.growth_named[0] and unit_ref.quantity == "ratio" and statistic == "level":
            statistic, sign = "growth", self.growth_named[1]  # '…，实际达到百分之四点六': the same rate, again
        if not phrase:
            return None
        phrase = self._without_level_word(phrase, statistic)
        if unit_ref.slug == "square-metre" and phrase.endswith(_BUILDINGS):
            phrase += "面积"  # '城镇新建住宅2亿平方米': buildings counted in square metres, their floor area (the NBS's 住宅面积)
        if unit_ref.slug == _TIMES and not phrase.endswith("次数"):
            phrase += "次数"  # '4次降低存款准备金率': what is counted is how often it was done (降低存款准备金率次数)
        part_of = previous_subject if before.startswith(PART_CUE) and previous_subject != phrase else ""
        upper = self.uppers.get(n_start)
        if upper is not None:
            upper = upper * sign
            quals = [*quals, "range"]
        return FigureMention(f_start, f_end, number_text, value * sign, unit_ref.slug, statistic, quals,
                             indicator=(flow + phrase) if flow else phrase, indicator_base=phrase, flow=flow,
                             part_of=part_of, upper=upper)

    def _without_level_word(self, phrase: str, statistic: str) -> str:
        """'基本生活费水平提高30%': a growth of X's 水平 is the growth of X (not 居民消费价格总水平, nor a curated name)."""
        if (statistic == "growth" and phrase.endswith("水平") and not phrase.endswith("总水平") and len(phrase) > 4
                and not self.ref.indicator_lexicon.lookup(phrase)):
            return phrase[:-2]
        return phrase

    @staticmethod
    def _of_the_same_subject(phrase: str, previous_subject: str) -> str:
        """A bare measure after another measure of one subject ('医疗旅游人次86.5万、收入83.9亿元') is that subject's
        (医疗旅游收入); a bare measure with no such subject is no name."""
        if phrase not in _BARE_MEASURES:
            return phrase
        head = next((h for h in _SUBJECT_HEADS if previous_subject.endswith(h) and len(previous_subject) > len(h) + 1), None)
        return previous_subject[: -len(head)] + phrase if head else ""

    def _plain_noun(self, words: str) -> bool:
        """Words after a number that are a noun phrase alone: no verb of the lists, no negation, no 的 clause, no
        copula or preposition opening them ('耕地红线', not '实施就业惠民工程', '耕地红线不动摇', '是用于…')."""
        return not (any(ch in words for ch in "不没的") or words.startswith(("是", "在", "需", "过", "用", "为"))
                    or any(v in words for v in self.task_verbs if len(v) >= 2) or starts_with_any(words, self.action))

    def _counted_before_its_verb(self, words: str) -> str:
        """The noun phrase a count opening a clause counts, up to the clause's verb ('新投产项目增加产值5100多亿元' →
        新投产项目), or '' when no verb follows it."""
        at = min((i for i in (words.find(v, 2) for v in self.object_ends) if i > 0), default=-1)
        return words[:at] if at > 0 else ""

    def _about_the_meeting(self, before: str, after: str) -> bool:
        """'应到代表316名', '出席代表452名': the meeting's attendance, not a figure of the place."""
        return (any(c in before for c in self.meeting_cues) or tidy(before + after).endswith(self.meeting_heads)
                or tidy(after).startswith(self.meeting_heads))  # '294名人大代表肩负着全市人民的重托参加大会'

    def _rank(self, text, k_start, f_start, f_end, number_text, value, quals, before,
              previous_subject="") -> FigureMention | None:
        scope = next((s for s in self.rank_scopes if s in before), self.rank_scopes[0])
        head, _, tail = before.rpartition(scope)
        if tidy(tail) in self.populations:
            tail = ""  # '经济总量居全省县域第3位': among the counties, of 经济总量
        if tidy(head) in self.rank_verbs:
            head = ""  # '稳居全国首位' alone: the rank of the subject just named
        name = tidy(tail) or tidy(strip_suffixes(head, self.rank_verbs))
        name = tidy(strip_prefixes(name, self.action + ["首次"], self.keep)[1])
        name = self.names.without_span(strip_suffixes(name, self.rank_verbs))
        name = strip_suffixes(_RANK_SPAN.sub("", strip_suffixes(name, self.rank_verbs)), self.rank_verbs)
        name = strip_suffixes(name, _RANK_ADVERBS)  # '产量历史性跃居全国首位': how it got there, not what
        if not name or name in self.rank_verbs:
            name = previous_subject  # '增长33.6%、居全国第3位', '……上升到第四位': the rank of the subject just named
        elif name in self.rank_generic:
            name = previous_subject + self.rank_generic[name] if previous_subject else ""
        name = self.names.clean(name)
        if not name:
            return None
        start = k_start + before.rfind(scope) if scope in before else f_start
        return FigureMention(start, f_end, number_text, value, "rank", "rank", quals, name, name, "")

    def _flow(self, phrase: str) -> tuple[str, str]:
        for verb in sorted(self.flow, key=len, reverse=True):
            if phrase.startswith(verb):
                return verb, phrase[len(verb):]
        return "", phrase

    def _last_list_part(self, phrase: str) -> str:
        """'持续推进……建设、新增托位' → '新增托位': a list part that starts with a verb starts a new phrase."""
        cut = phrase.rfind("、")
        if cut != -1 and starts_with_any(phrase[cut + 1:], self.action + self.flow):
            return phrase[cut + 1:]
        return phrase

    def _first_list_part(self, phrase: str) -> str:
        cut = phrase.find("、", 1)
        if cut != -1 and starts_with_any(phrase[cut + 1:], self.action + self.flow):
            return phrase[:cut]
        return phrase

    def _respectively(self, text, c_start, c_end, nums, last: list[str]) -> tuple[list[FigureMention], list[str]]:
        """'A、B分别增长1.7%、5.5%': one subject per number, in order.

        The subjects may share a head ('城镇、农村居民人均可支配收入'), be a pair in one word ('城乡居民收入'),
        or be those of the clause before ('……分别达到4万元、1.8万元，分别增长8.2%和9.5%').
        """
        clause = text[c_start:c_end]
        at, after = clause.find("分别"), 2
        if at == -1 and len(nums) >= 2:
            at, after = self._implicit_respectively(text, c_start, nums), 0
        if at == -1 or len(nums) < 2:
            return [], last
        head = self.names.unscoped(tidy(clause[:at]))  # '2000年分别达到…': a time alone names no subject
        rest = clause[at + after:]
        # 'A、B分别从a1、a2提高到b1、b2': a span for each subject, its start and its end in the same order.
        spans = rest.startswith(("从", "由")) and len(nums) >= 4 and len(nums) % 2 == 0
        count = len(nums) // 2 if spans else len(nums)
        if head:
            subjects = self._subjects(head, count)
        else:
            subjects = [] if spans else last  # the subjects of a clause before name no spans
        if spans and len(subjects) == count:
            last, subjects = subjects, subjects * 2
        if len(subjects) != len(nums) or not all(subjects):
            return [], last
        # '分别实际增长7.7%和6.8%', '分别比上年实际增长…': the basis the growth is measured on comes before its verb.
        rest = strip_prefixes(rest, self.names.basis + self.names.basis_suffixes)[1]
        since = _SINCE_YEAR.match(rest)  # '分别比1995年增长69%和67%': a growth over several years (left out later)
        if since:
            rest = strip_prefixes(rest[since.end():], self.names.basis + self.names.basis_suffixes)[1]
        statistic, sign = "level", 1
        for verb, s in self.growth.items():
            if rest.startswith(verb):
                statistic, sign = "growth", int(s)
                break
        if _PLAN_SHARE_AHEAD.match(rest):
            statistic = "plan-share"  # '……，分别占年度计划的128%和112%': of the figures just before
        out = []
        shared: list[str] = []  # '分别突破5000亿元、3000亿元': the word before the first number qualifies them all
        for subject, (n_start, n_end, number_text, value, unit, kind) in zip(subjects, nums):
            f_start, f_end, quals = self._qualifiers(text, n_start, n_end)
            if not out:
                shared = [self.q_before[w] for w in self.q_before if text[:n_start].endswith(w)][:1]
            elif shared and f_start == n_start:
                quals = shared + quals
            if kind == "rank":
                # '营收和利润分别居全国第5、第6位': a rank has no entry in the unit table and no sign; its span
                # takes the scope right before it, as a single rank's does ('全国第5').
                scope = next((s for s in self.rank_scopes if text[:f_start].endswith(s)), "")
                f_start -= len(scope)
                out.append(FigureMention(f_start, f_end, number_text, value, "rank", "rank", quals, subject, subject, ""))
                continue
            unit_ref = self.ref.unit_by_token[unit]
            out.append(FigureMention(f_start, f_end, number_text, value * sign, unit_ref.slug,
                                     statistic if unit_ref.quantity == "ratio" else "level", quals,
                                     subject, subject, ""))
        return out, last if spans else subjects

    def _each(self, text: str, c_start: int, nums, previous_subject: str) -> list[FigureMention]:
        """'游客人数、旅游收入均增长10%以上', '发电量、用电量占比均超过30%': one number that holds for each subject
        before 均 — one figure per subject."""
        if len(nums) != 1:
            return []
        at = text.rfind("均", c_start, nums[0][0])
        if at > 0 and text[at - 1] in "人平":
            at = -1  # '人均', '平均': per head, on average — not 'each of them'
        head = tidy(text[c_start:at]) if at != -1 else ""
        pair = any(p in head for p in self.pairs)
        if not head or ("、" not in head and not pair) or len(text[at + 1:nums[0][0]]) > 6:
            return []
        subjects = self._subjects(head, head.count("、") + 1 if "、" in head else 2)
        if len(subjects) < 2 or not all(subjects):
            return []
        bare = text[:at] + text[at + 1:]  # the clause as if it named one subject: '游客人数增长10%以上'
        shift = lambda i: i - 1 if i > at else i  # noqa: E731 - positions in `text` to those in `bare`
        start, end = shift(nums[0][0]), shift(nums[0][1])
        # Read as one figure of the first subject (its name is replaced by each subject's below).
        one = self._figure(bare, shift(c_start), end, (start, end, *nums[0][2:]), previous_subject, "")
        if one is None:
            return []
        back = lambda i: i + 1 if i >= at else i  # noqa: E731
        return [replace(one, start=back(one.start), end=back(one.end), indicator=subject, indicator_base=subject, flow="")
                for subject in subjects]

    def _each_listed(self, fig: FigureMention) -> list[FigureMention]:
        """'二氧化硫、氮氧化物排放量下降3%': a rate of change or a rank after a list of subjects is each one's
        ('汽车、新能源汽车产量跃居全国首位'); an amount after a list, '交通、能源、水利投资5400亿元', is their sum and
        stays one figure."""
        if fig.statistic not in ("growth", "rank") or fig.flow or "、" not in fig.indicator_base:
            return [fig]
        subjects = self._subjects(fig.indicator_base, fig.indicator_base.count("、") + 1)
        if len(subjects) < 2 or not all(subjects):
            return [fig]
        subjects = [self._without_level_word(subject, fig.statistic) for subject in subjects]
        return [replace(fig, indicator=subject, indicator_base=subject) for subject in subjects]

    def _implicit_respectively(self, text: str, c_start: int, nums) -> int:
        """'城镇居民人均可支配收入和农村居民人均纯收入实际增长8.4%和8%': numbers joined only by 和/、 after one growth
        verb distribute over the subjects as with 分别. The position (in the clause) where the verb begins, or -1."""
        for a, b in zip(nums, nums[1:]):
            _s, end, _q = self._qualifiers(text, a[0], a[1])
            if text[end:b[0]] not in ("和", "、", "与", "及"):
                return -1
        before = text[c_start:nums[0][0]]
        verb = next((v for v in self.growth if before.endswith(v)), None)
        if verb is None:
            return -1
        at = len(before) - len(verb)
        return at - 2 if before[:at].endswith("实际") else at

    def _subjects(self, head: str, count: int) -> list[str]:
        sectors = _SECTORS.search(head)
        if sectors and len(sectors.group(1).replace("、", "").replace("第", "")) == count:
            # '一二三产增加值', '第一、二、三产业增加值': the three sectors, each named in full.
            rest = sectors.group(3) or ""
            return [self.names.clean(f"第{n}产业{rest}") for n in sectors.group(1).replace("、", "").replace("第", "")]
        parts = [tidy(s) for s in head.split("、") if tidy(s)]
        if len(parts) != count:  # '信息传输软件和信息技术服务业、租赁和商务服务业增加值': 和 inside the names
            parts = [tidy(s) for s in re.split("[、和与及]", head) if tidy(s)]
        if not parts:
            return []
        parts[0] = tidy(strip_prefixes(self.names.unscoped(parts[0]), self.action, self.keep)[1])
        parts[-1] = _COUNTED.sub("", parts[-1])  # '石油化工两个产业集群产值' → '石油化工产业集群产值'
        if len(parts) == 1 and count == 2:
            for pair, words in self.pairs.items():
                if pair in parts[0]:
                    parts = [parts[0].replace(pair, w, 1) for w in words]
                    break
        if len(parts) > 1:
            last = parts[-1]
            tail = next((t for t in _SHARED_TAILS if last.endswith(t) and len(last) > len(t)), None)
            if tail and not any(p.endswith(tail) for p in parts[:-1]) and all(len(p) > 4 for p in parts[:-1]):
                # '信息传输软件和信息技术服务业、租赁和商务服务业增加值': the measure after the last is each's
                parts = [p + tail for p in parts[:-1]] + [last]
            else:
                parts = [self._share_head(p, last) for p in parts[:-1]] + [last]
        return [self.names.clean(p) for p in parts]

    def _share_head(self, part: str, last: str) -> str:
        """'城镇' before '农村居民人均可支配收入' → '城镇居民人均可支配收入' (the parts are parallel modifiers)."""
        own = self.ref.indicator_lexicon.lookup(part)
        if own:  # '钢材、特种钢材产量': 钢材产量, the same concept as 钢材 named as the list names it
            return next((part + last[k:] for k in range(1, len(last))
                         if self.ref.indicator_lexicon.lookup(part + last[k:]) == own), part)
        if len(part) >= len(last) - 1 or len(part) > 4:
            return part
        for k in range(1, len(last)):
            if self.ref.indicator_lexicon.lookup(part + last[k:]):
                return part + last[k:]
        inside = last.find(part, 1)
        if inside > 0 and len(last) > inside + len(part):
            return part + last[inside + len(part):]  # '汽车、新能源汽车产量': 汽车产量 (one modifier ends the other)
        return part + last[len(part):]
