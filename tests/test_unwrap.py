"""Undoing the newspaper layout: each rule with a small text that needs it."""

from kg.extract.read import read_text
from kg.extract.unwrap import unwrap


def units(text: str) -> list[str]:
    return [u.text for u in unwrap(read_text(text, __import__("pathlib").Path("t.txt")))]


def test_line_wrapped_mid_word_is_joined():
    text = "❶加快推进安海北环-龙\n山寺片区建设。\n推进29个专项规划编制。\n"
    assert units(text) == ["加快推进安海北环-龙山寺片区建设。", "推进29个专项规划编制。"]


def test_blank_line_inside_a_wrapped_sentence_is_joined():
    text = ("❷打好矿山生态修复攻坚战，让青山翠绿、草木葱\n\n茏成为常态。\n开展矿山综合治理“百日攻坚”。\n"
            "完成40%历史遗留废弃矿山修复工作任务。\n")
    assert units(text)[0] == "打好矿山生态修复攻坚战，让青山翠绿、草木葱茏成为常态。"


def test_short_items_separated_by_blank_lines_stay_apart():
    text = "入选全国首批营商环境创新县（市）\n\n入列全国县域旅游综合实力百强县\n\n获批全国医养结合示范县\n"
    assert units(text) == ["入选全国首批营商环境创新县（市）", "入列全国县域旅游综合实力百强县", "获批全国医养结合示范县"]


def test_bulleted_item_continues_across_blank_line_when_the_list_goes_on():
    text = "●省集成电路创新\n实验室、香港理工大学晋\n\n江技术创新研究院成功落地\n\n●经营主体超31万户\n"
    assert units(text) == ["省集成电路创新实验室、香港理工大学晋江技术创新研究院成功落地", "经营主体超31万户"]


def test_last_bullet_does_not_swallow_the_next_block():
    text = "●经营主体超31万户\n\n●南翼高新区拉开\n建设架势\n\n地区生产总值\n增长6%左右\n"
    assert units(text) == ["经营主体超31万户", "南翼高新区拉开建设架势", "地区生产总值增长6%左右"]


def test_a_line_starting_with_a_predicate_continues_the_subject_above():
    text = "一般公共预算总收入\n\n增长6%、本级收入\n\n增长5%\n\n规上工业增加值\n\n增长7.2%\n"
    assert units(text) == ["一般公共预算总收入增长6%、本级收入增长5%", "规上工业增加值增长7.2%"]


def test_indented_line_starts_a_new_frame_and_layout_spaces_are_dropped():
    text = "推进40个大气精准治理减排项目。\n 实施 20个节能改造项目；创建 5家省级以上绿色制造示范企业。\n"
    us = unwrap(read_text(text, __import__("pathlib").Path("t.txt")))
    assert us[1].frame_start
    assert us[1].text == "实施20个节能改造项目；创建5家省级以上绿色制造示范企业。"


def test_offsets_point_back_into_the_original_text():
    text = "❸完善综合交\n通体系。\n"
    src = read_text(text, __import__("pathlib").Path("t.txt"))
    u = unwrap(src)[0]
    assert u.marker.symbol == "❸" and u.marker.ordinal == 3
    start, end = u.span_of(0, len(u.text))
    assert text[start:end] == "完善综合交\n通体系。"
