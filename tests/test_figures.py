"""Figures: value in base units, unit, statistic, qualifiers and the indicator phrase, case by case."""

from decimal import Decimal

import pytest

from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.recognise.indicator_names import IndicatorNames


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
    # Issue 20: distributive 分别, 其中, 同口径, bare growth after a level, 下降, ranks, shares of a plan.
    ("城乡居民收入分别达到4万元、1.8万元，分别增长8.2%和9.5%",
     [("城镇居民收入", Decimal(40000), "yuan", "level", []), ("农村居民收入", Decimal(18000), "yuan", "level", []),
      ("城镇居民收入", Decimal("8.2"), "percent", "growth", []), ("农村居民收入", Decimal("9.5"), "percent", "growth", [])]),
    ("城镇居民、农村居民人均可支配收入分别增长5.2%左右、7.6%左右",
     [("城镇居民人均可支配收入", Decimal("5.2"), "percent", "growth", ["about"]),
      ("农村居民人均可支配收入", Decimal("7.6"), "percent", "growth", ["about"])]),
    ("城镇、农村居民人均可支配收入分别增长4.6%、6.8%",
     [("城镇居民人均可支配收入", Decimal("4.6"), "percent", "growth", []),
      ("农村居民人均可支配收入", Decimal("6.8"), "percent", "growth", [])]),
    ("推动纺织鞋服、石油化工两个产业集群产值分别突破5000亿元、3000亿元",
     [("纺织鞋服产业集群产值", Decimal(500_000_000_000), "yuan", "level", ["passed"]),
      ("石油化工产业集群产值", Decimal(300_000_000_000), "yuan", "level", ["passed"])]),
    ("一般公共预算总收入5382.3亿元、同口径增长1.9%",
     [("一般公共预算总收入", Decimal(538_230_000_000), "yuan", "level", []),
      ("一般公共预算总收入", Decimal("1.9"), "percent", "growth", [])]),
    ("一般公共预算总收入同口径增长6%", [("一般公共预算总收入", Decimal(6), "percent", "growth", [])]),
    ("其中地方一般公共预算收入52.7亿元，增长2.1%",
     [("地方一般公共预算收入", Decimal(5_270_000_000), "yuan", "level", []),
      ("地方一般公共预算收入", Decimal("2.1"), "percent", "growth", [])]),
    ("2022年福建省地区生产总值5.3万亿元", [("地区生产总值", Decimal(5_300_000_000_000), "yuan", "level", [])]),
    ("工业经济稳中有进规上工业总产值增长12%", [("规上工业总产值", Decimal(12), "percent", "growth", [])]),
    ("人均地区生产总值12万元", [("人均地区生产总值", Decimal(120000), "yuan", "level", [])]),
    ("固定资产投资下降9.8%", [("固定资产投资", Decimal("-9.8"), "percent", "growth", [])]),
    ("居民消费价格涨幅3%左右", [("居民消费价格", Decimal(3), "percent", "growth", ["about"])]),
    ("外贸进出口总额1.99万亿元，规模居全国第7位",
     [("外贸进出口总额", Decimal(1_990_000_000_000), "yuan", "level", []),
      ("外贸进出口总额", Decimal(7), "rank", "rank", [])]),
    ("完成重点项目投资210亿元，占年度计划的112.4%",
     [("重点项目投资", Decimal(21_000_000_000), "yuan", "level", []),
      ("重点项目投资", Decimal("112.4"), "percent", "plan-share", [])]),
    ("为民办实事项目完成年度任务的100.8%", [("为民办实事项目", Decimal("100.8"), "percent", "plan-share", [])]),
    ("实施重点项目118个，完成投资152亿元",
     [("重点项目", Decimal(118), "ge", "level", []), ("重点项目投资", Decimal(15_200_000_000), "yuan", "level", [])]),
    ("“四帮四扶”200户困难家庭", [("四帮四扶困难家庭", Decimal(200), "hu", "level", [])]),
    ("力争新增规上工业企业50家以上", [("新增规上工业企业", Decimal(50), "jia", "level", ["at-least"])]),
    # The examples before 等 name the project group, not what is counted (comparable across years).
    ("推进南翼国际芯创港、零碳产业园等159个项目建设", [("项目", Decimal(159), "ge", "level", [])]),
    ("推进冰雪大世界等15个文体旅融合项目", [("文体旅融合项目", Decimal(15), "ge", "level", [])]),
    ("推进高铁、科创、紫帽等新区31个项目", [("新区项目", Decimal(31), "ge", "level", [])]),
    # Issue 28: ranks in a span, after a growth, held for years, first places and scopes beyond the country.
    ("出口总额由1990年的1000亿美元增加到2000亿美元，世界排名由第九位上升到第四位",
     [("出口总额", Decimal(100_000_000_000), "usd", "level", []), ("出口总额", Decimal(200_000_000_000), "usd", "level", []),
      ("出口总额", Decimal(9), "rank", "rank", []), ("出口总额", Decimal(4), "rank", "rank", [])]),
    ("粮食总产量由上年居世界第三位上升为第二位",
     [("粮食总产量", Decimal(3), "rank", "rank", []), ("粮食总产量", Decimal(2), "rank", "rank", [])]),
    ("民间投资增长12.5%、居全国第4位",
     [("民间投资", Decimal("12.5"), "percent", "growth", []), ("民间投资", Decimal(4), "rank", "rank", [])]),
    ("县域经济综合实力连续9年居全省县域首位", [("县域经济综合实力", Decimal(1), "rank", "rank", [])]),
    ("外贸进出口规模排西部第三", [("外贸进出口规模", Decimal(3), "rank", "rank", [])]),    ("一、二、三产业增加值分别增长4.1%、5.2%、6.3%",
     [("第一产业增加值", Decimal("4.1"), "percent", "growth", []), ("第二产业增加值", Decimal("5.2"), "percent", "growth", []),
      ("第三产业增加值", Decimal("6.3"), "percent", "growth", [])]),
    ("其中一二三产增加值分别增长3%左右、5%左右", []),  # two numbers for three sectors: no subject for each
    ("城镇居民人均可支配收入和农村居民人均纯收入实际增长7.1%和6.2%",
     [("城镇居民人均可支配收入", Decimal("7.1"), "percent", "growth", []),
      ("农村居民人均纯收入", Decimal("6.2"), "percent", "growth", [])]),
    ("粮食产量和棉花产量增长3%和5%", [("粮食产量", Decimal(3), "percent", "growth", []), ("棉花产量", Decimal(5), "percent", "growth", [])]),
    ("粮食产量首次跃上1.2万亿斤新台阶", [("粮食产量", Decimal(1_200_000_000_000), "jin", "level", ["passed"])]),
    ("消费对经济增长贡献率接近55%", [("消费对经济增长贡献率", Decimal(55), "percent", "level", ["about"])]),
    ("地级及以上城市细颗粒物（PM2.5）平均浓度下降4.1%", [("细颗粒物平均浓度", Decimal("-4.1"), "percent", "growth", [])]),
    ("全国税收收入16000亿元，增加1200亿元", [("税收收入", Decimal(1_600_000_000_000), "yuan", "level", [])]),
    ("居民消费价格总水平涨幅在2.5%以内", [("居民消费价格总水平", Decimal("2.5"), "percent", "growth", ["at-most"])]),
    ("2029年末居民储蓄存款余额增长6.5%", [("居民储蓄存款余额", Decimal("6.5"), "percent", "growth", [])]),
    ("外贸进出口增长5.2%，总额突破6000亿元",
     [("外贸进出口", Decimal("5.2"), "percent", "growth", []), ("外贸进出口", Decimal(600_000_000_000), "yuan", "level", ["passed"])]),
    ("服务进出口总额增长12.1%", [("服务进出口总额", Decimal("12.1"), "percent", "growth", [])]),
    ("地区生产总值增长4.5-5%", [("地区生产总值", Decimal("4.5"), "percent", "growth", ["range"])]),  # a range, both bounds
    ("地区生产总值达到9000亿元，较“十三五”末的6000亿元增加3000亿元",
     [("地区生产总值", Decimal(900_000_000_000), "yuan", "level", []), ("地区生产总值", Decimal(600_000_000_000), "yuan", "level", [])]),
    ("粮食产量继续保持300亿斤以上", [("粮食产量", Decimal(30_000_000_000), "jin", "level", ["at-least"])]),
    ("农村低保平均标准提高到5000元/年", [("农村低保平均标准", Decimal(5000), "yuan-per-year", "level", [])]),
    ("城镇居民人均可支配收入，考虑价格下降因素比上年实际增长6.3%",
     [("城镇居民人均可支配收入", Decimal("6.3"), "percent", "growth", [])]),
    ("去年末居民储蓄存款余额增长7.5%", [("居民储蓄存款余额", Decimal("7.5"), "percent", "growth", [])]),
    ("粮食产量跃上1.3万亿斤新台阶、亩产提升8.2斤",
     [("粮食产量", Decimal(1_300_000_000_000), "jin", "level", ["passed"])]),  # an increment of 亩产: not kept
    ("经营主体连续12个季度增长", []),  # a duration, no figure
    ("提升6个口袋公园", [("口袋公园", Decimal(6), "ge", "level", [])]),  # a task, not an increment
    ("游客人数、旅游收入均增长8%以上",
     [("游客人数", Decimal(8), "percent", "growth", ["at-least"]), ("旅游收入", Decimal(8), "percent", "growth", ["at-least"])]),
    ("风电、光伏发电量占比均超过20%",
     [("风电发电量占比", Decimal(20), "percent", "level", ["at-least"]), ("光伏发电量占比", Decimal(20), "percent", "level", ["at-least"])]),
    ("城镇居民人均可支配收入30000元，农村居民人均可支配收入15000元，扣除价格因素，分别比上年实际增长6.1%和7.2%",
     [("城镇居民人均可支配收入", Decimal(30000), "yuan", "level", []), ("农村居民人均可支配收入", Decimal(15000), "yuan", "level", []),
      ("城镇居民人均可支配收入", Decimal("6.1"), "percent", "growth", []),
      ("农村居民人均可支配收入", Decimal("7.2"), "percent", "growth", [])]),
    ("农林牧渔业总产值超过1.2万亿元，稳居全国首位",
     [("农林牧渔业总产值", Decimal(1_200_000_000_000), "yuan", "level", ["at-least"]),
      ("农林牧渔业总产值", Decimal(1), "rank", "rank", [])]),
    ("开展促消费活动1.5万场次", [("促消费活动", Decimal(15000), "changci", "level", [])]),
    ("外贸出口从5月份开始回升，全年达到2000亿美元，比上年增长7.2%",
     [("外贸出口", Decimal(200_000_000_000), "usd", "level", []), ("外贸出口", Decimal("7.2"), "percent", "growth", [])]),
    ("农村贫困人口减少1200万", [("农村贫困人口减少", Decimal(12_000_000), "ren", "level", [])]),
    ("单位国内生产总值能耗降幅超过3%", [("单位国内生产总值能耗", Decimal(-3), "percent", "growth", ["at-least"])]),
    ("交通运输和邮政业、住宿和餐饮业增加值分别增长5.1%、6.2%",
     [("交通运输和邮政业增加值", Decimal("5.1"), "percent", "growth", []),
      ("住宿和餐饮业增加值", Decimal("6.2"), "percent", "growth", [])]),
    ("税收增长3.2%，其中工业税收增长6.1%",
     [("税收", Decimal("3.2"), "percent", "growth", []), ("工业税收", Decimal("6.1"), "percent", "growth", [])]),
    ("实际使用外资1200亿美元、稳居发展中国家首位",
     [("实际使用外资", Decimal(120_000_000_000), "usd", "level", []), ("实际使用外资", Decimal(1), "rank", "rank", [])]),
    ("农村自来水、卫生户厕普及率分别达到95.1%、98.2%",
     [("农村自来水普及率", Decimal("95.1"), "percent", "level", []), ("卫生户厕普及率", Decimal("98.2"), "percent", "level", [])]),
    ("高校招生规模比上年扩大30.2%", [("高校招生规模", Decimal("30.2"), "percent", "growth", [])]),
    ("为3000名困难家庭大学新生发放助学金1500万元",
     [("困难家庭大学新生", Decimal(3000), "ming", "level", []), ("助学金", Decimal(15_000_000), "yuan", "level", [])]),
    ("国务院提出今年经济增长预期目标为6%左右", [("经济", Decimal(6), "percent", "growth", ["about"])]),
    ("新争取中央预算内资金120亿元", [("中央预算内资金", Decimal(12_000_000_000), "yuan", "level", [])]),
    ("实际使用外资20亿美元，折合143亿元人民币",
     [("实际使用外资", Decimal(2_000_000_000), "usd", "level", []), ("实际使用外资", Decimal(14_300_000_000), "yuan", "level", [])]),
    ("一个近15亿人口的国家", []),  # a description: 人 begins 人口
    ("每万人口发明专利拥有量达到30件", [("每万人口发明专利拥有量", Decimal(30), "jian", "level", [])]),
    ("城镇化率由2028年的61.2%提高到62.5%",
     [("城镇化率", Decimal("61.2"), "percent", "level", []), ("城镇化率", Decimal("62.5"), "percent", "level", [])]),
    ("CPI微降0.1%，工业生产者出厂价格降2.3%",
     [("CPI", Decimal("-0.1"), "percent", "growth", []), ("工业生产者出厂价格", Decimal("-2.3"), "percent", "growth", [])]),
])
def test_figures(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text", [
    "2023年12月28日上午，晋江市第十八届人民代表大会第三次会议开幕。",
    "实施“1+6”专项三年行动",
    "协同启动晋江隧道、城际轨道R1线项目。",
    "开展学生体质健康“1061”提升行动。",
    "是中华人民共和国成立75周年",
    "大会应到人大代表316名，实到代表294名，符合法定人数。",
    "会议应出席代表480名，出席代表452名。",
    "本报福州1月12日电（记者某某）",
    "294名人大代表肩负着全市人民的重托参加大会。",
    "晋江市第十七届人民代表大会第五次会议2月20日开幕，会期3天。",
    "始终把人民群众的安全放在首位",
])
def test_numbers_that_are_not_figures(find, text):
    assert find(text) == []


