"""Which statements of a review speak of a five-year period rather than of the year under review, and the year
each figure of such a statement is of.

A report given at the end of a five-year plan reviews both the last year and the whole period (`过去五年`,
`五年来`, `“十四五”时期`), often one after the other in the same part, each block opened by its own words. Here the
period runs from the paragraph whose opening looks back five years (or from a heading that names a plan period
and no single year) until a paragraph opens on the single year again (`过去一年`, `一年来`, `2025年是…`).

A figure of a period block is of one year only when its words pin the year: a year written in its clause, or, for
a headline aggregate (GDP, fiscal revenue, trade, residents' income: the caller says which), the start of a span
(`从3826.5亿元` → the year before the period) or where a span or a level verb ends (`增长到4398.6亿元`,
`达到13697.5亿元` → the period's last year). A careful reader pins a lesser indicator's span only by a year written
next to it (`高速公路由4771公里增加到2.52万公里` stays of the period). Anything else there — a count of things done
over five years, a growth over the period, a threshold crossed — is a figure of the period, not kept as one
year's (precision first). Outside a period block the start of a span is the year before the statement's
(`由上年的9.6%提高到10.8%`). The cue words are the genre's (data/reference/phrases.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.segment import Item
from kg.extract.years import YEAR, year_number

OPENING_CHARS = 60  # of a paragraph (its first sentences joined), the words that say which time it speaks of
# A five-year plan named: 十四五 (2021–2025), 十一五, 一五. From the third plan on (1966), each began five years
# after the one before; the first began in 1953 and the second in 1958, and 1963–1965 had no plan.
_PLAN = re.compile(r"“?((?:十[一二三四五六七八九]?|[一二三四五六七八九])五)”?(?:时期|期间|以来)")
_PLAN_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ADDRESS = re.compile(r"^各位代表[！!，,：:]")
_YEAR = re.compile(f"({YEAR})年(?:底|末|初)?")
_SPAN_OF_YEARS = re.compile(f"({YEAR})年(?:底|末)?(?:到|至|—|-)({YEAR})年")
# Words right before a span's first value: '从', '由', '从2020年的', '较“十三五”末的', '由上年的'.
_SPAN_START = re.compile(f"(?:(?:从|由)(?:(?:{YEAR})年(?:底|末|初)?|上年|去年|年初)?|较(?:(?:{YEAR})年(?:底|末)?|“?十[一二三四五六七八九]?五”?末))的?$")
# The start of a span with its year written, earlier in a sentence (its years are those of the spans after it).
_SPAN_START_WRITTEN = re.compile(f"(?:从|由)({YEAR})年(?:底|末)?的")
# ... and before a span's first rank: '由第十位', '由上年居世界第五位', '从世界第六位'.
_RANK_START = re.compile(f"(?:从|由)(?:(?:{YEAR})年(?:底|末)?|上年|去年)?的?[^，。；\\d]{{0,4}}$")
# Words right before the value a span or a level verb ends at: '增加到', '提升至', '达到'.
_THE_YEAR = ("全年", "当年")
# A year written as the time of a figure, not as the start of a span ('2021年以来新增…' is of the period).
_POINT_YEAR = re.compile(f"({YEAR})年(?:底|末|初)?(?!以来|起)")
# A year heading a sentence, for every clause of it; not the start of a span ('2021年以来', '2020年到2025年').
_SENTENCE_YEAR = re.compile(f"[\\s　]*({YEAR})年(?:底|末)?(?!以来|起|到|至|—|-|以前|前|、|和)")
_SPAN_END = re.compile(r"(?:到|至|达到|达)$")
# A value followed, in its clause, by where it changes to: '16%的税率降至13%'.
_SPAN_END_AFTER = re.compile(r"[^，。；：]*?(?:降至|降到|提高到|提高至|提升至|提升到|调整为|增加到|增至|减至|下调至|上调至)")


def plan_years(name: str) -> tuple[int, int] | None:
    """'十四五' → (2021, 2025), '十一五' → (2006, 2010), '一五' → (1953, 1957); None for no plan's name."""
    digits = name[:-1]  # without the final 五
    if digits == "十":
        n = 10
    elif digits.startswith("十"):
        n = 10 + _PLAN_ORDINAL[digits[1]]
    elif digits in _PLAN_ORDINAL:
        n = _PLAN_ORDINAL[digits]
    else:
        return None
    start = 1953 if n == 1 else 1958 if n == 2 else 1966 + 5 * (n - 3)
    return start, start + 4


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    words: str  # the words that opened it


