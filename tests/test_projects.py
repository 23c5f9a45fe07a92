"""Projects: enumerations, single named works, counted groups, and where they are."""

import pytest

from kg.extract.recognise.figures import FigureRecogniser
from kg.extract.recognise.projects import ProjectRecogniser


@pytest.fixture(scope="module")
def find(reference):
    fr, pr = FigureRecogniser(reference), ProjectRecogniser(reference)
    return lambda text: [(p.name, p.kind, p.places, p.count, p.group) for p in pr.find(text, fr.find(text), "jinjiangshi")]


def test_enumeration_of_named_area_projects(find):
    got = find("有序推进安海北环-龙山寺片区、英林城镇改造、东石古镇活化等片区开发建设。")
    assert [(n, k, pl) for n, k, pl, _c, _g in got] == [
        ("安海北环-龙山寺片区", "named", ["anhaizhen"]),  # the area contains the temple; it lies in the town
        ("英林城镇改造", "named", ["yinglinzhen"]),
        ("东石古镇活化", "named", ["dongshiguzhen"]),
    ]


def test_enumeration_with_a_counted_group(find):
    got = find("推进冰雪大世界等15个文体旅融合项目。")
    assert ("冰雪大世界", "named", [], None, "文体旅融合项目") in got
    assert ("文体旅融合项目", "group", [], 15, None) in got


def test_named_sites_listed_before_a_kind_of_works_are_each_a_project(find):
    # the words after 等 say what kind of works the sites become, and name none
    got = find("加快九十九溪、紫帽山、灵源山等高品质绿色空间建设，让市民在家门口就能享有“诗和远方”。")
    assert got == [("九十九溪", "named", ["jiushijiuxi"], None, None), ("紫帽山", "named", ["zimaoshan"], None, None),
                   ("灵源山", "named", ["lingyuanshan"], None, None)]


def test_the_kind_after_a_list_names_each_items_works(find):
    # 铁路 after 等 is the kind of each: A铁路, B铁路; a bare 项目 adds only itself
    got = [n for n, *_ in find("续建甲乙、丙丁等5个铁路项目。")]
    assert got[:2] == ["甲乙铁路", "丙丁铁路"]
    assert [n for n, *_ in find("加快千兆光网、算力调度等项目建设。")] == ["千兆光网项目", "算力调度项目"]


def test_a_list_of_who_does_the_work_names_no_works(find):
    # the items are the subject of a verb of building in the last one: no list of works
    assert find("支持甲江、乙江、丙江沿岸各城市共同推进若干减碳改造项目。") == []


def test_divisions_listed_before_works_locate_one_work(find):
    got = find("推进安海、东石等镇区污水管网建设。")
    assert got == [("镇区污水管网建设", "named", ["anhaizhen", "dongshizhen"], None, None)]


@pytest.mark.parametrize("text, name, kind", [
    ("实施乡村教师培优工程。", "乡村教师培优工程", "programme"),  # names no kind of works: a programme
    ("全面实施“晋江记忆”工程。", "“晋江记忆”工程", "programme"),  # 江 of 晋江 is a place's, not a river's
    ("推进东溪引水工程。", "东溪引水工程", "named"),  # water works
    ("建设陇电入湘工程。", "陇电入湘工程", "named"),  # power sent from one province to another
    ("推进人才强市二期工程。", "人才强市二期工程", "named"),  # a phase is of works
])
def test_a_works_name_says_what_is_built_or_it_is_a_programme(find, text, name, kind):
    assert (name, kind) in [(n, k) for n, k, *_ in find(text)]


@pytest.mark.parametrize("text", ["加快推进交通、能源、水利项目建设。", "谋划一批省级重点产业项目。"])
def test_a_kind_of_projects_is_no_project(find, text):
    assert [n for n, kind, *_ in find(text) if kind != "group"] == []


def test_counted_group_from_a_count_figure(find):
    assert find("实施14个老旧小区改造工程，加快解决加装电梯、停车等难题。") == [
        ("老旧小区改造工程", "group", [], 14, None)]


@pytest.mark.parametrize("text, name", [
    ("新开工保障性安居工程600万套。", "保障性安居工程"),  # what was done to the things counted goes
    ("谋划落地文旅融合项目30个。", "文旅融合项目"),
    ("开工建设项目300个。", "开工建设项目"),  # unless only a head would be left (项目 alone names nothing)
])
def test_a_counted_groups_name_has_no_verb(find, text, name):
    assert [n for n, kind, *_ in find(text) if kind == "group"] == [name]


@pytest.mark.parametrize("text, name", [
    ("启动建设晋江美术馆。", "晋江美术馆"),
    ("推进电力补短板工程。", "电力补短板工程"),
    ("开工建设鞋纺城二期。", "鞋纺城二期"),
    ("加快中科华清（泉州）精细陶瓷研究院等平台建设。", "中科华清（泉州）精细陶瓷研究院"),
    ("持续实施“晋江记忆”工程，拍摄国家级非遗传承人专题片。", "“晋江记忆”工程"),
])
def test_single_named_projects(find, text, name):
    assert name in [n for n, *_ in find(text)]