@pytest.mark.parametrize("phrase", ["同口径", "分别", "现价", "其中"])
def test_fragments_of_a_clause_never_name_an_indicator(reference, phrase):
    assert IndicatorNames(reference).clean(phrase) == ""


@pytest.mark.parametrize("names", [
    ("一般公共预算总收入", "公共财政总收入"),
    ("一般公共预算本级收入", "本级收入", "地方一般公共预算收入", "一般公共预算收入"),
    # the same revenue under the budget law's earlier names: 2011–2014, and before 2011
    ("一般公共预算收入", "公共财政收入", "地方公共财政收入", "地方财政一般预算收入"),
    ("规上工业增加值", "规模以上工业增加值"), ("规上工业总产值", "规模以上工业总产值"),
    ("城镇居民人均可支配收入", "城镇居民收入"), ("农村居民人均可支配收入", "农村居民收入"),
    ("进出口总额", "外贸进出口总额"), ("城镇就业", "城镇新增就业"),
    ("钢产量", "钢", "粗钢"), ("发电量", "电力"), ("原煤产量", "原煤"), ("化肥产量", "化肥", "化学肥料"),
])
def test_one_indicator_per_concept_whatever_the_report_calls_it(reference, names):
    assert len({reference.indicator_lexicon.lookup(n) for n in names} - {None}) == 1
    assert all(reference.indicator_lexicon.lookup(n) for n in names)


