"""Layout conventions of Chinese government work reports as printed in newspapers.

These are the typographic signals the reader and the segmenter rely on: list markers, heading shapes,
sentence ends, and the words that can only continue a wrapped line. They describe the genre, not one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CN_DIGITS = "零一二两三四五六七八九十百千万"
_CN_VALUE = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

BULLETS = "◎●○◆◇■▪•▶►★☆"
RUBRICS = "□"  # a column rubric such as '□关注晋江两会': not a list item
CIRCLED = {chr(c): i + 1 for i, c in enumerate(range(0x2776, 0x2780))}  # ❶..❿
CIRCLED.update({chr(c): i + 1 for i, c in enumerate(range(0x278A, 0x2794))})  # ➊..➓
CIRCLED.update({chr(c): i + 1 for i, c in enumerate(range(0x2460, 0x2474))})  # ①..⑳

SENTENCE_END = "。！？!?"
JOINERS = "、，,：:；;“‘（(《【-—…·"  # a line ending in one of these continues on the next line
OPENERS = {"“": "”", "（": "）", "(": ")", "《": "》", "【": "】", "‘": "’", "「": "」"}
# A line starting with one of these cannot start a statement: it continues a wrapped one.
CONTINUATION_START = re.compile(
    r"^(?:[、，,。：:；;）)”’》】%]|增长|下降|达到|达|超过|突破|保持|位居|跃居|控制在|提高|降低|分别|以上|左右)"
)

NUMBERED = re.compile(r"^(?P<num>\d{1,2})\s*[.．、](?!\d)\s*")
CN_NUMBERED = re.compile(r"^[（(](?P<num>[一二三四五六七八九十]{1,3})[）)]\s*")  # '（一）' or, typed in ASCII, '(一)'

# Section headings: a newspaper digest's short line ending in its two-digit number ('在……上再出发04'), a part's
# slogan ('07 以……为抓手，打造……'), '一、……', '第三部分 ……'.
HEADINGS = (
    re.compile(r"^(?P<title>[^。！？，,；;：:、\d\s]{4,40})\s*(?P<num>\d{2})$"),
    # The slogan of a part, 以 X 为 Y，Z (以治理攻坚为抓手，打造…), as the genre opens its parts' paragraphs
    # (tests/test_layout_genre.py finds it in the real corpus), printed alone on a line, with or without its number.
    re.compile(r"^(?:(?P<num>\d{1,2})\s*)?(?P<title>以[^，。！？]{2,20}为[^，。！？]{1,6}[，,][^，。！？]{3,30})$"),
    re.compile(r"^(?P<cnum>[一二三四五六七八九十]{1,3})、(?P<title>[^。！？]{2,40})$"),
    re.compile(r"^第(?P<cnum>[一二三四五六七八九十]{1,3})(?:部分|章)\s*(?P<title>[^。！？]{0,40})$"),
    # A part's heading printed without a number ('“十四五”时期工作回顾', '“十五五”时期的主要目标任务'): a short line
    # of its own, no clause in it, ending in the words that name a part of a government work report.
    re.compile(r"^(?P<title>[^。！？，,；;：:、]{2,24}(?:工作回顾|发展回顾|的回顾|主要目标任务|主要目标和任务|工作安排|"
               r"总体要求和政策取向|政府工作任务|加强政府自身建设|\d{4}年的工作))$"),
)
# A heading that introduces a review of the past year rather than plans.
REVIEW_HEADING = re.compile(r"(回顾|成绩单|成绩|过去一年|工作总结)")
# A heading that names what was achieved ('国民经济在调整…中取得了新的进展', '…的伟大成就') reviews too, unless it
# names the plan as well ('“十三五”时期发展成就和“十四五”时期主要目标任务'); '取得新成效' without 了 may be a
# plan's aim ('推动…取得新成效'), so it decides nothing.
ACHIEVED_HEADING = re.compile(r"取得了|成就")
PLAN_HEADING_WORDS = re.compile(r"目标|任务|计划|安排|部署")
# The heading of a box of figures or honours ('2024年成绩单', '主要预期目标'): a label, not a statement.
BOX_HEADING = re.compile(r"(成绩单|预期目标|主要工作|重点工作|方面工作)")
# A label in lenticular brackets on a line of its own ('【2025年目标】'): it heads what follows, never continues an item.
BRACKET_LABEL = re.compile(r"^【[^】]{1,24}】$")
BYLINE = re.compile(r"^(本报记者|记者|通讯员|来源[:：]|责任编辑)")


@dataclass(frozen=True)
class Marker:
    kind: str  # 'bullet', 'circled', 'numbered'
    symbol: str  # the marker as printed
    ordinal: int | None  # 1 for ❶ or '1.', None for bullets
    length: int  # characters the marker takes at the start of the line


def cn_number(text: str) -> int | None:
    """Value of a small Chinese numeral ('三' → 3, '十二' → 12, '二十' → 20, '百' → 100, '万' → 10000)."""
    if not text or any(ch not in CN_DIGITS for ch in text):
        return None
    if text in ("百", "千", "万"):
        return {"百": 100, "千": 1000, "万": 10000}[text]
    total, current = 0, 0
    for ch in text:
        if ch in _CN_VALUE:
            current = _CN_VALUE[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "千":
            total += (current or 1) * 1000
            current = 0
        elif ch == "万":
            total = (total + current or 1) * 10000
            current = 0
    return total + current


def marker_at(text: str) -> Marker | None:
    """The list marker a (stripped) line starts with, if any."""
    if not text:
        return None
    first = text[0]
    if first in BULLETS:
        return Marker("bullet", first, None, 1)
    if first in CIRCLED:
        return Marker("circled", first, CIRCLED[first], 1)
    m = NUMBERED.match(text)
    if m and len(text) > m.end():
        return Marker("numbered", m.group(0).strip(), int(m.group("num")), m.end())
    m = CN_NUMBERED.match(text)
    if m:
        return Marker("numbered", m.group(0).strip(), cn_number(m.group("num")), m.end())
    return None


@dataclass(frozen=True)
class Heading:
    title: str
    number: int | None


def heading_at(text: str) -> Heading | None:
    """A section heading occupying the whole (stripped, space-free) line, if it is one."""
    for pattern in HEADINGS:
        m = pattern.match(text)
        if m:
            groups = m.groupdict()
            number = None
            if groups.get("num"):
                number = int(groups["num"])
            elif groups.get("cnum"):
                number = cn_number(groups["cnum"])
            return Heading(m.group("title").strip(), number)
    return None


def display_width(text: str) -> float:
    """Column width as printed: CJK characters are one em, ASCII half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


_CLOSERS = frozenset(OPENERS.values())


def bracket_depth(text: str, depth: int = 0) -> int:
    """How many quotation marks or brackets are open at the end of `text`, starting with `depth` open: the depth
    after two texts joined is `bracket_depth(b, bracket_depth(a))`, so a growing text is followed in linear time."""
    for ch in text:
        if ch in OPENERS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
    return depth


def unbalanced(text: str) -> bool:
    """True when a quotation mark or bracket opened in `text` is still open at its end."""
    return bracket_depth(text) > 0
