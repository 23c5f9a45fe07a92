"""The `Host` header is the client's to set: no absolute URL the server writes comes from it (issue 30).
Pages, documents, sitemaps, descriptions, query answers and redirects name the configured base (JJKG_BASE_IRI)."""

import pytest

from kg.graph.namespaces import BASE

EVIL = "evil.example"
PATHS = [
    "/", "/places", "/page/place/anhaizhen", "/page/place/anhaizhen?lang=en", "/read/jinjiangshi-2025",
    "/id/place/anhaizhen.jsonld", "/id/place/anhaizhen.ttl", "/sitemap.xml", "/robots.txt", "/dumps", "/dumps.ttl",
    "/void", "/sparql", "/compare",
    "/sparql?query=" + "SELECT%20%3Fx%20WHERE%20%7B%20BIND(%3Cx%3E%20AS%20%3Fx)%20%7D",  # a relative IRI
]
ACCEPTS = ["text/html", "application/ld+json", "text/turtle", "*/*"]


@pytest.fixture(scope="module")
def client(published):
    from fastapi.testclient import TestClient

    from api.app import create_app

    return TestClient(create_app(published))


@pytest.mark.parametrize("path", PATHS)
def test_no_answer_names_the_host_a_client_sent(client, path):
    for accept in ACCEPTS:
        r = client.get(path, headers={"host": EVIL, "accept": accept}, follow_redirects=False)
        assert r.status_code < 500, (path, accept, r.status_code)
        headers = " ".join(f"{k}: {v}" for k, v in r.headers.items())
        assert EVIL not in r.text and EVIL not in headers, (path, accept)


@pytest.mark.parametrize("path", ["/void/", "/places/", "/id/place/anhaizhen", "/.well-known/void",
                                  "/id/dataset/jinjiang-kg"])
def test_redirects_are_relative_whatever_the_host(client, path):
    r = client.get(path, headers={"host": EVIL}, follow_redirects=False)
    assert r.status_code in (301, 302, 303, 307, 308), (path, r.status_code)
    assert r.headers["location"].startswith("/") and EVIL not in r.headers["location"]


def test_absolute_urls_use_the_configured_base(client):
    r = client.get("/sparql", headers={"host": EVIL, "accept": "text/turtle"})
    assert f"<{BASE}sparql>" in r.text or f"{BASE}sparql" in r.text
    page = client.get("/page/place/anhaizhen", headers={"host": EVIL})
    assert f'<link rel="canonical" href="{BASE}page/place/anhaizhen">' in page.text