# -- issue 28: the grammar of spans, averages, gaps and real terms (sentences of our own) ----------------------


@pytest.mark.parametrize("text, expected", [
    # A value from … to …: both values are the subject's, each of its own year (the extractor reads the years).
    ("城镇居民人均可支配收入由2030年的5200元增加到2035年的7800元",
     [("城镇居民人均可支配收入", Decimal(5200), "yuan", "level", []),
      ("城镇居民人均可支配收入", Decimal(7800), "yuan", "level", [])]),
    ("粮食产量从上年的6000万吨提高到6100万吨",
     [("粮食产量", Decimal(60_000_000), "tonne", "level", []), ("粮食产量", Decimal(61_000_000), "tonne", "level", [])]),
    # 实际 ending the words is the basis of the growth (real terms), not part of the name; at the start it is.
    ("居民人均可支配收入实际增长4.8%", [("居民人均可支配收入", Decimal("4.8"), "percent", "growth", [])]),
    ("实际利用外资8亿美元", [("实际利用外资", Decimal(800_000_000), "usd", "level", [])]),
    # An average over years and a gap to another place are no figure of one year and one place: none is kept.
    ("五年来地区生产总值年均增长6.2%", []),
    ("研发投入强度高于全国0.3个百分点", []),
    ("进出口总额累计完成1.2万亿元", []),
])
def test_spans_real_terms_averages_and_gaps(find, text, expected):
    assert find(text) == expected


def test_the_tail_of_a_numeral_in_words_is_no_number(find):
    # '九千二百多万亩' is read whole (cn2an); its tail '万亩' alone would have been 1万亩.
    assert find("增加灌溉面积九千二百多万亩") == [("增加灌溉面积", Decimal(92_000_000), "mu", "level", ["at-least"])]
    assert find("上市挂牌企业突破百家") == [("上市挂牌企业", Decimal(100), "jia", "level", ["passed"])]  # a magnitude alone


@pytest.mark.parametrize("text, expected", [
    ("新建学校五所", [("新建学校", Decimal(5), "suo", "level", [])]),
    ("国民收入二十七亿四千万元", [("国民收入", Decimal(2_740_000_000), "yuan", "level", [])]),
    ("工业总产值比上年增长百分之十三点四", [("工业总产值", Decimal("13.4"), "percent", "growth", [])]),
    ("粮食产量达到三千八百亿斤", [("粮食产量", Decimal(380_000_000_000), "jin", "level", [])]),
    ("棚户区住房改造620多万套", [("棚户区住房改造", Decimal(6_200_000), "tao", "level", ["at-least"])]),
    ("发电装机容量2.5亿千瓦", [("发电装机容量", Decimal(250_000_000), "kilowatt", "level", [])]),
    # Articles, pairs and ordinals are no numbers; a numeral cn2an cannot read well-formed is none either.
    ("这是一个重要的年份，两个确立意义重大", []),
    ("市十八届人大三次会议确定的目标任务", []),
    ("完成投资一亿一千七百元", []),
])
def test_chinese_numerals_and_the_units_of_statistics(find, text, expected):
    assert [(i, v.normalize(), u, s, q) for i, v, u, s, q in find(text)] == [
        (i, v.normalize(), u, s, q) for i, v, u, s, q in expected]


@pytest.mark.parametrize("text, expected", [
    # A range is one figure: its first bound the value, qualified 'range' (its upper bound: below).
    ("经济增长4%—4.5%，城镇新增就业80万人以上", [("经济", Decimal(4), "percent", "growth", ["range"]),
                                              ("城镇新增就业", Decimal(800_000), "ren", "level", ["at-least"])]),
    ("居民收入增长5%-5.5%", [("居民收入", Decimal(5), "percent", "growth", ["range"])]),
    # The target of a growth names the growth: a rate, not a level (经济 is linked to GDP as a curated alias).
    ("今年经济增长预期目标为6%左右", [("经济", Decimal(6), "percent", "growth", ["about"])]),
    # 稳定在 says the level; 平均 the year's average of a monthly rate.
    ("粮食产量稳定在1300万吨", [("粮食产量", Decimal(13_000_000), "tonne", "level", [])]),
    ("城镇调查失业率平均5.2%", [("城镇调查失业率", Decimal("5.2"), "percent", "level", [])]),
])
def test_ranges_growth_targets_and_levels(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, bounds", [
    ("地区生产总值增长5%—5.5%", [(Decimal(5), Decimal("5.5"))]),
    ("地区生产总值增长14.5-15%", [(Decimal("14.5"), Decimal(15))]),  # a bare first bound of a percentage
    ("进出口总额3000亿元～3500亿元", [(Decimal(300_000_000_000), Decimal(350_000_000_000))]),
    ("能耗下降2%—3%", [(Decimal(-2), Decimal(-3))]),  # a fall's bounds carry its sign
    # Joined by 至 or 到 (a from-to or a class's bounds as often as a range), or in two units: no figure.
    ("降低百分之二到百分之三", []),
    ("年所得额50万元至200万元", []),
    ("增长5%—6亿元", []),
])
def test_a_range_is_one_figure_with_both_bounds(reference, text, bounds):
    found = FigureRecogniser(reference).find(text)
    assert [(f.value, f.upper) for f in found] == bounds
    assert all("range" in f.qualifiers for f in found)