def test_works_on_a_named_place(find):
    assert find("加快晋江机场扩容提质，培育发展临空商务经济") == [
        ("晋江机场扩容提质", "place-works", ["quanzhoujinjiangguojijichang"], None, None)]


@pytest.mark.parametrize("text", [
    "全面开放九十九溪田园风光、海洋公园。",  # places opened, nothing built
    "探索土地混合开发、建设用地置换、“边角地、夹心地、插花地”整合改造等模式",  # models, not projects
    "擦亮磁灶陶瓷、东石雨伞、深沪内衣、内坑拖鞋、英林尚品等区域品牌。",  # brands
    "支持市医院争创三级甲等综合医院。",  # no verb of building
])
def test_not_projects(find, text):
    assert find(text) == []


@pytest.mark.parametrize("text", [
    "加快推进各单位项目。",  # a determiner opens no name
    "推进有关单位同单位之间项目。",  # nor a word of relation
    "建设一批现代农业示范区。",  # nor a vague count
])
def test_no_name_opens_on_a_function_word_or_a_vague_count(find, text):
    assert find(text) == []


@pytest.mark.parametrize("text, name", [
    ("续建青云水库。", "青云水库"),  # 续建, to go on building, is a verb of building
    ("将要新建白石水库。", "白石水库"),  # and a modal before one goes with it
])
def test_verbs_of_building_and_their_modals_are_no_part_of_a_name(find, text, name):
    assert [n for n, *_ in find(text)] == [name]


@pytest.mark.parametrize("text, names", [
    ("着力抓好青云水库、白石水库等重点工程。", ["青云水库", "白石水库"]),
    ("用好国家级技术转移中心和省级技术创新中心。", ["国家级技术转移中心", "省级技术创新中心"]),
])
def test_verbs_of_managing_a_task_are_no_part_of_a_name(find, text, names):
    assert [n for n, *_ in find(text)] == names


def test_works_restricted_are_no_project_named_by_the_restriction(find):
    assert "限制高耗水项目" not in [n for n, *_ in find("限制高耗水项目、高污染项目等建设。")]


@pytest.mark.parametrize("text, names", [
    ("优先建设有效益的科研项目。", []),  # a description of projects, no name
    ("推进面向企业的公共服务平台建设。", []),
    ("加快文化馆、图书馆、博物馆等场馆建设。", []),  # kinds of venue, each a head alone: no named works
    ("续建沙河流域的青云水库。", ["青云水库"]),  # a named work after its description
])
def test_a_name_described_with_de_is_the_named_work_after_it_or_none(find, text, names):
    assert [n for n, *_ in find(text)] == names


@pytest.fixture(scope="module")
def find_in(reference):
    """Projects with their places, in a report of the given place."""
    fr, pr = FigureRecogniser(reference), ProjectRecogniser(reference)
    return lambda home, text: [(p.name, p.places) for p in pr.find(text, fr.find(text), home)]


@pytest.mark.parametrize("text, name, place", [
    ("漳州港货物吞吐量再创新高。", "漳州港", "zhangzhoushi"),  # the subject of a result, no verb of building
    ("提升南平国际陆港辐射能力。", "南平国际陆港", "nanpingshi"),  # the object of a verb that builds nothing
    ("龙岩机场旅客吞吐量增长。", "龙岩机场", "longyanshi"),
])
def test_a_division_opens_a_name_of_works(find_in, text, name, place):
    assert (name, [place]) in find_in("fujiansheng", text)


@pytest.mark.parametrize("text", [
    "连云港货物吞吐量增长。",  # a city's name that ends like a port is the city, not a work
    "福州入选国家物流枢纽。",  # a designation the city won: the name stops at the verb
    "做优漳州中心城区。",  # 中心 of 中心城区 is no head
    "欢迎关心福建发展的港澳同胞。",  # 港 of 港澳, and a name stops at 的
    "形成以福州为中心的都市圈。",  # and at 为
])
def test_no_works_named_after_a_division(find_in, text):
    assert [n for n, places in find_in("fujiansheng", text) if places] == []


def test_a_province_report_reads_its_own_name_in_a_project(find_in, find):
    assert find_in("fujiansheng", "推进福建自贸试验区建设。") == [("福建自贸试验区", ["fujiansheng"])]
    # a county's own name is not read: often a river's or a brand's (NOTES.md, Decisions: places)
    assert [pl for n, _k, pl, *_ in find("启动建设晋江美术馆。")] == [[]]


def test_a_counted_group_at_the_division_that_opens_it(find_in):
    got = find_in("fujiansheng", "加快推进莆田等3个国家物流枢纽、泉州等2个国家骨干冷链物流基地建设。")
    assert got == [("国家物流枢纽", ["putianshi"]), ("国家骨干冷链物流基地", ["quanzhoushi"])]
    assert find_in("fujiansheng", "推进宁德、龙岩等5个示范区建设。") == [("示范区", ["ningdeshi", "longyanshi"])]


