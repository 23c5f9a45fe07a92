"""What a report says of itself: the government that delivers it, the date, the year it plans for and the year
it reviews — each with the words it was read from, so that `jjkg ingest` can say why.

Read on the normalised text (simplified characters, ASCII digits), so a report in traditional characters reads
the same. Only the forms a report or a news article about one uses to introduce itself count:
- the government: `晋江市人民政府市长`, `在诏安县第十八届人民代表大会第二次会议上`, `福建省第十四届人民代表大会`, a title
  `晋江市2026年政府工作报告`, a news lead `市长王明元作政府工作报告` after the place's name;
- the date: `2018年12月27日在……会议上`, `（二〇二二年十二月二十日）`, a news dateline `1月12日电` (its year from
  the plan year);
- the years: `一、2022年工作回顾`, `回顾2022年`, `2023年经济社会发展主要预期目标`, `2023年工作安排`, the title's
  year; failing one of them, the other ±1, and failing both, the date delivered (a report of December plans
  for the next year).
A fact none of these gives is left unknown: the caller asks the user for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.extract.congress import Calendar
from kg.extract.gazetteer import Gazetteer
from kg.extract.read import SourceText

HEADER_LINES = 40  # a report introduces itself at its start; later 人民政府 are other governments
_HAN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_HAN = "〇○零O一二三四五六七八九十"
_ORDINAL = r"第[一二三四五六七八九十百零〇\d]+届"
_TENS = re.compile(r"^([一二三四五六七八九])?十([一二三四五六七八九])?$")

GOVERNMENT = [  # (pattern whose group 1 ends with the place's name, what the words are)
    (re.compile(r"([\u4e00-\u9fff]{2,24}?)人民政府(?:代理|代)?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)"), "head of government"),
    (re.compile(r"([\u4e00-\u9fff]{2,24}?)" + _ORDINAL + r"人民代表大会"), "people's congress"),
    # A news lead's short form: '晋江市十八届人大三次会议开幕'.
    (re.compile(r"([\u4e00-\u9fff]{2,24}?)第?[一二三四五六七八九十百\d]+届人大[一二三四五六七八九十\d]+次会议"),
     "people's congress, as news name it"),
    (re.compile(r"([\u4e00-\u9fff]{2,24}?)(?:\d{4}年)?(?:政府工作报告|人民政府工作报告)"), "title"),
    (re.compile(r"([\u4e00-\u9fff]{2,24}?)(?:代理|代)?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)[\u4e00-\u9fff]{2,4}?"
                r"(?:代表|作|向)"), "head of government in a news lead"),
    # A signature line of its own: '广东省省长 孟凡利' (the space is gone once normalised).
    (re.compile(r"^([\u4e00-\u9fff]{2,24}?)(?:代理|代)?(?:省长|市长|县长|区长|州长|旗长|盟长|主席)[\u4e00-\u9fff·]{2,5}$"),
     "head of government signing"),
]
# The State Council speaks for the country: its premier, a report given 'for the State Council', or one given to the
# National People's Congress. Read only when no local government introduces itself.
NATIONAL = [
    (re.compile(r"国务院总理"), "the State Council's premier"),
    (re.compile(r"代表(?:中华人民共和国)?(?:国务院|中央人民政府)"), "speaking for the State Council"),
    (re.compile(r"受[\u4e00-\u9fff]{0,8}国务院的?委托"), "speaking for the State Council"),
    (re.compile(r"[\u4e00-\u9fff]{2,3}总理(?:在报告中|代表|作|向)"), "the State Council's premier"),
    (re.compile(r"(?:向|在)(?:第?[一二三四五六七八九十\d]+届)?全国(?:人民代表大会|人大)"), "the National People's Congress"),
]
_STATE_COUNCIL_DECIDES = re.compile(r"国务院(?:已经)?决定")
# The session of the National People's Congress a report is given at: '向第一届全国人民代表大会第二次会议提出',
# '在十四届全国人大四次会议上作', '我们第一届全国人民代表大会第一次会议'; a term alone is its first session
# ('向第五届全国人民代表大会作政府工作报告'). An earlier session named in passing ('从……第三次会议闭幕以来') is not it.
_NUM = r"([一二三四五六七八九十]+|\d+)"
NPC_SESSION = [
    re.compile(r"(?:向|在|我们)(?:这次|本次)?第?" + _NUM + r"届全国(?:人民代表大会|人大)第?" + _NUM + r"次会议(?!闭幕|以来|以后|期间)"),
    re.compile(r"(?:向|在)第?" + _NUM + r"届全国(?:人民代表大会|人大)(?=作|提出|报告)()"),
]
DELIVERED = [
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日在[^。\n]{0,60}?(?:会议|大会)上"), "date before the meeting"),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:上午|下午)?，?[^。\n]{0,40}?(?:人民代表大会|会议)[^。\n]{0,20}?开幕"),
     "news lead: the meeting opened"),
    (re.compile(r"[（(]\s*([" + _HAN + r"]{4}|\d{4})\s*年\s*([" + _HAN + r"]{1,3}|\d{1,2})\s*月\s*([" + _HAN
                + r"]{1,3}|\d{1,2})\s*日\s*[)）]"), "date in brackets"),
]
DATELINES = [  # month and day without a year: a wire's dateline, a paper's own report, the lead's opening
    re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日(?:电|讯)"),
    re.compile(r"本报讯\s*(?:[（(][^）)]{0,24}[）)])?\s*(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日(?:上午|下午)?，?[^。\n]{0,40}?(?:人民代表大会|人大)[^。\n]{0,20}?开幕"),
]
REVIEW = [
    re.compile(r"(\d{4})年[^。；\n]{0,16}?工作的?回顾"),
    re.compile(r"回顾(\d{4})年"),
    re.compile(r"过去的(\d{4})年"),
    re.compile(r"(?:首先|现在)报告(\d{4})年"),
    # A news lead: '2025年，全市生产总值预计增长…' is the year closing as the report is told (header only: further
    # on, a year with an estimate may be any year).
]
REVIEW_LEAD = re.compile(r"(\d{4})年[，,][^。；\n]{0,24}?预计")
PLAN = [
    re.compile(r"(\d{4})年[^。；，\n]{0,16}?主要预期目标"),
    re.compile(r"(\d{4})年(?:政府)?(?:的)?(?:主要)?工作(?:安排|任务|建议|重点|总体部署|部署)"),
    re.compile(r"(\d{4})年(?:的)?经济社会发展总体要求"),
    re.compile(r"^[一二三四五六七八九十]+、(\d{4})年的工作$"),  # a part's heading: '三、2011年的工作'
]
# A year written in Chinese numerals ('一九五八年', '二〇二二年') reads as one in digits, four characters for four.
_HAN_YEAR = re.compile(r"[〇○零O一二三四五六七八九]{4}(?=年)")
# A dated title ('晋江市2026年政府工作报告'), read in the header only: further on, '2022年政府工作报告确定的任务'
# looks back at an earlier plan.
TITLE_YEAR = re.compile(r"(\d{4})年(?:[\u4e00-\u9fff]{2,12}?)?(?:人民)?政府工作报告")


@dataclass(frozen=True)
class Found:
    value: object  # a place slug, a date or a year
    words: str  # the words it was read from, as normalised
    line: int | None  # where they are (None when inferred from another fact)
    how: str  # what kind of evidence

    def because(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{self.how}: “{self.words}”{where}" if self.words else self.how


@dataclass
class ReportFacts:
    place: Found | None = None
    delivered: Found | None = None
    plan_year: Found | None = None
    review_year: Found | None = None
    title: Found | None = None
    ambiguous: str | None = None  # a government name that several places carry, when nothing tells them apart


def read_facts(source: SourceText, gazetteer: Gazetteer, congress: Calendar | None = None) -> ReportFacts:
    """What the text says of itself; `congress` (the sessions of the National People's Congress) dates a national
    report by the session it names."""
    facts = ReportFacts()
    lines = [(ln.number, _digit_years(ln.text.replace(" ", ""))) for ln in source.lines if ln.text.strip()]
    header = lines[:HEADER_LINES] + _joined(lines[:HEADER_LINES])  # a line alone first, then with the next
    facts.title = _title(lines[:HEADER_LINES])
    facts.place, facts.ambiguous = _government(header, lines, gazetteer)
    if facts.place is None and facts.ambiguous is None and gazetteer.country:
        facts.place = _national(header, gazetteer.country) or _national_body(header, lines, gazetteer.country)
    facts.plan_year = _first_year(lines, PLAN, "plan year named")
    if facts.plan_year is None and congress is not None and facts.place is not None and \
            facts.place.value == gazetteer.country:
        facts.plan_year = _session_year(header, congress)
    facts.plan_year = facts.plan_year or _first_year(header, [TITLE_YEAR], "dated title")
    facts.review_year = _first_year(lines, REVIEW, "year reviewed named")
    if facts.review_year is None and facts.plan_year is None:
        facts.review_year = _first_year(header, [REVIEW_LEAD], "the estimate of a year closing")
    facts.delivered = _delivered(header)
    if facts.plan_year is None and facts.review_year is None and facts.delivered is None:
        facts.review_year = _latest_reviewed(lines)  # the weakest evidence: only when nothing else dates the report
    _infer_years(facts)
    if facts.delivered is None:
        facts.delivered = _dateline(header, facts.plan_year)
    return facts


def _digit_years(text: str) -> str:
    return _HAN_YEAR.sub(lambda m: "".join(str(_HAN_DIGIT[c]) for c in m.group(0)), text)


def _joined(header: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Each header line joined to the next: a dateline or a title is often broken over two lines
    ('——2026年1月26日在广东省第十四届' / '人民代表大会第五次会议上'). A match is told by the first line's number."""
    return [(number, text + header[i + 1][1]) for i, (number, text) in enumerate(header[:-1])]


def _national(header, country: str) -> Found | None:
    for pattern, how in NATIONAL:
        for number, text in header:
            m = pattern.search(text)
            if m:
                return Found(country, m.group(0), number, how)
    return None


def _national_body(header, lines, country: str) -> Found | None:
    """A speech to the deputies ('各位代表') that introduces no government, in which the State Council decides
    ('国务院决定', as the report of 1985 says): the State Council's own report. A local report would have named its
    government in its header."""
    if not any(text.startswith("各位代表") for _n, text in header):
        return None
    for number, text in lines:
        m = _STATE_COUNCIL_DECIDES.search(text)
        if m:
            return Found(country, m.group(0), number, "a speech to the deputies in which the State Council decides")
    return None


def _session_year(header, congress: Calendar) -> Found | None:
    """The plan year of a national report from the session of the National People's Congress it is given at:
    the year the session opened, or the next one for a session of October to December."""
    for pattern in NPC_SESSION:
        for number, text in header:
            m = pattern.search(text)
            if m is None:
                continue
            term, session = _number(m.group(1)), _number(m.group(2)) if m.group(2) else 1
            opened = congress.opened_at(term, session) if term and session else None
            if opened is None:
                continue
            year = opened.year + 1 if opened.month >= 10 else opened.year
            return Found(year, m.group(0), number, f"session {session} of the National People's Congress's term "
                                                   f"{term}, opened {opened:%Y-%m}")
    return None


def _title(header: list[tuple[int, str]]) -> Found | None:
    for number, text in header:
        if "工作报告" in text and len(text) <= 60:
            return Found(text.strip("“”\"《》—-"), text, number, "title")
    return None


def _government(header, lines, gazetteer: Gazetteer) -> tuple[Found | None, str | None]:
    """The first government the header introduces, by the strongest form that names one."""
    whole = "".join(text for _n, text in lines)
    ambiguous = None
    for pattern, how in GOVERNMENT:
        for number, text in header:
            for m in pattern.finditer(text):
                name, slugs = _place_at_end(m.group(1), gazetteer)
                if not slugs:
                    continue
                chosen = _tell_apart(slugs, whole, gazetteer)
                if chosen is None:
                    ambiguous = ambiguous or f"{name} ({'; '.join(gazetteer.describe(s) for s in slugs[:6])})"
                    continue
                return Found(chosen, m.group(0), number, f"{how} {name}"), None
    return None, ambiguous


def _place_at_end(words: str, gazetteer: Gazetteer) -> tuple[str, list[str]]:
    """The longest division name that ends `words` ('……在诏安县' → 诏安县), with the places it names."""
    for start in range(len(words) - 1):
        found = gazetteer.named(words[start:])
        if found:
            return words[start:], found
    return "", []


def _tell_apart(slugs: list[str], text: str, gazetteer: Gazetteer) -> str | None:
    """One of several same-named places: the one whose province or prefecture the report names too."""
    if len(slugs) == 1:
        return slugs[0]
    def support(slug: str) -> int:
        names = [gazetteer.places[a].name_zh for a in gazetteer.ancestors(slug)]
        return sum(1 for n in names if n in text)
    scored = sorted(((support(s), s) for s in slugs), reverse=True)
    if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


# '圆满完成2022年主要预期目标' looks back, not ahead; so does '会议确定的1994年的工作任务'.
ACHIEVED = ("完成", "实现", "达成", "超额", "确定的", "提出的", "部署的")
# A year named in the review part ('1986年是……的一年', '2007年产量达到…'), not a deadline or the end of a span.
_NAMED_YEAR = re.compile(r"(?<![\d到至—\-－~～])((?:19|20)\d\d)年(?![代底末前]|以来|以前|到|至|—|-|－|要|将|计划|争取)")
# '一九八二年预计比一九八一年增长…': a report of the year's end estimates the year closing.
_ESTIMATED_YEAR = re.compile(r"(?<![\d到至])((?:19|20)\d\d)年[^，,。；\n]{0,12}?预计")
REVIEW_PART = 1 / 3  # the share of a report read for the years its review names
_NOT_REVIEWED_AFTER = ("到", "至", "从", "比", "较", "同", "与")


def _first_year(lines, patterns, how: str) -> Found | None:
    for pattern in patterns:
        for number, text in lines:
            for m in pattern.finditer(text):
                if text[max(0, m.start() - 4):m.start()].endswith(ACHIEVED) or not 1949 <= int(m.group(1)) <= 2200:
                    continue
                return Found(int(m.group(1)), m.group(0), number, how)
    return None


def _latest_reviewed(lines) -> Found | None:
    """A report whose parts name no year (the State Council's of the 1980s, 2008, 2013) reviews the latest year its
    first third gives estimates for, or else the year that part names most (the later of a tie), leaving out deadlines, spans and the bases of comparisons ('到1985年',
    '从1981年到1985年', '比2007年增加', '同1978年相比')."""
    body = lines[:max(20, int(len(lines) * REVIEW_PART))]
    estimated = [(int(m.group(1)), number, m.group(0)) for number, text in lines[:len(lines) // 2]
                 for m in _ESTIMATED_YEAR.finditer(text)
                 if 1949 <= int(m.group(1)) <= 2200]
    if estimated:
        year, number, words = max(estimated, key=lambda e: e[0])
        return Found(year, words, number, "the latest year the first part gives estimates for")
    seen: dict[int, list[tuple[int, str]]] = {}
    for number, text in body:
        for m in _NAMED_YEAR.finditer(text):
            if text[max(0, m.start() - 2):m.start()].endswith(_NOT_REVIEWED_AFTER) or \
                    text[m.end():m.end() + 8].find("相比") >= 0 or not 1949 <= int(m.group(1)) <= 2200:
                continue
            seen.setdefault(int(m.group(1)), []).append((number, text[m.start():m.start() + 16]))
    if not seen:
        return None
    year = max(seen, key=lambda y: (len(seen[y]), y))
    number, words = seen[year][0]
    return Found(year, words, number, f"the year the first part names most ({len(seen[year])} times)")


def _delivered(header) -> Found | None:
    for pattern, how in DELIVERED:
        for number, text in header:
            m = pattern.search(text)
            if m is None:
                continue
            try:
                day = dt.date(*(_number(g) for g in m.groups()))
            except (TypeError, ValueError):  # a part that is no number, or no such day
                continue
            return Found(day, m.group(0), number, how)
    return None


def _dateline(header, plan: Found | None) -> Found | None:
    """A news dateline gives month and day; a report is delivered from December to March before its plan year."""
    if plan is None:
        return None
    for number, text in header:
        m = next((m for pattern in DATELINES if (m := pattern.search(text))), None)
        if m:
            month, day = int(m.group(1)), int(m.group(2))
            year = plan.value - 1 if month >= 10 else plan.value
            try:
                return Found(dt.date(year, month, day), m.group(0), number, f"dateline, in the season of plan year {plan.value}")
            except ValueError:
                return None
    return None


def _infer_years(facts: ReportFacts) -> None:
    plan, review = facts.plan_year, facts.review_year
    if plan is None and review is not None:
        facts.plan_year = Found(review.value + 1, "", None, f"the year after the year reviewed ({review.value})")
    elif review is None and plan is not None:
        facts.review_year = Found(plan.value - 1, "", None, f"the year before the plan year ({plan.value})")
    elif plan is None and review is None and facts.delivered is not None:
        day = facts.delivered.value
        year = day.year + 1 if day.month >= 10 else day.year
        facts.plan_year = Found(year, "", None, f"delivered {day.isoformat()}: a report of that season plans for {year}")
        facts.review_year = Found(year - 1, "", None, f"the year before the plan year ({year})")


def _number(text: str) -> int | None:
    """'2022', '二〇二二' (digit by digit), '十二', '二十', '二十七' (as written with 十); None for what is no number
    ('十十', a misprint)."""
    if text.isdigit():
        return int(text)
    m = _TENS.match(text)
    if m:
        tens, units = m.groups()
        return (_HAN_DIGIT[tens] if tens else 1) * 10 + (_HAN_DIGIT[units] if units else 0)
    if text and all(c in _HAN_DIGIT for c in text):
        return int("".join(str(_HAN_DIGIT[c]) for c in text))
    return None


@dataclass(frozen=True)
class Settled:
    """The metadata a report is added with: what the text said, or what the user gave instead."""

    place: str
    plan_year: int
    review_year: int
    delivered: dt.date | None
    report_title: str
    reasons: tuple[str, ...]  # one line per fact: its value and where it came from


def settle(facts: ReportFacts, gazetteer: Gazetteer, *, place: str | None = None, year: int | None = None,
           review_year: int | None = None, delivered: dt.date | None = None) -> Settled:
    """Options win over the text; what neither gives is an error naming each missing fact and how to give it."""
    from kg.errors import InputError

    reasons: list[str] = []
    missing: list[str] = []
    if place is not None:
        slug = gazetteer.resolve(place)
        if gazetteer.anchor(slug) != slug:
            raise InputError(f"{gazetteer.describe(slug)} is no division of China: --place takes the government's "
                             "place (a province, prefecture, county or township)")
        said = f"; the text says {gazetteer.places[facts.place.value].name_zh}" if facts.place and \
            facts.place.value != slug else ""
        reasons.append(f"place: {gazetteer.describe(slug)} — from --place{said}")
    elif facts.place is not None:
        slug = facts.place.value
        reasons.append(f"place: {gazetteer.describe(slug)} — {facts.place.because()}")
    else:
        slug = ""
        if facts.ambiguous:
            missing.append(f"the reporting government: {facts.ambiguous} could be any of these; pass --place CODE")
        else:
            missing.append("the reporting government (no “…人民政府…长”, “在…第…届人民代表大会…会议上” or “…政府工作报告” "
                           "title names a place): pass --place NAME or CODE, e.g. --place 石狮市 or --place 350581")
    plan = year if year is not None else (review_year + 1 if review_year is not None and facts.plan_year is None
                                          else facts.plan_year.value if facts.plan_year else None)
    if year is not None:
        reasons.append(f"plan year: {year} — from --year")
    elif plan is not None and facts.plan_year is not None:
        reasons.append(f"plan year: {plan} — {facts.plan_year.because()}")
    elif plan is not None:
        reasons.append(f"plan year: {plan} — the year after --review-year")
    else:
        missing.append("the year the report plans for (no “20XX年……主要预期目标”, “20XX年工作安排” or dated title): "
                       "pass --year YEAR")
    if review_year is not None:
        review = review_year
        reasons.append(f"review year: {review} — from --review-year")
    elif facts.review_year is not None and facts.review_year.line is not None:
        review = facts.review_year.value
        reasons.append(f"review year: {review} — {facts.review_year.because()}")
    elif plan is not None:
        review = plan - 1
        reasons.append(f"review year: {review} — the year before the plan year")
    else:
        review = None
        missing.append("the year the report reviews (no “20XX年工作回顾”): pass --review-year YEAR")
    if missing:
        raise InputError("cannot tell " + "; nor ".join(missing))
    day = delivered if delivered is not None else (facts.delivered.value if facts.delivered else None)
    if delivered is not None:
        reasons.append(f"delivered: {day.isoformat()} — from --delivered")
    elif facts.delivered is not None:
        reasons.append(f"delivered: {day.isoformat()} — {facts.delivered.because()}")
    else:
        reasons.append("delivered: not stated in the text (pass --delivered YYYY-MM-DD to record it)")
    if review >= plan:
        raise InputError(f"the year reviewed ({review}) must come before the plan year ({plan})")
    title = facts.title.value if facts.title else ""
    return Settled(slug, plan, review, day, str(title), tuple(reasons))