def _cues(text: str, period_openings: list[str], review_year: int) -> list[tuple[int, Period | None, str]]:
    """Every cue in an opening: (position, the period it opens or None for the single year, its words)."""
    found: list[tuple[int, Period | None, str]] = []
    for m in _PLAN.finditer(text):
        years = plan_years(m.group(1))
        if years is not None:
            found.append((m.start(), Period(*years, m.group(0)), m.group(0)))
    for cue in period_openings:
        at = text.find(cue)
        if at != -1:
            found.append((at, Period(review_year - 4, review_year, cue), cue))
    return found


def _statements(items: list[Item]) -> Iterator[tuple[Item, str]]:
    """The statements and themes of the parts, in order, each with the opening words of its paragraph (its first
    items joined, the form of address taken off): what says which time a paragraph speaks of."""
    by_paragraph: dict[int, list[Item]] = {}
    for item in items:
        if item.role in ("statement", "theme"):
            by_paragraph.setdefault(item.paragraph, []).append(item)
    openings: dict[int, str] = {}
    for item in items:
        if item.role not in ("statement", "theme") or item.section is None:
            continue
        if item.paragraph not in openings:
            joined = "".join(i.unit.text for i in by_paragraph[item.paragraph][:4])
            openings[item.paragraph] = _ADDRESS.sub("", joined)[:OPENING_CHARS]
        yield item, openings[item.paragraph]


def mark_periods(items: list[Item], period_openings: list[str], year_openings: list[str],
                 review_year: int) -> dict[int, Period]:
    """What each statement that looks back speaks of, by the statement's index: a five-year period, or (in a part
    that plans) the single year under review as a period of one year. Statements of the single year in a review
    part, and those of a plan, are not in the answer.

    In a review part a period block runs on until a paragraph opens on the single year again. In a part that plans
    (`2011年的工作`, the explanation of the next plan), only the paragraph that opens by looking back does
    (`过去一年，我们的各项工作取得了很大成绩。…`, `“十四五”时期，…`)."""
    out: dict[int, Period] = {}
    section, current, paragraph = None, None, None
    for item, opening in _statements(items):
        review = item.section.review
        if item.section is not section:
            section, paragraph = item.section, None
            heading = _cues(section.title, period_openings, review_year)  # '一、过去五年工作回顾', '“十四五”时期…回顾'
            current = heading[0][1] if review and heading and section.year is None else None
        if item.paragraph != paragraph:
            paragraph = item.paragraph
            cues = [c for c in _cues(opening, period_openings, review_year) if c[1].end <= review_year]
            single = [(opening.find(c), Period(review_year, review_year, c), c) for c in year_openings if c in opening]
            if review and opening.startswith(f"{review_year}年"):
                single.append((0, None, f"{review_year}年"))
            last = max([*cues, *single], key=lambda c: c[0])[1] if (cues or single) else None
            if review:
                current = None if last is not None and last.start == last.end else last if last else current
            else:
                current = last
        if current is not None:
            out[item.index] = current
    return out


_OVER_YEARS = re.compile(f"(?:比|较)({YEAR})年(?:底|末)?[^，。；]{{0,12}}$")


_VALUE = re.compile(r"\d+(?:\.\d+)?(?![\d.]|年)")


def clause_start_of(text: str, at: int) -> int:
    """Where the clause holding position `at` begins: after the last comma, full stop, semicolon or colon before it."""
    return max(text.rfind(p, 0, at) for p in "，。；：") + 1


def since_last_value(words: str) -> str:
    """The words after the last value in `words` when they end a span (a year is no value): '由2020年的7.2%提高到'
    → '%提高到', so that the year of a span's start is not taken for its end; the words of a list go on
    ('2000年分别达到2253元和' stays: its year is the list's)."""
    values = list(_VALUE.finditer(words))
    last = values[-1] if values else None
    rest = words[last.end():] if last else words
    return rest if last and any(c in rest for c in "到至") else words