@pytest.mark.parametrize("text", [
    "加快南平等3个国家XX城市建设。",  # a designation of cities, not works at them
    "支持三明等4个市开展试点。",  # no works at all
])
def test_no_group_of_works_at_divisions(find_in, text):
    assert [n for n, places in find_in("fujiansheng", text) if places] == []


@pytest.mark.parametrize("home, text, name, places", [
    ("fujiansheng", "开工建设闽西南高铁。", "闽西南高铁", ["fujiansheng"]),  # one character and a quarter
    ("fujiansheng", "建成闽赣铁路。", "闽赣铁路", ["fujiansheng", "jiangxisheng"]),  # a run of them before a route
    ("zhongguo", "加快滇藏铁路建设。", "滇藏铁路", ["yunnansheng", "xizangzizhiqu"]),
    ("jinjiangshi", "建成闽赣铁路。", "闽赣铁路", []),  # a county's report: one character is its own (晋 = 晋江)
])
def test_provinces_by_their_one_character_forms(find_in, home, text, name, places):
    assert (name, places) in find_in(home, text)


def test_one_character_forms_only_open_a_route_or_a_quarter(find_in):
    assert find_in("zhongguo", "建成沪宁城际。") == []  # 宁 is left out (南京 in a route's name)
    assert find_in("jinjiangshi", "加快建设晋南三期。") == []


@pytest.mark.parametrize("text, name, places", [
    ("建成赣龙铁路福建段。", "赣龙铁路福建段", ["fujiansheng"]),  # a section of a route, by its province
    ("加快建设海丝文化公园（福建段）。", "海丝文化公园（福建段）", ["fujiansheng"]),  # a bracketed section is read
    ("开工建设沿海高铁鹰潭至衢州段。", "沿海高铁鹰潭至衢州段", ["yingtanshi", "quzhoushi"]),  # its two ends, anywhere
])
def test_sections_of_routes(find_in, text, name, places):
    assert (name, places) in find_in("fujiansheng", text)


@pytest.mark.parametrize("text, name, places", [
    ("石狮港吞吐量增长。", "石狮港", ["shishishi"]),  # a province's report: its county's short name opens works
    ("开工平潭海峡大桥。", "平潭海峡大桥", ["pingtanxian"]),
    ("建好海峡（福州）物流基地。", "海峡（福州）物流基地", ["fuzhoushi-350100"]),  # only the brackets say where
    ("积极参与上海（长三角）国际科技创新中心建设。", "上海（长三角）国际科技创新中心", ["shanghaishi"]),
])
def test_more_division_names_in_works(find_in, text, name, places):
    assert (name, places) in find_in("fujiansheng", text)


def test_a_county_short_name_within_a_word_is_no_place(find_in, reference):
    # 资源 is a county's short name in 广西 (资源县), and a word in 水资源
    got = find_in("guangxizhuangzuzizhiqu", "开工建设桂中水资源配置工程。")
    assert got == [("桂中水资源配置工程", ["guangxizhuangzuzizhiqu"])]
    assert find_in("fujiansheng", "推进南平等地水资源配置工程。") == []


def test_items_of_a_list_of_projects_of_some_kind(find):
    # '等改造项目': the items are projects, whatever their own last word
    got = find("有序推进湖光新区、磁灶产业发展区等改造项目。")
    assert ("磁灶产业发展区项目", "named", ["cizaozhen"], None, None) in got


def test_a_curated_site_that_is_works_is_the_project(find):
    assert find("盘活西滨融通基地闲置厂房。") == [("西滨融通基地", "named", ["xibinrongtongjidi"], None, None)]
    assert find("全面开放海洋公园。") == []  # a park opened is no works


def test_the_places_above_a_county_in_a_name_are_read(find):
    # the prefecture's name in a Jinjiang project says where it is; the county's own is not read (晋江美术馆)
    assert find("加快泉州湾跨海大桥建设。") == [("泉州湾跨海大桥", "named", ["quanzhoushi"], None, None)]


@pytest.mark.parametrize("text", [
    "加快建设泉州省域副中心。",  # a city's role, not works
    "武夷（建阳）文化创意产业园营收增长。",  # a name is not read from within its brackets
])
def test_no_works_from_a_role_or_a_bracket(find_in, text):
    assert [n for n, places in find_in("fujiansheng", text) if places] == []


def test_a_place_that_builds_is_no_name_of_works(find_in):
    # '支持P建设X': the city's role, not works named after it ...
    assert [n for n, places in find_in("fujiansheng", "支持漳州建设国际物流基地。") if places] == []
    # ... unless X is infrastructure, which the place builds: works at it.
    assert find_in("fujiansheng", "支持龙岩建设陆港型国家物流枢纽。") == [("陆港型国家物流枢纽", ["longyanshi"])]
    assert find_in("fujiansheng", "推进漳州港建设。") == [("漳州港", ["zhangzhoushi"])]


def test_a_county_short_name_before_a_river_word_is_the_river(find_in):
    assert find_in("shanghaishi", "推进黄浦江挡潮闸工程。") == [("黄浦江挡潮闸工程", [])]
