"""JJKG_BASE_IRI: a deployment publishes under its own domain. Built and served under another base, every IRI,
document and the JSON-LD context are under it, and the context is served by the server itself; a store built
under one base is refused by a server set to another; a malformed base is a clear error."""

import json
import os
import subprocess
import sys

import pytest
from conftest import run_cli

from kg.settings import PROJECT_ROOT

BASE = "https://data.example.org/kg/"

# Run in a child, since IRIs are fixed when kg/graph/namespaces.py is imported.
PROBE = """
import json, sys
from fastapi.testclient import TestClient
from api.app import create_app
client = TestClient(create_app())
out = {}
r = client.get("/id/place/anhaizhen", headers={"accept": "application/ld+json"}, follow_redirects=False)
out["303"] = [r.status_code, r.headers.get("location")]
doc = client.get("/id/place/anhaizhen.jsonld")
out["doc"] = doc.json()
out["doc_text"] = doc.text
out["context"] = [client.get("/context.jsonld").status_code]
out["ontology"] = client.get("/ontology.ttl").text
out["page"] = client.get("/page/place/anhaizhen").text
out["sparql"] = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a jjo:Town } LIMIT 1"},
                           headers={"accept": "application/sparql-results+json"}).json()
json.dump(out, sys.stdout)
"""


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    var = tmp_path_factory.mktemp("elsewhere")
    env = {"JJKG_BASE_IRI": BASE, "JJKG_VAR_DIR": str(var)}
    built = run_cli("build", env=env)
    assert built.returncode == 0, built.stderr
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=PROJECT_ROOT,
                           env={**os.environ, **env}, timeout=300)
    assert probe.returncode == 0, probe.stderr
    return var, json.loads(probe.stdout)


def test_every_iri_is_under_the_deployment_s_base(elsewhere):
    _, out = elsewhere
    assert out["303"] == [303, "/id/place/anhaizhen.jsonld"]
    doc = out["doc"]
    assert doc["id"] == BASE + "id/place/anhaizhen" and doc["@context"] == BASE + "context.jsonld"
    assert doc["within"]["id"] == BASE + "id/place/jinjiangshi"
    assert "w3id.org" not in out["doc_text"]
    assert f"<{BASE}ontology>" in out["ontology"] and "w3id.org" not in out["ontology"]
    row = out["sparql"]["results"]["bindings"][0]
    assert row["s"]["value"].startswith(BASE + "id/place/")


def test_the_context_is_served_by_the_server_itself(elsewhere):
    _, out = elsewhere
    # <base>context.jsonld is this server's /context.jsonld, as every <base>path is its /path.
    assert out["context"] == [200]
    assert f'"{BASE}page/place/anhaizhen"' in out["page"] or f"{BASE}page/place/anhaizhen" in out["page"]


def test_a_server_under_another_base_refuses_the_store(elsewhere):
    var, _ = elsewhere
    r = run_cli("serve", "--port", "1", env={"JJKG_VAR_DIR": str(var), "JJKG_BASE_IRI": ""})
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert BASE in r.stderr and "https://w3id.org/jinjiang-kg/" in r.stderr


@pytest.mark.parametrize("bad", ["ftp://example.org/kg/", "https://example.org/kg", "https://example.org/kg/?x=1"])
def test_a_malformed_base_is_a_clear_error(tmp_path, bad):
    r = run_cli("build", env={"JJKG_BASE_IRI": bad, "JJKG_VAR_DIR": str(tmp_path)})
    assert r.returncode == 1 and "JJKG_BASE_IRI" in r.stderr and "Traceback" not in r.stderr