@pytest.mark.parametrize("text, expected", [
    ("国内生产总值达到39.8 万亿元", [("国内生产总值", Decimal("39.8E12"), "yuan", "level", [])]),  # PDF spacing
    ("城镇、农村居民人均可支配收入分别实际增长7.7%和6.8%",
     [("城镇居民人均可支配收入", Decimal("7.7"), "percent", "growth", []),
      ("农村居民人均可支配收入", Decimal("6.8"), "percent", "growth", [])]),
    # 年均 of a level is the year's mean (one year's figure); 年均增长 is an average over years (none kept).
    ("PM2.5年均浓度为26.3微克/立方米", [("PM2.5年均浓度", Decimal("26.3"), "microgram-per-cubic-metre", "level", [])]),
])
def test_spacing_real_terms_respectively_and_annual_means(find, text, expected):
    assert [(i, v.normalize(), u, s, q) for i, v, u, s, q in find(text)] == [
        (i, v.normalize(), u, s, q) for i, v, u, s, q in expected]


@pytest.mark.parametrize("text, expected", [
    # An increment over a base is not modelled: none kept, and the level after it is the same subject's.
    ("国家财政收入比上年增加1501亿元，达到11377亿元", [("国家财政收入", Decimal(1_137_700_000_000), "yuan", "level", [])]),
    ("城镇居民人均可支配收入比上年增加411元", []),
    # A time after the name is the figure's year, not part of its name.
    ("国家外汇储备2030年底达1656亿美元", [("国家外汇储备", Decimal(165_600_000_000), "usd", "level", [])]),
])
def test_increments_and_times_after_the_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # Adverbs between the subject and the verb of its name, and a year inside it, are not part of the name.
    ("国家财政共增加支出300多亿元", [("国家财政增加支出", Decimal(30_000_000_000), "yuan", "level", ["at-least"])]),
    ("仅省级财政当年就增加支出52亿元", [("省级财政增加支出", Decimal(5_200_000_000), "yuan", "level", [])]),
    ("公共财政增加支出8亿元", [("公共财政增加支出", Decimal(800_000_000), "yuan", "level", [])]),
    ("重点园区2030年营业收入4500亿元", [("重点园区营业收入", Decimal(450_000_000_000), "yuan", "level", [])]),
    # A profit after the enterprises it belongs to, with the verb between them gone.
    ("规上民营工业企业实现利润95亿元", [("规上民营工业企业利润", Decimal(9_500_000_000), "yuan", "level", [])]),
])
def test_adverbs_inner_years_and_profits_in_names(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A clause opening with what a curated indicator measures (粮食 of 粮食产量) is the subject of a bare measure after it.
    ("全省粮食连续三年增产，总产量520万吨", [("粮食总产量", Decimal(5_200_000), "tonne", "level", [])]),
    ("粮食再获丰收，2030年产量达到96万吨", [("粮食产量", Decimal(960_000), "tonne", "level", [])]),
    # 工业 opens many indicators: it names no measure, and a bare output stays unnamed by it.
    ("工业经济稳中有进，产量增长5%", [("产量", Decimal(5), "percent", "growth", [])]),
])
def test_a_bare_measure_after_what_it_measures(find, text, expected):
    assert find(text) == expected


def test_a_rise_of_a_rate_in_points_is_a_change(find):
    assert find("常住人口城镇化率提升1个百分点以上") == [
        ("常住人口城镇化率", Decimal(1), "percentage-point", "change", ["at-least"])]


@pytest.mark.parametrize("text, expected", [
    # What was done to the things counted is not part of their name.
    ("12条高速公路建成通车", [("高速公路", Decimal(12), "tiao", "level", [])]),
    ("4个省级医疗中心项目全部开工", [("省级医疗中心项目", Decimal(4), "ge", "level", [])]),
    # An autonomous region names itself 自治区 as a province says 全省; 自治区级 is a level of the name.
    ("自治区国资委监管企业利润增长12%", [("国资委监管企业利润", Decimal(12), "percent", "growth", [])]),
    ("新增自治区级重点实验室8家", [("新增自治区级重点实验室", Decimal(8), "jia", "level", [])]),
])
def test_completions_after_a_count_and_the_regions_own_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # Subjects named in a clause of their own, then 分别 after a time: one each, in order.
    ("城镇居民人均可支配收入和农村居民人均可支配收入，2030年分别达到6.1万元和3.2万元",
     [("城镇居民人均可支配收入", Decimal(61000), "yuan", "level", []),
      ("农村居民人均可支配收入", Decimal(32000), "yuan", "level", [])]),
    # 分别 against a year before the last: growth rates (the extractor leaves such changes out: over several years).
    ("进出口总额和出口分别比2025年增长31%和28%",
     [("进出口总额", Decimal(31), "percent", "growth", []), ("出口", Decimal(28), "percent", "growth", [])]),
])
def test_respectively_after_a_subject_clause_and_against_a_base_year(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text", [
    "育儿家庭每月多了200元补贴",          # an aspect particle: a clause, not a name
    "经济增长连续三年达到或略高于6%",      # a comparison
    "改革稳步推进三项",                   # a name ending in what was done
])
def test_no_figure_where_the_name_is_no_noun_phrase(find, text):
    assert find(text) == []


