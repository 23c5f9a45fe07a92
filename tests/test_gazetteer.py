"""The national gazetteer: every division of China under the curated places, names resolved per reporting place."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.extract.recognise.places import figure_place, find_places, places_in_name

ZHAOAN, JINJIANG = "zhaoanxian", "jinjiangshi"


def linked(reference, home: str, text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.slug) for m in find_places(text, reference, home)]


def test_every_level_of_china_is_there_with_its_code_and_parent(reference):
    g = reference.gazetteer
    levels = [d.level for d in g.divisions.values()]
    assert levels.count(1) == 31 and levels.count(2) >= 330 and levels.count(3) >= 2800 and levels.count(4) >= 40000
    zhaoan = reference.place_by_slug[ZHAOAN]
    assert (zhaoan.name_zh, zhaoan.division_code, zhaoan.type) == ("诏安县", "350624", "county")
    assert reference.place_ancestors(ZHAOAN) == ["zhangzhoushi", "fujiansheng", "zhongguo"]
    # A curated row with a code stands for that division: Jinjiang keeps its slug, its towns their curated rows,
    # and the township-level units nobody curated hang from the curated county.
    assert reference.gazetteer.slug_of_code["350582101000"] == "anhaizhen"
    assert reference.place_by_slug["jinjiangshijingjikaifaqu"].parent == JINJIANG
    # Municipalities' placeholder 市辖区 is no place: Beijing's districts are within Beijing.
    assert reference.place_ancestors(reference.gazetteer.slug_of_code["110101000000"]) == ["beijingshi", "zhongguo"]


def test_the_country_is_the_root_and_reports_like_any_government(reference):
    g = reference.gazetteer
    assert g.country == "zhongguo" and g.level_of("zhongguo") == 0
    assert all(g.places[s].parent == "zhongguo" for s, d in g.divisions.items() if d.level == 1)
    assert g.resolve("中国") == g.resolve("中华人民共和国") == "zhongguo"
    assert reference.place_by_slug["zhongguo"].division_code is None  # the NBS codes start at the province
    assert g.describe("fujiansheng") == "福建省 (350000, slug fujiansheng)"
    # A national report names provinces by their short names; 中国 in running text is no place (中国式现代化).
    assert linked(reference, "zhongguo", "广东、中国式现代化") == [("广东", "guangdongsheng")]


def test_short_names_mean_the_places_of_the_reporting_area(reference):
    assert linked(reference, JINJIANG, "安海、石狮、泉州、福建") == [
        ("安海", "anhaizhen"), ("石狮", "shishishi"), ("泉州", "quanzhoushi"), ("福建", "fujiansheng")]
    # 梅岭 is a street of Jinjiang and a town of Zhao'an: each report means its own.
    assert linked(reference, JINJIANG, "梅岭") == [("梅岭", "meilingjiedao")]
    assert linked(reference, ZHAOAN, "梅岭") == [("梅岭", reference.gazetteer.slug_of_code["350624102000"])]
    # A town of another county is not named by its short name; its full name still links.
    assert linked(reference, ZHAOAN, "安海") == []
    assert linked(reference, ZHAOAN, "安海镇") == []  # nor its full name from another prefecture
    assert linked(reference, "shishishi", "安海镇") == [("安海镇", "anhaizhen")]


def test_a_site_of_a_county_is_read_from_afar_only_by_a_name_that_says_where(reference):
    # The county's own report reads every site of it, whether its name says where or not.
    assert linked(reference, JINJIANG, "改造中心城区，建设晋江机场") == [
        ("中心城区", "zhongxinchengqu"), ("晋江机场", "quanzhoujinjiangguojijichang")]
    # The prefecture's and the province's reports have central districts and parks of their own: a site's name
    # with no place word in it is theirs, not the county's; one that carries its place word is still the site.
    for home in ("quanzhoushi", "fujiansheng"):
        assert linked(reference, home, "改造中心城区，开放海洋公园，建设高铁新区") == []
        assert linked(reference, home, "扩建泉州晋江国际机场，保护紫帽山") == [
            ("泉州晋江国际机场", "quanzhoujinjiangguojijichang"), ("紫帽山", "zimaoshan")]
    # A site lying in a township is read by the reports of its county, not only by the township's.
    assert ("龙山寺", "longshansi") in linked(reference, JINJIANG, "修缮龙山寺")


def test_a_full_name_several_places_carry_means_the_nearest_or_none(reference):
    fuzhou_gulou = reference.gazetteer.slug_of_code["350102000000"]
    nanjing_gulou = reference.gazetteer.slug_of_code["320106000000"]
    xuanwu = reference.gazetteer.slug_of_code["320102000000"]
    assert linked(reference, JINJIANG, "鼓楼区") == [("鼓楼区", fuzhou_gulou)]
    assert linked(reference, xuanwu, "鼓楼区") == [("鼓楼区", nanjing_gulou)]
    assert linked(reference, "beijingshi", "鼓楼区") == []  # four of them, none nearer Beijing


def test_words_that_only_look_like_places_are_not_linked(reference):
    assert linked(reference, JINJIANG, "创建示范县城") == []  # 范县 is in Henan
    # 建设乡 and 红星乡 are townships of Zhao'an: their full names link, their short names are ordinary words.
    assert linked(reference, ZHAOAN, "加快建设，红星闪耀") == []
    assert [s for _w, s in linked(reference, ZHAOAN, "建设乡")] == [reference.gazetteer.slug_of_code["350624203000"]]


def test_a_user_names_a_place_by_name_code_or_slug(reference):
    g = reference.gazetteer
    assert g.resolve("石狮市") == g.resolve("350581") == g.resolve("shishishi") == "shishishi"
    assert g.resolve("35") == g.resolve("350000") == "fujiansheng"
    assert g.resolve("350582101") == g.resolve("350582101000") == "anhaizhen"
    assert g.resolve("诏安") == ZHAOAN
    with pytest.raises(InputError, match=r"names 4 places: 鼓楼区 \(320106, in 南京市、江苏省"):
        g.resolve("鼓楼区")
    with pytest.raises(InputError, match="no division has the code 999999"):
        g.resolve("999999")
    with pytest.raises(InputError, match="no place is named"):
        g.resolve("不存在的地方")


def test_a_project_is_not_located_by_words_inside_its_name(reference):
    assert places_in_name("晋江隧道", reference, JINJIANG) == []  # 晋江 is the river; and the report's own county
    # brackets with no place outside them say where, as far as they go: the prefecture above the report's county
    assert places_in_name("中科华清（泉州）精细陶瓷研究院", reference, JINJIANG) == ["quanzhoushi"]
    assert places_in_name("省材料（晋江）创新中心", reference, JINJIANG) == []  # the county itself says nothing new
    assert places_in_name("安海北环-龙山寺片区", reference, JINJIANG) == ["anhaizhen"]  # the area contains the temple
    assert places_in_name("紫帽山生态保护工程", reference, JINJIANG) == ["zimaoshan"]
    # Who speaks decides what a name says: 泉州市 names its county, 石狮市 its town (蚶江 is no short name for 泉州).
    assert places_in_name("石狮蚶江渔港", reference, "quanzhoushi") == ["shishishi"]
    assert places_in_name("石狮蚶江渔港", reference, "shishishi") == ["hanjiangzhen"]


def test_a_figure_is_of_the_place_its_clause_opens_with(reference):
    text = "全年，南诏镇完成12个老旧小区改造。"
    at = text.index("12")
    assert figure_place(text, at, find_places(text, reference, ZHAOAN), ZHAOAN, reference) == \
        reference.gazetteer.slug_of_code["350624100000"]
    listed = "福州、厦门、泉州三市地区生产总值均超1万亿元。"
    at = listed.index("1万")
    assert figure_place(listed, at, find_places(listed, reference, "fujiansheng"), "fujiansheng", reference) is None
    own = "全县地区生产总值增长5.8%。"
    assert figure_place(own, own.index("5.8"), find_places(own, reference, ZHAOAN), ZHAOAN, reference) is None


def test_the_graph_holds_only_the_divisions_reports_name(built):
    from rdflib import RDF

    from kg.graph.namespaces import JJO

    places = {str(s).rsplit("/", 1)[-1] for s, _p, _o, _g in built.dataset.quads((None, RDF.type, JJO.Place, None))}
    curated = {p.slug for p in built.reference.places}
    assert curated <= places
    assert "zhaoanxian" not in places and "beijingshi" not in places
    assert len(places - curated) < 20  # of 44,689 divisions, the few the two reports name (and their parents)


def test_a_curated_code_that_is_no_division_names_file_and_line(tmp_path):
    import shutil

    from conftest import PROJECT_ROOT

    from kg.extract.reference import Reference

    ref_dir = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", ref_dir)
    places = ref_dir / "places.csv"
    lines = places.read_text(encoding="utf-8").splitlines()
    n = next(i for i, ln in enumerate(lines, start=1) if ln.startswith("anhaizhen,"))
    places.write_text(places.read_text(encoding="utf-8").replace("350582101000", "350582199000", 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        Reference.load(ref_dir)
    assert str(err.value) == f"{places}:{n}: division_code 350582199000 of 'anhaizhen' is not in divisions.csv"