# A sentence opened by the two years it compares ('一九八一年比一九八○年，原煤增长…', '一九八二年同一九七八年相比，
# 社会商品零售总额由…增加到…') or by the span of years it speaks of ('这两年中，钢产量由…增加到…'): the words of
# the heading are the time of every clause of the sentence, its items after a ；too.
_COMPARED = re.compile(f"[\\s　]*({YEAR})年(?:预计)?(?:比|同|与|较)({YEAR})年(?:相比|比较)?[，,]")
_SPAN_OF_N = re.compile(r"[\s　]*这([两二三四五六七八九十])年(?:中|来|里|间|内)?[，,]")
_N_YEARS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class Compared:
    year: int  # the year the sentence's figures are of (the span's last)
    base: int  # the year they are measured from (a span's start value is of it)
    span: bool  # a span of years ('这两年中'): a bare count in it is a sum over its years


def compared_years(text: str, at: int, year: int) -> Compared | None:
    """The years a sentence's heading gives the figure whose number starts at `at`, `year` being the statement's:
    '一九八一年比一九八○年，' → of 1981, measured from 1980; '这两年中，' → of `year`, measured from two years
    before it (a growth over the span is over both years, a span's start value is of the year before the span).
    None when the sentence has no such heading, or when it is the figure's own clause."""
    sentence_start = max(text.rfind(p, 0, at) for p in "。！？") + 1
    m = _COMPARED.match(text, sentence_start)
    if m and m.end() <= at:
        return Compared(year_number(m.group(1)), year_number(m.group(2)), False)
    m = _SPAN_OF_N.match(text, sentence_start)
    if m and m.end() <= at:
        return Compared(year, year - _N_YEARS[m.group(1)], True)
    return None


def over_years(text: str, at: int, year: int) -> bool:
    """Whether a change whose words start at `at` is measured against a year before the last ('比2002年增长65.5%'
    of 2007): a change over several years, not the year's."""
    clause_start = clause_start_of(text, at)
    base = _OVER_YEARS.search(text[clause_start:at])
    return base is not None and year_number(base.group(1)) < year - 1


def starts_a_span(text: str, at: int) -> bool:
    """Whether the level whose number starts at `at` is where a change starts ('加计扣除比例从75%提高到100%',
    '现行16%的税率降至13%'): in a plan, today's value, not a target."""
    clause_start = clause_start_of(text, at)
    before = text[clause_start:at]
    return _SPAN_START.search(before) is not None or (before.endswith("现行") and _SPAN_END_AFTER.match(text, at) is not None)


def result_year(text: str, at: int, statistic: str, period: Period | None, year: int, headline: bool = True,
                compared: Compared | None = None) -> int | None:
    """The year of a result whose number starts at `at` in a statement's text (a rank's 第 or 首), given `year`, the one its clause gives
    it (a year written there, else the statement's); None when the words pin no year inside a period block (a
    figure of the whole period). `compared`, the years its sentence's heading gives it, pins it in any block: the
    start of a span is of the base year, and a bare count in a span of years ('这两年中') is a sum over them."""
    clause_start = clause_start_of(text, at)
    sentence_start = max(text.rfind(p, 0, at) for p in "。；！？") + 1
    before = text[clause_start:at]
    span_of_years = _SPAN_OF_YEARS.search(text[sentence_start:at])
    start_of_span = (_SPAN_START.search(before) if statistic in ("level", "growth")
                     else _RANK_START.search(before) if statistic == "rank" else None)
    if start_of_span is not None:
        written = _YEAR.findall(start_of_span.group(0))
        if written:
            return year_number(written[-1])
        if span_of_years:
            return year_number(span_of_years.group(1))
        if compared is not None:
            return compared.base
        earlier = _SPAN_START_WRITTEN.findall(text, sentence_start, clause_start)
        if earlier and (period is None or period.start == period.end):
            # '…由一九八○年的675所增加到一九八二年的729所，招生数由28万人增加到31万人': the years of the span before
            return year_number(earlier[-1])
        if period and period.start < period.end:
            return period.start - 1 if headline else None
        return year - 1
    if compared is not None:
        return None if compared.span and statistic == "level" and not _SPAN_END.search(before) else year
    if period is None or period.start == period.end:
        return year
    written = _POINT_YEAR.findall(since_last_value(before))
    if written:
        return year_number(written[-1])
    # '2000年进出口总额达4743亿美元，其中出口2492亿美元': the year heads the sentence, its clauses after a ；too.
    whole_sentence_start = max(text.rfind(p, 0, at) for p in "。！？") + 1
    headed = _SENTENCE_YEAR.match(text, sentence_start) or _SENTENCE_YEAR.match(text, whole_sentence_start)
    if headed and headed.end() <= at:
        return year_number(headed.group(1))
    if any(w in before for w in _THE_YEAR):
        return year  # '全年实施省市重点项目146个': the single year under review
    if _SPAN_END.search(before):
        if span_of_years:
            return year_number(span_of_years.group(2))
        return period.end if headline else None  # the level the period ended at
    return None