@pytest.mark.parametrize("text, expected", [
    # A share's subject shared across a list: the share is of the subject just named.
    ("高技术制造业产值增长9%、占规上工业总产值比重提高到31%",
     [("高技术制造业产值", Decimal(9), "percent", "growth", []),
      ("高技术制造业产值占规上工业总产值比重", Decimal(31), "percent", "level", [])]),
    # The genre's other forms of a share and a ratio, named in one.
    ("数字经济在地区生产总值中的比重达到45%", [("数字经济占地区生产总值比重", Decimal(45), "percent", "level", [])]),
    ("研发经费支出相当于全省生产总值的比例达到2.9%",
     [("研发经费支出与生产总值之比", Decimal("2.9"), "percent", "level", [])]),
    # A light verb after its object: what is counted is the object.
    ("对120件地方性法规进行集中清理", [("地方性法规", Decimal(120), "jian", "level", [])]),
])
def test_shares_ratios_and_light_verbs(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("names", [
    ("第三产业增加值比重", "服务业增加值比重", "服务业占国内生产总值比重", "第三产业增加值占地区生产总值比重"),
    ("研究与试验发展经费投入强度", "研发投入强度", "全社会研发投入强度", "研发经费支出与生产总值之比"),
])
def test_shares_of_gdp_and_rd_intensity_are_curated_concepts(reference, names):
    assert len({reference.indicator_lexicon.lookup(n) for n in names}) == 1
    assert all(reference.indicator_lexicon.lookup(n) for n in names)


@pytest.mark.parametrize("text", [
    "会上提出9%左右的工业增加值增长目标",   # the noun after the number: not modelled, so no figure (and never '提出')
    "伟大的祖国万岁！",  # the word 万岁 ('long live'), no age
    "各县可降至12%",  # a verb (or a modal) whose object stands after the number names nothing before it …
    "筹措5亿元实施助农工程",  # … and what follows is no noun phrase alone: a task,
    "坚决守住15亿亩基本农田不动摇",  # a clause
])
def test_no_figure_named_by_a_verb_or_by_what_follows_the_number(find, text):
    assert find(text) == []


@pytest.mark.parametrize("text, name", [
    # a growth rate's rank, of a curated indicator written by an alias: named by the indicator's own name
    ("城镇居民收入增速排全国第四", "城镇居民人均可支配收入增速"),
    # a list, its count and the category its members make: the category ('三大…'), the count matching the list
    ("钢铁、石化、建材三大传统产业产值突破5000亿元", "三大传统产业产值"),
    ("钢铁、石化三大传统产业产值突破5000亿元", "钢铁、石化三大传统产业产值"),  # two members are no 三大
])
def test_one_name_for_a_rate_and_a_category_for_a_counted_list(find, text, name):
    assert [f[0] for f in find(text)] == [name]


@pytest.mark.parametrize("text, name, value", [
    # … where a plain noun phrase follows the number, it is what is measured
    ("坚决守住15亿亩基本农田", "基本农田", Decimal(1_500_000_000)),
    ("年内拟发行300亿元专项债券，用于在建项目", "专项债券", Decimal(30_000_000_000)),
])
def test_a_verbs_object_after_the_number_is_what_it_measures(find, text, name, value):
    assert [(f[0], f[1]) for f in find(text)] == [(name, value)]


@pytest.mark.parametrize("text, expected", [
    # A narrower sector's measure is not the whole sector's (服务业增加值 is the tertiary industry's).
    ("批发和零售业、住宿和餐饮业增加值分别增长6.1%、7.3%",
     [("批发和零售业增加值", Decimal("6.1"), "percent", "growth", []),
      ("住宿和餐饮业增加值", Decimal("7.3"), "percent", "growth", [])]),
    # 分别 over spans: each subject's start, then each one's end, in order.
    ("城镇、农村居民人均可支配收入分别由2020年的3.1万元、1.4万元增加到2025年的4.2万元、2.1万元",
     [("城镇居民人均可支配收入", Decimal(31000), "yuan", "level", []),
      ("农村居民人均可支配收入", Decimal(14000), "yuan", "level", []),
      ("城镇居民人均可支配收入", Decimal(42000), "yuan", "level", []),
      ("农村居民人均可支配收入", Decimal(21000), "yuan", "level", [])]),
    # The minimum living allowance's pair is 城市/农村 (the Ministry of Civil Affairs' terms).
    ("城乡低保标准分别达到720元/月、5100元/年",
     [("城市低保标准", Decimal(720), "yuan-per-month", "level", []),
      ("农村低保标准", Decimal(5100), "yuan-per-year", "level", [])]),
    # Years are a unit only where the name counts years; a date or a duration stays no figure.
    ("新增劳动力平均受教育年限达到13.8年", [("新增劳动力平均受教育年限", Decimal("13.8"), "year", "level", [])]),
    ("连续5年保持全省第一方阵", []),
])
def test_sectors_spans_each_pairs_and_years_counted(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A count's span whose subject is named in the clause before: both ends are the subject's.
    ("参加基本医疗保险的人数，由年初的3000多万人扩大到年末的5200多万人",
     [("参加基本医疗保险的人数", Decimal(30_000_000), "ren", "level", ["at-least"]),
      ("参加基本医疗保险的人数", Decimal(52_000_000), "ren", "level", ["at-least"])]),
    ("入驻企业由上年的80家增加到今年的130家",
     [("入驻企业", Decimal(80), "jia", "level", []), ("入驻企业", Decimal(130), "jia", "level", [])]),
])
def test_the_ends_of_a_count_span_are_its_subjects(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # After a subject and a verb whose object is counted, the object is the name ...
    ("省财政统筹安排乡村振兴衔接资金60亿元", [("乡村振兴衔接资金", Decimal(6_000_000_000), "yuan", "level", [])]),
    # ... but a bare measure after the verb stays its subject's, and a verb before a bare head modifies it.
    ("市重点项目完成投资420亿元", [("市重点项目投资", Decimal(42_000_000_000), "yuan", "level", [])]),
    ("实施“百亿集群”培育项目12个", [("百亿集群培育项目", Decimal(12), "ge", "level", [])]),
])
def test_the_object_of_a_verb_after_its_subject_is_what_is_counted(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 多 and 余 right before the unit: more than.
    ("举办展会300多场", [("展会", Decimal(300), "chang", "level", ["at-least"])]),
    ("建成充电桩1500余个", [("充电桩", Decimal(1500), "ge", "level", ["at-least"])]),
    ("培训农民2万余人", [("培训农民", Decimal(20000), "ren", "level", ["at-least"])]),
    ("已坚持20余年", []),  # a duration, no unit of a figure
])
def test_more_than_written_before_the_unit(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("生猪出栏3200万头", [("生猪出栏", Decimal(32_000_000), "tou", "level", [])]),
    ("港口集装箱吞吐量1500万标准箱", [("港口集装箱吞吐量", Decimal(15_000_000), "teu", "level", [])]),
    ("查处食品安全案件的就达2100多起", []),  # a clause ending in an adverb names nothing
    ("我们一起努力", []),  # an article before a classifier is no number
])
def test_classifiers_of_counts(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A Chinese numeral whose magnitude comes after 多 is read whole: 4亿700多万 is 407 million, not 4,000,007 million.
    ("粮食产量达到三亿零五百多万吨", [("粮食产量", Decimal(305_000_000), "tonne", "level", ["at-least"])]),
    ("是一个有八亿人口的国家", []),  # 人 begins 人口: a description, no figure
    # Words of grammar alone, times and political formulas name nothing; a noun of one character does.
    ("都增长15%", []),
    ("在恢复初期达到21.5%", []),
    ("行政经费一律压减8%", [("行政经费", Decimal(-8), "percent", "growth", [])]),  # a cut of what is named
    ("坚持三项基本原则", []),
    ("第三季度增长9%", []),
    ("钢产量达到两千一百万吨，煤增长12%",
     [("钢产量", Decimal(21_000_000), "tonne", "level", []), ("煤", Decimal(12), "percent", "growth", [])]),
    # An average over years however it is written is no figure of one year.
    ("五年间平均每年递增6.8%", []),
])
def test_old_reports_numerals_and_what_names_nothing(find, text, expected):
    assert find(text) == expected


def test_a_thousands_separator_is_part_of_the_number(reference):
    from kg.extract.read import normalise

    fr = FigureRecogniser(reference)
    text = normalise("其中农业税收到３，０５４，３０８，０００元，比上年多２，０００，０００元")
    assert [(f.indicator, f.value) for f in fr.find(text)][:1] == [("农业税收", Decimal(3_054_308_000))]
    assert normalise("2020，2021年") == "2020，2021年"  # a year after a comma is no group of three


@pytest.mark.parametrize("raw, expected", [
    ("棉花总产量稳定在4 5 0 万吨", [("棉花总产量", Decimal(4_500_000), "tonne", "level", [])]),  # digits spaced one by one
    ("地区生产总值 1218 亿元，增长 6.1%", [("地区生产总值", Decimal(121_800_000_000), "yuan", "level", []),
                                       ("地区生产总值", Decimal("6.1"), "percent", "growth", [])]),  # PDF spacing
    ("客运周转量将增长7%", [("客运周转量", Decimal(7), "percent", "growth", [])]),  # a modal after the name
    ("重点建设项目是三百二十个", [("重点建设项目", Decimal(320), "ge", "level", [])]),  # a copula after it
    ("扣除物价因素增长百分之四", []),  # the basis alone names nothing
    ("在平等互利的基础上签订协议十二项", []),  # a condition framing the clause
])
def test_spaced_digits_copulas_and_frames(reference, raw, expected):
    from kg.extract.read import normalise

    found = FigureRecogniser(reference).find(normalise(raw))
    assert [(f.indicator, f.value, f.unit, f.statistic, f.qualifiers) for f in found] == expected


