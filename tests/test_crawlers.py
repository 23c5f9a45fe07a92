"""What search engines and browsers ask a site for: /robots.txt, /sitemap.xml with every page, /favicon.ico; and
on every page a canonical address, a description, and schema.org data in terms a search engine reads."""

import json
import xml.etree.ElementTree as ET

import lxml.html
import pytest

from kg.views import sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://w3id.org/jinjiang-kg"  # the configured base (JJKG_BASE_IRI), never the Host header


@pytest.fixture(scope="module")
def client(published):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(published))


def locs(client, path: str) -> list[str]:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(r.content)
    return [e.text for e in root.iterfind(".//s:loc", NS)]


def test_robots_txt_welcomes_crawlers_and_names_the_sitemap(client):
    r = client.get("/robots.txt")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    lines = r.text.splitlines()
    assert "User-agent: *" in lines and f"Sitemap: {BASE}/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # nothing but query answers is excluded


def test_the_sitemap_lists_every_page(client, service):
    urls = locs(client, "/sitemap.xml")
    assert len(urls) == len(set(urls))
    entities = {r["s"].value for r in service.select(
        'SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(STRSTARTS(STR(?s), "https://w3id.org/jinjiang-kg/id/")) }')}
    pages = {f"{BASE}/page/" + e.removeprefix("https://w3id.org/jinjiang-kg/id/") for e in entities
             if "/id/dataset/" not in e}
    assert pages <= set(urls)
    assert {f"{BASE}/", f"{BASE}/places", f"{BASE}/read/jinjiangshi-2025", f"{BASE}/dumps"} <= set(urls)
    # Every address answers 200 (a sample of each kind, and every index page).
    seen = set()
    for url in urls:
        kind = url.split("/")[4] if "/page/" in url else url
        if kind not in seen:
            seen.add(kind)
            assert client.get(url.removeprefix(BASE)).status_code == 200, url


def test_past_the_limit_the_sitemap_is_an_index(client, monkeypatch):
    every = locs(client, "/sitemap.xml")
    monkeypatch.setattr(sitemap, "MAX_URLS", 100)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    assert root.tag == "{%s}sitemapindex" % NS["s"]
    parts = [e.text for e in root.iterfind(".//s:loc", NS)]
    assert len(parts) == -(-len(every) // 100)
    joined = [u for part in parts for u in locs(client, part.removeprefix(BASE))]
    assert joined == every and all(len(locs(client, p.removeprefix(BASE))) <= 100 for p in parts)
    assert client.get(f"/sitemap-{len(parts) + 1}.xml").status_code == 404
    assert client.get("/sitemap-%C2%B2.xml").status_code == 404  # '²' is a digit to str.isdigit, not to int()


def test_favicon_is_a_small_icon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/vnd.microsoft.icon"
    assert r.content[:4] == b"\0\0\1\0" and 100 < len(r.content) < 20_000  # an ICO file's header
    html = client.get("/").text
    assert 'rel="icon"' in html


def head_of(client, path: str):
    r = client.get(path)
    assert r.status_code == 200
    return lxml.html.fromstring(r.text)


def schema_blocks(doc) -> list[dict]:
    blocks = [json.loads(s.text) for s in doc.xpath('//script[@type="application/ld+json"]')]
    return [b for b in blocks if b.get("@context") == "https://schema.org"]


@pytest.mark.parametrize("path", ["/", "/places", "/page/place/anhaizhen", "/read/jinjiangshi-2025", "/dumps",
                                  "/page/project/anhaibeihuan-longshansipianqu", "/search?q=anhai"])
def test_every_page_has_a_canonical_address_and_a_description(client, path):
    doc = head_of(client, path + ("&" if "?" in path else "?") + "lang=en")
    (canonical,) = doc.xpath('//link[@rel="canonical"]/@href')
    assert canonical == BASE + path  # ?lang= is a preference, not another page
    (description,) = doc.xpath('//meta[@name="description"]/@content')
    assert len(description) > 20


def test_an_entity_page_describes_itself_and_says_what_it_is_in_schema_org(client):
    doc = head_of(client, "/page/place/anhaizhen")
    assert "安海镇" in doc.xpath('//meta[@name="description"]/@content')[0]
    (block,) = schema_blocks(doc)
    assert block["@type"] == "WebPage" and block["url"] == BASE + "/page/place/anhaizhen"
    assert block["license"] == "https://creativecommons.org/licenses/by/4.0/" and block["dateModified"]
    assert block["isPartOf"]["@type"] == "Dataset"
    place = block["mainEntity"]
    assert place["@type"] == "AdministrativeArea" and place["name"] == "安海镇"
    assert place["@id"] == "https://w3id.org/jinjiang-kg/id/place/anhaizhen"
    assert place["containedInPlace"]["name"] == "晋江市"
    assert place["geo"]["@type"] == "GeoCoordinates" and 24 < place["geo"]["latitude"] < 25


def test_a_report_page_names_its_publisher_as_a_government_organization(client):
    (block,) = schema_blocks(head_of(client, "/page/report/jinjiangshi-2025"))
    report = block["mainEntity"]
    assert report["@type"] == "Report" and report["publisher"]["@type"] == "GovernmentOrganization"


def test_home_and_dumps_describe_the_dataset_for_dataset_search(client):
    for path in ("/", "/dumps"):
        (block,) = schema_blocks(head_of(client, path))
        assert block["@type"] == "Dataset" and block["name"] and block["description"]
        assert block["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert len(block["distribution"]) == 4
        assert all(d["contentUrl"].endswith(".gz") for d in block["distribution"])
