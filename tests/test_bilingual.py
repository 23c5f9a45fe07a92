"""Chinese pages speak Chinese: every term (property, class, datatype, code) is named in both languages, so a
Chinese page shows no raw English term (hasGeometry, asWKT, latitude, AdministrativeArea, town); coordinates are
a small map drawn from them, not `POINT(118.46 24.71)`."""

import re

import lxml.html
import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
RAW = ("hasGeometry", "asWKT", "latitude", "longitude", "AdministrativeArea", "POINT(", "wktLiteral")


@pytest.fixture(scope="module")
def client(published):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(published))


def entity_pages(service) -> list[str]:
    """A few entities of every kind that has pages."""
    out = []
    for kind in ("place", "project", "indicator", "report", "industry", "goal", "figure", "passage", "unit",
                 "section", "theme", "assessment"):
        rows = service.select(f"""SELECT DISTINCT ?s WHERE {{ ?s a ?c
            FILTER(STRSTARTS(STR(?s), "https://w3id.org/jinjiang-kg/id/{kind}/")) }} ORDER BY ?s LIMIT 3""")
        out += ["/page/" + r["s"].value.split("/id/", 1)[1] for r in rows]
    return out


def test_every_term_on_a_chinese_page_has_a_chinese_name(client, service):
    missing = []
    for path in entity_pages(service) + ["/page/place/anhaizhen", "/page/place/jinjiangshi"]:
        doc = lxml.html.fromstring(client.get(path, params={"lang": "zh"}).text)
        shown = doc.xpath("//p[@class='types']//a[@class='term'] | //section[@class='properties']//th"
                          " | //section[@class='incoming']//summary/span[@class='term']"
                          " | //section[@class='properties']//span[@class='parts']//a[@class='term']"
                          " | //section[@class='properties']//td//small[@class='muted' and not(@lang)]")
        for e in shown:
            text = e.text_content().strip()
            if text and not CJK.search(text):
                missing.append(f"{path}: {text}")
        for english in doc.xpath("//main//*[@lang='en']"):  # a term's English name beside its Chinese one
            english.drop_tree()
        body = doc.xpath("//main")[0].text_content()
        for raw in RAW:
            if raw in body:
                missing.append(f"{path}: raw {raw}")
    assert not missing, "\n".join(sorted(set(missing)))


def test_a_place_is_shown_on_a_map_with_its_neighbours(client):
    doc = lxml.html.fromstring(client.get("/page/place/anhaizhen", params={"lang": "zh"}).text)
    (svg,) = doc.xpath("//section[@class='properties']//svg[@class='place-map']")
    assert svg.get("role") == "group" and "安海镇" in svg.get("aria-label")
    assert len(svg.xpath(".//*[local-name()='circle']")) >= 3  # the town and other places of the county
    assert "/page/place/cizaozhen" in {a.get("href") for a in svg.xpath(".//*[local-name()='a']")}
    caption = doc.xpath("//figure[@class='place-map']/figcaption")[0].text_content()
    assert "北纬 24.71" in caption and "东经 118.46" in caption
    english = lxml.html.fromstring(client.get("/page/place/anhaizhen", params={"lang": "en"}).text)
    assert "24.7122° N, 118.4606° E" in english.xpath("//figure[@class='place-map']/figcaption")[0].text_content()


def test_place_types_are_named_not_coded(client):
    html = client.get("/page/place/anhaizhen", params={"lang": "zh"}).text
    row = re.search(r"地点类型.*?</tr>", html, re.S).group(0)
    assert ">镇</span>" in row and ">town<" in row  # the code's name, its English name beside it