@pytest.mark.parametrize("text, expected", [
    # A numeral and a classifier inside a division's full name are its name, not a count.
    ("七台河市地区生产总值增长5%", [("地区生产总值", Decimal(5), "percent", "growth", [])]),
    ("万家寨镇实施项目12个", [("万家寨镇实施项目", Decimal(12), "ge", "level", [])]),
    ("购置五台救护车", [("救护车", Decimal(5), "tai", "level", [])]),  # no place: five vehicles
])
def test_numerals_inside_place_names_are_no_figures(find, text, expected):
    assert find(text) == expected


def test_characters_that_name_places_are_kept_by_the_simplifier():
    from kg.extract.read import normalise

    assert normalise("乾安县、乾县、濛江镇") == "乾安县、乾县、濛江镇"
    assert normalise("幹部說明") == "干部说明"  # the rest of a traditional text is simplified as before


@pytest.mark.parametrize("text, expected", [
    # An auxiliary or an adverb between the subject and its verb belongs to the verb, not to the name.
    ("今年城市公交票价要下降5%", [("城市公交票价", Decimal(-5), "percent", "growth", [])]),
    ("农村宽带平均资费再降低12%以上", [("农村宽带平均资费", Decimal(-12), "percent", "growth", ["at-least"])]),
    ("今年债务率拟按3.1%安排", [("债务率", Decimal("3.1"), "percent", "level", [])]),
    ("林业贷款还要增长20%", [("林业贷款", Decimal(20), "percent", "growth", [])]),
    ("参保人数又增长8%", [("参保人数", Decimal(8), "percent", "growth", [])]),
    ("涉农资金共85亿元", [("涉农资金", Decimal(8_500_000_000), "yuan", "level", [])]),
])
def test_auxiliaries_before_the_verb_leave_the_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A rate of change after a list of subjects holds for each of them; the shared head is given to each.
    ("今年烟尘、粉尘排放量要下降4%", [("烟尘排放量", Decimal(-4), "percent", "growth", []),
                                   ("粉尘排放量", Decimal(-4), "percent", "growth", [])]),
    # An amount after a list is their sum: one figure.
    ("港口、机场、铁路投资860亿元", [("港口、机场、铁路投资", Decimal(86_000_000_000), "yuan", "level", [])]),
])
def test_a_growth_after_a_list_of_subjects_is_each_ones(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text", [
    "改革牵动千家万户的切身利益",  # two bare magnitudes in a row: an idiom for everyone
    "发展的动力来自亿万人民的奋斗",  # 亿万: the people, not ten thousand of them
    "坚决落实中央八项规定精神",  # a decree named by the count of its articles
    "贯彻市委十二届五次、六次全会部署",  # the ordinals of two plenary sessions
])
def test_idioms_formulas_and_listed_sessions_are_no_counts(find, text):
    assert find(text) == []


@pytest.mark.parametrize("text, expected", [
    # A threshold passed, then the exact figure of the same thing: one figure, the exact one.
    ("全市税收首次突破500亿元，达到512亿元", [("税收", Decimal(51_200_000_000), "yuan", "level", [])]),
    # A streak is how long, not what is measured; 历史性 qualifies the verb.
    ("茶叶产量连续8年3万吨以上", []),
    ("港口货物吞吐量历史性突破3亿吨", [("港口货物吞吐量", Decimal(300_000_000), "tonne", "level", ["passed"])]),
    # 家 before 庭 begins the noun 家庭; a round number naming a programme is its name.
    ("帮扶300万家庭", []),
    ("启动千家企业节能行动", []),
])
def test_thresholds_restated_streaks_and_round_names(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 增加 or 扩大 right before an amount: the subject changed by that much, an increment (not modelled: no figure).
    ("每名学生的营养补助标准增加200元", []),
    ("投资规模比上年扩大800亿元", []),
    # The level after the increment keeps the subject's clean name.
    ("乡村教师月均收入增加300元，达到5200元", [("乡村教师月均收入", Decimal(5200), "yuan", "level", [])]),
    # 增加到 is a span's end, a level.
    ("专项资金增加到90亿元", [("专项资金", Decimal(9_000_000_000), "yuan", "level", [])]),
])
def test_increments_after_a_subject_are_left_out(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A budget's item, then 安排 (or 拟安排), then its amount: the amount allotted to the item.
    ("今年省级预算内投资拟安排320亿元", [("省级预算内投资", Decimal(32_000_000_000), "yuan", "level", [])]),
    ("科技支出安排超过90亿元", [("科技支出", Decimal(9_000_000_000), "yuan", "level", ["at-least"])]),
    # After a payer the amount is for what follows: no name of what it measures.
    ("市财政安排40亿元用于乡村道路", []),
])
def test_an_amount_allotted_to_a_budget_item(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # The period a span's values are given per (每月, 每人每年) belongs to the values, not to the name.
    ("高龄津贴从每月100元提高到150元", [("高龄津贴", Decimal(100), "yuan", "level", []),
                                      ("高龄津贴", Decimal(150), "yuan", "level", [])]),
    ("助学金标准由每人每年2000元提高到2500元", [("助学金标准", Decimal(2000), "yuan", "level", []),
                                              ("助学金标准", Decimal(2500), "yuan", "level", [])]),
])
def test_a_spans_period_is_no_part_of_the_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 规模 alone names the size of the subject just named; with none named before, no figure.
    ("省对市县转移支付增加约200亿元、规模近1800亿元", [("省对市县转移支付", Decimal(180_000_000_000), "yuan", "level", ["about"])]),
    ("规模达到50亿元", []),
])
def test_a_bare_size_is_the_subject_just_named(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # The object 将 or 把 brings before its verb is what the figure measures.
    ("将中小学生均公用经费提高到900元", [("中小学生均公用经费", Decimal(900), "yuan", "level", [])]),
    ("把企业研发费用税前扣除比例提高到120%", [("企业研发费用税前扣除比例", Decimal(120), "percent", "level", [])]),
    # 人均 after 由/从 is what the span's values are per.
    ("养老服务补贴由人均50元提高到80元", [("养老服务补贴", Decimal(50), "yuan", "level", []),
                                        ("养老服务补贴", Decimal(80), "yuan", "level", [])]),
])
def test_the_object_of_a_disposal_is_the_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A measure with 以上/以下 before a noun describes the noun (a threshold), it is no figure of its own ...
    ("全县65岁以上老年人达到8万人", [("65岁以上老年人", Decimal(80000), "ren", "level", [])]),
    ("新开工5000万元以上的产业项目", []),
    # ... while a count so written counts the noun.
    ("新增30家以上科技型企业", [("新增科技型企业", Decimal(30), "jia", "level", ["at-least"])]),
    # A magnitude after digits belongs to their number, never a number of its own (万 of 50万元 here).
    ("发放单笔50万元以下贷款", []),
    # 已 (already) belongs to the verb.
    ("产品能耗已降低6%", [("产品能耗", Decimal(-6), "percent", "growth", [])]),
])
def test_thresholds_that_describe_a_noun(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 人均 or 每人每年 after a span's verb is what its end value is per, not part of the name.
    ("大病保险补助标准提高到人均60元", [("大病保险补助标准", Decimal(60), "yuan", "level", [])]),
    ("助残补贴提高到每人每年1800元", [("助残补贴", Decimal(1800), "yuan", "level", [])]),
    # 人均 is 'per head', not 均 'each of': two subjects with one per-head value stay one figure of both.
    ("城乡居民医保补助标准提高到人均700元", [("城乡居民医保补助标准", Decimal(700), "yuan", "level", [])]),
])
def test_per_head_values_at_a_spans_end(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A count of 次 is how often something was done: its name says so.
    ("先后3次下调贷款市场报价利率", [("下调贷款市场报价利率次数", Decimal(3), "ci", "level", [])]),
    # 三次产业 is the three sectors of the economy, no count of times.
    ("三次产业结构调整为4:38:58", []),
])
def test_counts_of_times(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A count opening its clause counts the noun phrase after it, up to the clause's verb ...
    ("全年建成投产的9870个新项目带来产值8420亿元",
     [("新项目", Decimal(9870), "ge", "level", []), ("新项目带来产值", Decimal(842_000_000_000), "yuan", "level", [])]),
    # ... and a list's separator right after a number ends what it measures: the next part is another figure.
    ("接待游客7.2亿人次、文旅收入过五千亿元", [("游客", Decimal(720_000_000), "person-time", "level", [])]),  # 过: no name
])
def test_what_a_count_counts_ends_at_the_clauses_verb_or_the_list(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("全年制定修订行政法规21部", [("制定修订行政法规", Decimal(21), "bu", "level", [])]),  # 部: laws, films, lifts
    ("全年开行中亚班列3100班次", [("开行中亚班列", Decimal(3100), "banci", "level", [])]),
    ("5部门联合出台办法", []),  # 部门: departments, not a count of 部
    ("推动汽车零部件产业集群发展", []),  # 零部件: parts, no number
])
def test_classifiers_of_laws_and_scheduled_runs(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # How far above or below a base, in points, is a change of the subject just named, not a level.
    ("赤字率按3%安排，较上年预算低0.5个百分点",
     [("赤字率", Decimal(3), "percent", "level", []), ("赤字率", Decimal("-0.5"), "percentage-point", "change", [])]),
    ("在“稳、进、立、破”四个字上用力", []),  # the characters of a slogan, not a count
    ("组织千名专家服务基层专项计划", []),  # a programme named by a round number
    # Works joined by 和 inside a name that ends in 项目 are one group of projects.
    ("推进150个数字化改造和设备更新项目", [("数字化改造和设备更新项目", Decimal(150), "ge", "level", [])]),
])
def test_gaps_in_points_slogans_programmes_and_project_groups(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text", [
    "为实现四个现代化而奋斗",        # a formula named by its number
    "坚持八项主张，推进和平统一",
    "重点抓好三个方面",              # the report's own parts
    "抓紧做好以下三项工作",
    "报告共分五个部分",              # a news text on how the report is laid out
])
def test_formulas_and_the_reports_own_parts_are_no_counts(find, text):
    assert find(text) == []


