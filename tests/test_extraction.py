"""The graph of the two real reports: the facts the issue names, checked through SPARQL on the published store."""

from decimal import Decimal

import pytest
from conftest import select

JJ = "https://w3id.org/jinjiang-kg/id/"


def figures(service, indicator_label, where=""):
    return select(service, f"""
        SELECT ?year ?kind ?value ?stat (GROUP_CONCAT(STR(?q); separator=" ") AS ?quals) WHERE {{
          ?i a jjo:Indicator ; rdfs:label "{indicator_label}"@zh .
          ?f jjo:indicator ?i ; jjo:year ?year ; jjo:kind ?kind ; jjo:value ?value ; jjo:statistic ?stat .
          OPTIONAL {{ ?f jjo:qualifier ?q }}
          {where}
        }} GROUP BY ?year ?kind ?value ?stat ORDER BY ?year ?kind ?value""")


def short(iri):
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if iri else iri


def test_every_marked_statement_is_a_goal(extraction):
    for ex in extraction.values():
        keys = {g.key for g in ex.goals}
        marked = [i for i in ex.outline.items if i.unit.marker is not None]
        assert marked, "the reports have bulleted and numbered statements"
        missing = [i.unit.text for i in marked if i.key not in keys]
        assert missing == []


def test_every_statement_in_a_section_is_a_goal(extraction):
    for ex in extraction.values():
        keys = {g.key for g in ex.goals}
        inside = [i for i in ex.outline.items if i.role in ("statement", "theme")]
        assert inside and all(i.key in keys for i in inside)


def test_gdp_target_and_result_are_different_kinds_for_different_years(service):
    rows = [(r["year"], short(r["kind"]), Decimal(r["value"]), short(r["stat"]), sorted(map(short, (r["quals"] or "").split())))
            for r in figures(service, "地区生产总值")]
    assert ("2025", "Target", Decimal(6), "GrowthRate", ["About"]) in rows
    assert ("2024", "Result", Decimal(7), "GrowthRate", ["AtLeast", "Estimated"]) in rows
    assert ("2024", "Result", Decimal(350_000_000_000), "Level", ["Estimated", "Passed"]) in rows
    assert ("2024", "Target", Decimal(6), "GrowthRate", ["About"]) in rows
    assert ("2023", "Result", Decimal("6.5"), "GrowthRate", ["Estimated"]) in rows


def test_one_indicator_across_reports_with_values_in_base_units(service):
    assert [(r["year"], Decimal(r["value"])) for r in figures(service, "新增优质学位")] == [
        ("2024", Decimal(10000)), ("2025", Decimal(26000))]
    housing = figures(service, "新增保障性租赁住房")  # 保租房 in 2025 is the same indicator
    assert [(r["year"], Decimal(r["value"])) for r in housing] == [("2024", Decimal(5000)), ("2025", Decimal(1500))]
    income = figures(service, "村均集体经营性收入")
    assert [(r["year"], Decimal(r["value"])) for r in income] == [("2024", Decimal(750000)), ("2025", Decimal(800000))]


def test_figure_node_has_value_year_and_indicator_directly(service):
    rows = select(service, """
        SELECT (COUNT(?f) AS ?n) WHERE { ?f a jjo:Figure .
          FILTER NOT EXISTS { ?f jjo:value ?v ; jjo:year ?y ; jjo:indicator ?i ; jjo:unit ?u ; jjo:kind ?k } }""")
    assert rows == [{"n": "0"}]


def test_counted_project_group_across_years(service):
    rows = select(service, """
        SELECT ?year ?value WHERE {
          ?p a jjo:ProjectGroup ; rdfs:label "老旧小区改造"@zh ; jjo:hasFigure ?f .
          ?f jjo:year ?year ; jjo:value ?value } ORDER BY ?year""")
    assert [(r["year"], Decimal(r["value"])) for r in rows] == [("2024", Decimal(25)), ("2025", Decimal(14))]


def test_anhai_area_around_longshan_temple_lies_in_anhai_in_both_reports(service):
    # The area contains the temple: it is located in the town, not within the temple.
    rows = select(service, f"""
        SELECT ?place ?report WHERE {{
          ?p rdfs:label "安海北环-龙山寺片区"@zh ; jjo:location ?place ; jjo:appearsIn ?report .
          ?place jjo:within* <{JJ}place/anhaizhen> }} ORDER BY ?report""")
    assert [(short(r["place"]), short(r["report"])) for r in rows] == [
        ("anhaizhen", "jinjiangshi-2024"), ("anhaizhen", "jinjiangshi-2025")]


