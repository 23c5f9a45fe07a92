"""Outline recovery: sections, themes and statements in the right place despite the scrambled print order."""

from pathlib import Path

from kg.extract.read import read_text
from kg.extract.segment import outline
from kg.extract.unwrap import unwrap


def make(text: str):
    return outline(unwrap(read_text(text, Path("t.txt"))))


def test_heading_printed_after_its_first_theme_claims_it():
    text = (
        "在深化改革上再出发03\n1.打造投资创业高地\n◎设立侨创基金。\n"
        "1.引导传统产业拥抱新质\n◎深化开展绿色低碳转型四大工程。\n"
        "在培育新质生产力上再出发02\n2.带动新兴产业强质发展\n◎未来产业突出前瞻布局。\n"
    )
    o = make(text)
    assert [s.key for s in o.sections] == ["s02", "s03"]
    themes = {t.unit.text: t.section.key for t in o.themes}
    assert themes == {"打造投资创业高地": "s03", "引导传统产业拥抱新质": "s02", "带动新兴产业强质发展": "s02"}
    keys = {i.unit.text: i.key for i in o.items if i.role == "statement"}
    assert keys["深化开展绿色低碳转型四大工程。"] == "s02-t1-1"
    assert keys["未来产业突出前瞻布局。"] == "s02-t2-1"


def test_unnumbered_sections_take_free_numbers_in_reading_order():
    text = "07 以治理攻坚为抓手，打造生态绿美晋江\n❶打好水环境治理大会战。\n实施120个治水项目。\n" \
           " 以要素挖潜为关键，拓展更大发展空间\n盘活低效用地7000亩。\n"
    o = make(text)
    assert [(s.key, s.printed) for s in o.sections] == [("s01", False), ("s07", True)]
    keys = {i.unit.text: i.key for i in o.items if i.role == "statement"}
    assert keys == {"实施120个治水项目。": "s07-t1-1", "盘活低效用地7000亩。": "s01-1"}


def test_frame_break_ends_the_section_and_later_lines_are_loose():
    text = "在推动城乡融合上再出发04\n1.加快城市有机更新\n◎实施样板工程。\n 地区生产总值增长6%左右\n"
    o = make(text)
    roles = {i.unit.text: i.role for i in o.items}
    assert roles["实施样板工程。"] == "statement"
    assert roles["地区生产总值增长6%左右"] == "loose"


def test_review_heading_marks_a_review_section():
    o = make("一、2025年工作回顾\n（一）经济运行稳中向好\n地区生产总值增长6.2%。\n二、2026年主要工作\n（一）壮大实体经济\n")
    assert [(s.number, s.review) for s in o.sections] == [(1, True), (2, False)]


def test_real_2025_report_has_seven_sections_with_their_themes(extraction):
    o = extraction["jinjiangshi-2025"].outline
    assert [s.number for s in o.sections] == [1, 2, 3, 4, 5, 6, 7]
    themes = {}
    for t in o.themes:
        themes.setdefault(t.section.number, []).append(t.ordinal)
    assert {k: sorted(v) for k, v in themes.items()} == {
        1: [1, 2, 3, 4], 2: [1, 2, 3, 4, 5], 3: [1, 2, 3], 4: [1, 2, 3, 4], 5: [1, 2, 3], 6: [1, 2, 3], 7: [1, 2, 3]}


def test_real_2024_report_has_eight_sections(extraction):
    o = extraction["jinjiangshi-2024"].outline
    assert len(o.sections) == 8
    assert [s.title for s in o.sections if s.printed] == ["以治理攻坚为抓手，打造生态绿美晋江"]


def test_a_paragraph_of_running_text_is_cut_into_its_sentences():
    o = make("一、2022年工作回顾\n（一）产业转型步伐加快。新增规上工业企业65家，产值突破1500亿元。县域经济位居全国第4位。\n"
             "报告指出，过去一年经济平稳。初步预计，地区生产总值增长5%。\n")
    theme = next(i for i in o.items if i.role == "theme")
    assert theme.unit.text == "产业转型步伐加快。"
    under = [(i.key, i.unit.text) for i in o.items if i.role == "statement"]
    assert under[:2] == [("s01-t1-1", "新增规上工业企业65家，产值突破1500亿元。"), ("s01-t1-2", "县域经济位居全国第4位。")]
    assert o.sections[0].year == 2022
    report = [i for i in o.items if i.unit.text.startswith(("报告指出", "初步预计"))]
    assert len(report) == 2 and report[0].paragraph == report[1].paragraph != theme.paragraph