@pytest.mark.parametrize("text, expected", [
    # 预计 between the subject and its verb is the estimate's cue (its qualifier), not part of the name.
    ("全市进出口总额预计增长6.2%左右", [("进出口总额", Decimal("6.2"), "percent", "growth", ["about"])]),
    ("城镇调查失业率预计5%", [("城镇调查失业率", Decimal(5), "percent", "level", [])]),
])
def test_an_estimates_cue_is_not_part_of_the_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("同时增加中央预算内投资80亿元", []),             # a conjunction opening the words: no name
    ("要再开工建设保障性住房700万套", []),             # a modal opening them
    ("稻谷收购保护价每50公斤提高3元", []),             # a rate cut at its 'per'
    ("全年长3000公里", []),                            # one character that is no noun
    ("包括将低保标准提高12%", [("低保标准", Decimal(12), "percent", "growth", [])]),  # 包括 scopes, as 其中
])
def test_words_that_open_or_cut_a_clause_are_no_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("推进钦州、湛江2座20万千瓦储能电站建设", []),  # places are no name; a measure right after a count is each one's size
    ("建成北部湾10万吨级航道", []),                   # a measure followed by 级 is a class, not an amount
    ("打造3个千亿级产业集群", [("千亿级产业集群", Decimal(3), "ge", "level", [])]),
    ("居民收入增速连续三年高于经济增速", []),
    ("城乡居民人均收入增速高于经济增速、达到2.1万元", []),  # a comparison inside the words: no name
])
def test_places_sizes_of_each_classes_and_comparisons(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # Two magnitudes read as one round number ('千亿', '万亿') when it ends its clause: an amount passed.
    ("争取社会资金超千亿元", [("社会资金", Decimal(100_000_000_000), "yuan", "level", ["at-least"])]),
    ("文旅消费突破万亿元，增长9%",
     [("文旅消费", Decimal(1_000_000_000_000), "yuan", "level", ["passed"]), ("文旅消费", Decimal(9), "percent", "growth", [])]),
    # A round amount before a noun names it ('千万吨炼化基地'); a count goes on to what it counts.
    ("建设千万吨炼化基地", []),
    ("组织超百场招聘活动", [("招聘活动", Decimal(100), "chang", "level", ["at-least"])]),
])
def test_round_numbers(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A share written before what it is a share of: the share of those that do it.
    ("全市新增公园42座，93.1%的公园实现夜间开放", [("新增公园", Decimal(42), "zuo", "level", []),
                                             ("公园夜间开放比例", Decimal("93.1"), "percent", "level", [])]),
    ("保持6%的增速", []),  # a rate after 的 is no share
])
def test_a_share_before_what_it_is_of(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A name ending in its unit gives a bare number its unit; a bare measure after it is the same subject's.
    ("2030年邮轮旅游人次42.6万、收入9.8亿元",
     [("邮轮旅游人次", Decimal(426_000), "person-time", "level", []), ("邮轮旅游收入", Decimal(980_000_000), "yuan", "level", [])]),
    ("全年利润120亿元", []),  # a bare measure with no subject is no name
])
def test_measures_of_one_subject(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A rank after a list of subjects is each one's; how it got there (历史性) is not part of the name.
    ("钢材、特种钢材产量历史性跃居全国首位",
     [("钢材产量", Decimal(1), "rank", "rank", []), ("特种钢材产量", Decimal(1), "rank", "rank", [])]),
])
def test_a_rank_after_a_list_is_each_ones(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # A growth of X's 水平 is the growth of X; 居民消费价格总水平 (an NBS name) keeps it.
    ("将低保金水平、抚恤金水平提高15%",
     [("低保金", Decimal(15), "percent", "growth", []), ("抚恤金", Decimal(15), "percent", "growth", [])]),
    ("居民消费价格总水平上涨2%", [("居民消费价格总水平", Decimal(2), "percent", "growth", [])]),
])
def test_the_growth_of_a_level_is_the_growth_of_what_it_is_of(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    # 压减 and 削减 are rates of fall of what is named before them; an adverb of scope alone names nothing.
    ("市级部门公用经费压减8%", [("市级部门公用经费", Decimal(-8), "percent", "growth", [])]),
    ("会议费一律削减20%", [("会议费", Decimal(-20), "percent", "growth", [])]),
    ("一律削减20%", []),
])
def test_cuts_are_rates_of_fall(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("全年发电量达到五千二百亿度", [("发电量", Decimal(520_000_000_000), "kilowatt-hour", "level", [])]),
    ("城乡用电量达到350万度以上", [("城乡用电量", Decimal(3_500_000), "kilowatt-hour", "level", ["at-least"])]),
    ("室外气温降到零下十度", []),  # a degree, not the kilowatt hour
    ("发电量拟定为三千亿度", [("发电量", Decimal(300_000_000_000), "kilowatt-hour", "level", [])]),  # planned at
    ("每年多用煤炭四、五千万吨", []),  # a rough count of two neighbours: no figure
])
def test_the_kilowatt_hour_as_the_older_reports_write_it(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(("phrase", "name"), [
    ("硫酸（折纯）", "硫酸"),
    ("农用拖拉机（按标准台计算）", "农用拖拉机"),
    ("小学（不包括民办学校）招生", "小学招生"),
])
def test_a_note_on_how_a_quantity_is_counted_is_no_part_of_its_name(reference, phrase, name):
    assert IndicatorNames(reference).clean(phrase) == name


@pytest.mark.parametrize("text, expected", [
    ("生铁产量计划达到三千万吨", [("生铁产量", Decimal(30_000_000), "tonne", "level", [])]),  # planned to reach
    ("造林面积计划增长百分之五", [("造林面积", Decimal(5), "percent", "growth", [])]),
    ("内河货运量计划完成百分之九十八", [("内河货运量", Decimal(98), "percent", "plan-share", [])]),
    ("入选省级人才计划30人", [("入选省级人才计划", Decimal(30), "ren", "level", [])]),  # a programme's name
])
def test_planned_is_an_adverb_of_the_verb_after_a_measure(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("工业总产值增长百分之一百零四点一", [("工业总产值", Decimal("104.1"), "percent", "growth", [])]),
    ("货物周转量增长百分之二百三十", [("货物周转量", Decimal(230), "percent", "growth", [])]),
    ("单位成本每年降低百分之四到六", []),  # a range joined by 到, its upper bound bare: no figure
])
def test_percentages_in_numerals_of_a_hundred_and_more(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize(("phrase", "name"), [
    ("原煤", "原煤"),  # the product's own name: its output, by the lexicon (原煤产量)
    ("特种钢材产量", "特种钢材产量"),  # a narrower product: not 钢材产量
    ("企业供应的化学肥料", "企业供应的化学肥料"),  # another flow of the product: not its output
])
def test_a_product_is_its_output_only_by_its_own_name(reference, phrase, name):
    assert IndicatorNames(reference).clean(phrase) == name


@pytest.mark.parametrize(("clause", "subject"), [
    ("油料连续两年增产", "油料"),
    ("棉花的亩产量逐年提高", ""),  # the yield per area of the product, not its output
    ("棉花单产明显提高", ""),
])
def test_a_clause_opening_on_a_product_names_the_subject_of_the_figures_after_it(reference, clause, subject):
    assert IndicatorNames(reference).opening_indicator(clause) == subject


@pytest.mark.parametrize("text, expected", [
    ("小麦总产量达到一亿吨，比上一年增产五百万吨", [("小麦总产量", Decimal(100_000_000), "tonne", "level", [])]),  # an increment
    ("由于旱灾，早稻减产三十亿斤", []),
    ("全年发电量达到五千亿度，比上一年增长百分之六",
     [("发电量", Decimal(500_000_000_000), "kilowatt-hour", "level", []), ("发电量", Decimal(6), "percent", "growth", [])]),
])
def test_the_older_reports_words_of_change(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("对外借款势头良好，实际金额达到20亿美元", []),  # a bare measure: of what, the words do not say
    ("尽管采取了措施，涨幅仍然高达百分之九", []),  # the rise of what, said in another sentence
    ("毕业生人数将高达900万人", [("毕业生人数", Decimal(9_000_000), "ren", "level", [])]),
])
def test_words_of_degree_are_no_part_of_a_name(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("全年取得重要科研成果3000多项", [("重要科研成果", Decimal(3000), "xiang", "level", ["at-least"])]),
])
def test_what_was_obtained_is_what_is_counted(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("全年农村新建住房4亿平方米", [("农村新建住房面积", Decimal(400_000_000), "square-metre", "level", [])]),
    ("新建中小学校舍120万平方米", [("新建中小学校舍面积", Decimal(1_200_000), "square-metre", "level", [])]),
    ("建成孵化空间超80万平方米", [("孵化空间", Decimal(800_000), "square-metre", "level", ["at-least"])]),
])
def test_buildings_counted_in_square_metres_are_their_floor_area(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("建成四个林区的防火体系", []),  # four forest areas: what is named is theirs, not counted
    ("建成三座大型的水库", [("大型的水库", Decimal(3), "zuo", "level", [])]),  # an attribute: the noun is counted
])
def test_a_count_before_what_its_noun_owns(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("重工业产值，一九八四年比一九八三年增长百分之八", [("重工业产值", Decimal(8), "percent", "growth", [])]),
    ("储蓄存款余额，1990年达到7000亿元", [("储蓄存款余额", Decimal(700_000_000_000), "yuan", "level", [])]),
    ("正如大家所说，2030年增长百分之八", []),  # no measure named before the year
])
def test_a_measure_named_before_the_year_of_its_figures_is_their_subject(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("工业总产值的增长速度，1985年为百分之十", [("工业总产值", Decimal(10), "percent", "growth", [])]),
    ("出口增长幅度由上年的百分之二十回落到百分之十二",
     [("出口", Decimal(20), "percent", "growth", []), ("出口", Decimal(12), "percent", "growth", [])]),
])
def test_a_rate_of_growth_named_as_a_noun(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("粮食产量的增长速度，1990年计划为百分之二，预计可以达到百分之四",
     [("粮食产量", Decimal(2), "percent", "growth", []), ("粮食产量", Decimal(4), "percent", "growth", [])]),
    ("畜牧业总产值，拟定为五十亿元", [("畜牧业总产值", Decimal(5_000_000_000), "yuan", "level", [])]),
    ("其中价格因素大约有五个百分点左右", []),  # a share of a rise, its name cut at 大约
])
def test_modals_and_words_of_approximation_before_a_number(find, text, expected):
    assert find(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("棉花总产量达到四百万吨，比上一年增产四十万吨，即百分之十一",
     [("棉花总产量", Decimal(4_000_000), "tonne", "level", []), ("棉花总产量", Decimal(11), "percent", "growth", [])]),
    ("原油产量一亿吨，比上一年减产二百万吨，即百分之二",
     [("原油产量", Decimal(100_000_000), "tonne", "level", []), ("原油产量", Decimal(-2), "percent", "growth", [])]),
])
def test_an_increment_restated_as_a_rate_is_a_growth(find, text, expected):
    assert find(text) == expected
