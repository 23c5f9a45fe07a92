"""Figures: value in base units, unit, statistic, qualifiers and the indicator phrase, case by case."""

from decimal import Decimal

import pytest

from kg.extract.recognise.figures import FigureRecogniser


@pytest.fixture(scope="module")
def find(reference):
    fr = FigureRecogniser(reference)
    return lambda text: [(f.indicator, f.value, f.unit, f.statistic, f.qualifiers) for f in fr.find(text)]


@pytest.mark.parametrize("text, expected", [
    ("地区生产总值增长6%左右", [("地区生产总值", Decimal(6), "percent", "growth", ["about"])]),
    ("新增优质学位2.6万个以上", [("新增优质学位", Decimal(26000), "ge", "level", ["at-least"])]),
    ("预计地区生产总值增长7%以上，站上3500亿元新台阶",
     [("地区生产总值", Decimal(7), "percent", "growth", ["at-least"]),
      ("地区生产总值", Decimal(350_000_000_000), "yuan", "level", ["passed"])]),
    ("带动村均集体经营性收入超75万元", [("村均集体经营性收入", Decimal(750000), "yuan", "level", ["at-least"])]),
    ("实施14个老旧小区改造工程，加快解决加装电梯、停车等难题", [("老旧小区改造工程", Decimal(14), "ge", "level", [])]),
    ("上市挂牌企业突破百家", [("上市挂牌企业", Decimal(100), "jia", "level", ["passed"])]),
    ("升级改造万户家庭燃气安全设施", [("家庭燃气安全设施", Decimal(10000), "hu", "level", [])]),
    ("县域经济基本竞争力保持全国第四", [("县域经济基本竞争力", Decimal(4), "rank", "rank", [])]),
    ("首次跻身全国工业百强县第3", [("工业百强县", Decimal(3), "rank", "rank", [])]),
    ("一般公共预算总收入、城乡居民人均可支配收入分别增长1.7%、5.5%",
     [("一般公共预算总收入", Decimal("1.7"), "percent", "growth", []),
      ("城乡居民人均可支配收入", Decimal("5.5"), "percent", "growth", [])]),
    ("新增1138个托育位、500张养老床位", [("新增托育位", Decimal(1138), "ge", "level", []),
                                        ("新增养老床位", Decimal(500), "zhang", "level", [])]),
    ("推进高精巨新“四个倍增”：推动高新企业超900家、专精特新企业超100家",
     [("高新企业", Decimal(900), "jia", "level", ["at-least"]), ("专精特新企业", Decimal(100), "jia", "level", ["at-least"])]),
    ("力争空气优良率保持99%以上", [("空气优良率", Decimal(99), "percent", "level", ["at-least"])]),
    ("落地高层次人才团队项目10个、设立人才科创基金", [("高层次人才团队项目", Decimal(10), "ge", "level", [])]),
    ("新增5000套保障性租赁住房", [("新增保障性租赁住房", Decimal(5000), "tao", "level", [])]),
    ("建成产业空间超600万平方米", [("产业空间", Decimal(6_000_000), "square-metre", "level", ["at-least"])]),
])
def test_figures(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text", [
    "2023年12月28日上午，晋江市第十八届人民代表大会第三次会议开幕。",
    "实施“1+6”专项三年行动",
    "协同启动晋江隧道、城际轨道R1线项目。",
    "开展学生体质健康“1061”提升行动。",
    "是中华人民共和国成立75周年",
])
def test_numbers_that_are_not_figures(find, text):
    assert find(text) == []