def test_zimao_town_reaches_the_project_at_zimao_mountain(service):
    rows = select(service, f"""
        SELECT DISTINCT ?label WHERE {{
          ?p a jjo:Project ; rdfs:label ?label ; jjo:location/jjo:within* <{JJ}place/zimaozhen> .
          FILTER (lang(?label) = "zh") }}""")
    assert "紫帽山" in {r["label"] for r in rows}  # the green space made of the mountain


def test_a_programme_is_a_project_of_its_own_class(service):
    rows = select(service, """
        SELECT ?label (EXISTS { ?p a jjo:Programme } AS ?programme) WHERE {
          ?p a jjo:Project ; rdfs:label ?label . FILTER (lang(?label) = "zh") }""")
    kind = {r["label"]: r["programme"] == "true" for r in rows}
    assert kind["“晋江记忆”工程"] is True  # a campaign of records and films: nothing built
    assert kind["电力补短板工程"] is False  # works on the power grid
    assert kind["紫帽山"] is False


def test_regional_specialities(service):
    rows = select(service, """
        SELECT ?place ?industry WHERE { ?place jjo:speciality ?industry }""")
    got = {(short(r["place"]), short(r["industry"])) for r in rows}
    assert {("cizaozhen", "taoci"), ("dongshizhen", "sanye"), ("shenhuzhen", "neiyi"), ("neikengzhen", "tuoxie")} <= got


def test_links_carry_their_own_passage(service):
    rows = select(service, f"""
        SELECT ?quote ?line WHERE {{
          ?a rdf:subject <{JJ}place/cizaozhen> ; rdf:predicate jjo:speciality ; rdf:object <{JJ}industry/taoci> ;
             prov:wasDerivedFrom ?passage .
          ?passage jjo:line ?line ; oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?quote ] }}""")
    assert rows == [{"quote": "磁灶陶瓷", "line": "206"}]


def test_passage_offsets_quote_the_stored_file(built, extraction):
    from rdflib.namespace import PROV

    from kg.graph.namespaces import OA
    from kg.graph.validate import union
    g = union(built.dataset)
    texts = {ex.meta.slug: ex.source.text for ex in extraction.values()}
    checked = 0
    for fig in g.subjects(PROV.wasDerivedFrom, None):
        for passage in g.objects(fig, PROV.wasDerivedFrom):
            report = g.value(passage, OA.hasSource)
            if report is None:
                continue
            sels = list(g.objects(passage, OA.hasSelector))
            start = next(g.value(s, OA.start) for s in sels if g.value(s, OA.start) is not None)
            end = next(g.value(s, OA.end) for s in sels if g.value(s, OA.end) is not None)
            exact = next(g.value(s, OA.exact) for s in sels if g.value(s, OA.exact) is not None)
            assert texts[str(report).rsplit("/", 1)[-1]][int(start):int(end)] == str(exact)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("slug, kind, year, count", [
    ("jinjiangshi-2024", "Result", "2023", 7), ("jinjiangshi-2025", "Result", "2024", 7)])
def test_results_of_the_review_year(service, slug, kind, year, count):
    rows = select(service, f"""
        SELECT (COUNT(?f) AS ?n) WHERE {{ ?f a jjo:Figure ; jjo:report <{JJ}report/{slug}> ;
          jjo:kind jjo:{kind} ; jjo:year "{year}"^^xsd:gYear }}""")
    assert rows == [{"n": str(count)}]


def test_themes_are_goals_and_statements_sit_under_them(service):
    rows = select(service, f"""
        SELECT ?label WHERE {{ <{JJ}goal/jinjiangshi-2025-s04-t3-3> jjo:inTheme ?t ; jjo:inSection ?s .
          ?t a jjo:Theme , jjo:Goal ; rdfs:label ?label . ?s jjo:number 4 }}""")
    assert rows == [{"label": "提增城市管理效能"}]


def test_a_passage_gives_the_line_of_its_own_words(built, extraction):
    """Issue 20: the line where the fact's words stand, not the line where the enclosing item starts."""
    from rdflib.namespace import PROV

    from kg.graph.namespaces import JJO, OA
    from kg.graph.validate import union
    g = union(built.dataset)
    texts = {ex.meta.slug: ex.source.text for ex in extraction.values()}
    checked = 0
    for fig in g.subjects(PROV.wasDerivedFrom, None):
        for passage in g.objects(fig, PROV.wasDerivedFrom):
            report, line = g.value(passage, OA.hasSource), g.value(passage, JJO.line)
            start = next((g.value(s, OA.start) for s in g.objects(passage, OA.hasSelector)
                          if g.value(s, OA.start) is not None), None)
            if report is None or start is None:
                continue
            text = texts[str(report).rsplit("/", 1)[-1]]
            assert int(line) == text.count("\n", 0, int(start)) + 1
            checked += 1
    assert checked > 500