# A plan period ahead named with no plan's ordinal: '今后五年', '未来五年'.
_AHEAD = re.compile(r"(?:今后|未来)五年")
# A statement that opens on what a five-year plan lays down, in the older reports' words (第六个五年计划规定，…;
# “六五”计划要求…; 第六个五年计划期间，…): the plan's figures follow. Its full name with 计划, not today's 规划.
_PLAN_SAYS = re.compile(r"(?:我国)?(?:第((?:十[一二三四五六七八九]?|[一二三四五六七八九]))个五年计划|“?((?:十[一二三四五六七八九]?"
                        r"|[一二三四五六七八九])五)”?计划)(?:时期|期间|规定|要求|提出)")


def mark_plan_periods(items: list[Item], review_year: int, plan_year: int) -> dict[int, Period]:
    """Which statements of a part that plans speak of the five-year plan that opens with the year planned (a report
    of the plan's first year states the plan's main targets, `二、“十五五”时期主要目标任务`), by the statement's
    index. Such a block opens on a heading that names the plan ahead and no single year, or on a paragraph whose
    opening names it (`“十五五”时期是…`, `今后五年，…`); it runs until a paragraph opens on the single year
    (`今年`, `2026年`) or the part ends. A report given in any other year names no plan that opens with its year:
    its `“十四五”时期` is then the plan under way, and no block is opened — except by a statement that opens on
    what the plan lays down in the older reports' words (`第六个五年计划规定，一九八五年…`, given in 1982), the plan
    under way or opening with the year planned: the rest of its paragraph speaks of that plan."""

    def ahead(text: str) -> Period | None:
        found: list[tuple[int, Period]] = []
        for m in _PLAN.finditer(text):
            years = plan_years(m.group(1))
            if years is not None and years[0] == plan_year:
                found.append((m.start(), Period(*years, m.group(0))))
        m = _AHEAD.search(text)
        if m and plan_year > review_year:
            found.append((m.start(), Period(plan_year, plan_year + 4, m.group(0))))
        return min(found, key=lambda c: c[0])[1] if found else None

    def under_way(text: str) -> Period | None:
        m = _PLAN_SAYS.match(text.lstrip(" \t　"))
        years = plan_years(m.group(2) or m.group(1) + "五") if m else None
        return Period(*years, m.group(0)) if years and years[0] <= plan_year <= years[1] else None

    out: dict[int, Period] = {}
    section, current, paragraph, said = None, None, None, None
    for item, opening in _statements(items):
        if item.section is not section:
            section, paragraph = item.section, None
            current = ahead(section.title) if not section.review and section.year is None else None
        if section.review:
            continue
        if item.paragraph != paragraph:
            paragraph, said = item.paragraph, None
            if opening.startswith(("今年", f"{plan_year}年")):
                current = None
            else:
                current = ahead(opening[:OPENING_CHARS // 3]) or current
        said = under_way(item.unit.text) or said
        if current is not None or said is not None:
            out[item.index] = current or said
    return out


# Words of a sum over the years, not of a level at their end: '城镇新增就业500万人', '累计完成投资', '年均增长5%'.
_SUM = re.compile(r"新增|累计|年均|每年|新建|完成|培育|引进|建成|实施|改造|新开工")


def target_year(text: str, at: int, statistic: str, unit: str, period: Period) -> int | None:
    """The year of a target whose number starts at `at` in a statement of a plan period ahead, when no year is
    written next to it: the period's last year for a level its words say is reached (`常住人口城镇化率达到65%`,
    `提高到`) or a share named bare (`…占规上工业比重30%`); None for anything else (a growth over the period, a
    sum of the five years, a count of things to do): a figure of the period, not kept as one year's (precision
    first)."""
    clause_start = clause_start_of(text, at)
    before = text[clause_start:at]
    if statistic != "level" or _SUM.search(before):
        return None
    if _SPAN_END.search(before) or (unit == "percent" and re.search(r"(?:比重|比例|占比|率)$", before)):
        return period.end
    return None
