"""An entity's own properties list at most VALUES_SHOWN values each on its page, with how many there are and where the
rest are (an indicator appears in every report that names it: thousands on a graph of many reports)."""

import dataclasses

from fastapi.testclient import TestClient

from api.app import create_app
from kg.graph.namespaces import JJO
from kg.store.embedded import open_read_only
from kg.store.lookup import Lookup
from kg.views import describe
from kg.views.labels import Labeller

GDP = "https://w3id.org/jinjiang-kg/id/indicator/diqushengchanzongzhi"


def appears_in(description) -> describe.PropertyValues:
    return next(pv for pv in description.properties if pv.prop.iri == str(JJO.appearsIn))


def test_the_values_of_a_property_are_cut_and_counted(published, monkeypatch):
    lookup = Lookup(open_read_only(published.store_link))
    whole = appears_in(describe.Describer(lookup, Labeller(lookup)).describe(GDP))
    assert whole.count == len(whole.values) == 2  # the two seed reports
    monkeypatch.setattr(describe, "VALUES_SHOWN", 1)
    cut = appears_in(describe.Describer(lookup, Labeller(lookup)).describe(GDP))
    assert cut.count == 2 and [v.ref.iri for v in cut.values] == [whole.values[0].ref.iri]


def test_the_page_says_how_many_values_are_not_shown_and_where_they_are(published, monkeypatch):
    monkeypatch.setattr(describe, "VALUES_SHOWN", 1)
    client = TestClient(create_app(dataclasses.replace(published)))  # a fresh app: no description made before
    html = client.get("/page/indicator/diqushengchanzongzhi").text
    assert "shown 1 of 2; the rest in the" in html
    assert 'href="/id/indicator/diqushengchanzongzhi.jsonld">JSON-LD document</a>' in html