def test_a_bulleted_item_stays_one_statement():
    o = make("在推动城乡融合上再出发04\n1.加快城市有机更新\n◎实施样板工程。推进片区更新。\n")
    assert [i.unit.text for i in o.items if i.role == "statement"] == ["实施样板工程。推进片区更新。"]


def test_a_theme_numbered_with_ascii_brackets_is_a_theme():
    o = make("一、2018年工作回顾\n(一)实体经济稳步壮大。新增企业5家。\n")
    assert [(t.ordinal, t.unit.text) for t in o.themes] == [(1, "实体经济稳步壮大。")]


def test_a_part_heading_printed_without_a_number_is_a_heading():
    from kg.extract.layout import heading_at

    for line in ("“十四五”时期工作回顾", "“十五五”时期的主要目标任务", "2031年政府工作任务", "全面加强政府自身建设",
                 "首先报告2030年的工作"):
        assert heading_at(line) is not None, line
    for line in ("刚刚过去的一年，我们认真做好工作回顾", "回顾", "全面完成年度工作安排。", "做好2030年的工作。"):
        assert heading_at(line) is None, line  # a sentence, or too short to name a part


def test_indented_paragraphs_of_a_full_text_stay_in_their_part(tmp_path):
    """A formal full text indents every paragraph ('　　'): an indented line begins a paragraph there, not a frame of a
    newspaper page, so the paragraphs after a heading belong to its part."""
    from kg.extract.read import read_report
    from kg.extract.segment import outline
    from kg.extract.unwrap import unwrap

    text = "各位代表：\n\n一、2030年工作回顾\n\n" + "".join(f"　　第{n}段，全市工作取得新进展。\n\n" for n in range(1, 6)) + \
        "二、2031年工作安排\n\n　　今年要继续努力。\n"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    out = outline(unwrap(read_report(path)))
    parts = {i.unit.text[:3]: (i.section.key if i.section else None) for i in out.items if i.role == "statement"}
    assert parts == {"第1段": "s01", "第2段": "s01", "第3段": "s01", "第4段": "s01", "第5段": "s01", "今年要": "s02"}


def test_an_indentation_printed_on_a_line_of_its_own_indents_the_next_line():
    """Pages saved as text often break after a paragraph's indentation (`<p>　　<b>主题句。</b>正文`): the line after a
    line of only '　　' begins an indented paragraph, so such a full text keeps its paragraphs in their parts."""
    paragraph = "　　\n经济运行总体平稳。\n全年粮食产量达到一个新水平，财政收入稳定增长。\n\n"
    text = "各位代表：\n\n一、2030年工作回顾\n\n　　2030年，全国工作取得新进展。\n\n" + paragraph * 3 + \
        "二、2031年工作安排\n\n　　今年要继续努力。\n"
    o = make(text)
    units = unwrap(read_text(text, Path("t.txt")))
    assert [u.frame_start for u in units if u.text == "经济运行总体平稳。"] == [True, True, True]
    assert [u.frame_start for u in units if u.text.startswith("全年粮食")] == [False, False, False]
    sections = {i.section.key if i.section else None for i in o.items
                if i.role == "statement" and i.unit.text.startswith(("经济", "全年"))}
    assert sections == {"s01"}


def test_a_part_that_names_what_was_achieved_reviews_unless_it_names_the_plan_too():
    o = make("一、国民经济在调整中取得了新的进展\n去年粮食增产。\n二、“十八五”时期发展成就和“十九五”时期主要目标任务\n"
             "今后五年要努力。\n三、2031年国民经济计划\n今年要努力。\n")
    assert [(s.title[:6], s.review) for s in o.sections] == [("国民经济在调", True), ("“十八五”时", False),
                                                            ("2031年国", False)]
