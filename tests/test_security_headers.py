"""Every response carries a strict CSP and the usual hardening headers; a route's own CSP is kept."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture(scope="module")
def client(published):
    return TestClient(create_app(published))


@pytest.mark.parametrize("path", ["/compare?from=2024&to=2025", "/sparql?query=ASK%7B%7D", "/static/site.css",
                                  "/no/such/path"])
def test_headers_everywhere(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_a_route_policy_is_kept(client):
    r = client.get("/chart/indicator/diqushengchanzongzhi.svg")
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert r.headers.get_list("content-security-policy") == [r.headers["content-security-policy"]]
