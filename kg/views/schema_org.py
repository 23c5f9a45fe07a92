"""schema.org data for search engines: what a page is about in the terms they read (Place, AdministrativeArea,
Report, GovernmentOrganization, Dataset, ...), not only in our own context.

Our own JSON-LD (kg/views/page_jsonld.py) stays the faithful one; this is a second, lossy view of the same entity
for crawlers: a WebPage under the dataset's licence whose main entity has a name, a type, coordinates, the
place it lies in and its links to other datasets.
"""

from __future__ import annotations

from rdflib.namespace import DCTERMS, OWL, SDO, SKOS

from kg.graph.namespaces import JJO
from kg.store.coverage import Coverage
from kg.store.lookup import Lookup, node
from kg.store.release import Release
from kg.views.labels import Names, read_names

CONTEXT = "https://schema.org"
# Our classes → the schema.org type a search engine knows them by (the first of an entity's types that has one).
TYPES = {
    **{str(JJO[c]): "AdministrativeArea" for c in ("Province", "Prefecture", "County", "Subdistrict", "Town")},
    str(JJO.Area): "Place", str(JJO.Site): "Place", str(JJO.Place): "Place",
    str(JJO.Project): "Project", str(JJO.ProjectGroup): "Project", str(JJO.Programme): "Project", str(JJO.Report): "Report",
    str(JJO.Indicator): "DefinedTerm", str(JJO.Industry): "DefinedTerm", str(JJO.Unit): "DefinedTerm",
    str(JJO.Figure): "Observation", str(JJO.Goal): "CreativeWork", str(JJO.Theme): "CreativeWork",
    str(JJO.Section): "CreativeWork", str(JJO.Passage): "Quotation",
}
PLACE_TYPES = {"AdministrativeArea", "Place"}


def _first(lookup: Lookup, iri: str, prop) -> str | None:
    values = lookup.objects(node(iri), node(str(prop)))
    return values[0].value if values else None


def _named(lookup: Lookup, iri: str, kind: str) -> dict:
    names = read_names(lookup, node(iri))
    return {"@type": kind, "@id": iri, "name": names.best() or iri}


def entity(lookup: Lookup, iri: str, url: str, names: Names, types: list[str]) -> dict:
    """The schema.org node of one of our entities; `url` is its page; its names and types (in the store's order)
    as the page's description read them."""
    kind = next((TYPES[t] for t in types if t in TYPES), "Thing")
    out: dict = {"@type": kind, "@id": iri, "url": url, "name": names.zh or names.best() or iri}
    alternates = [n for n in (names.en, names.pinyin, *names.aliases) if n and n != out["name"]]
    if alternates:
        out["alternateName"] = alternates
    if kind in PLACE_TYPES:
        lat, lon = _first(lookup, iri, SDO.latitude), _first(lookup, iri, SDO.longitude)
        if lat and lon:
            out["geo"] = {"@type": "GeoCoordinates", "latitude": float(lat), "longitude": float(lon)}
        parent = _first(lookup, iri, JJO.within)
        if parent:
            out["containedInPlace"] = _named(lookup, parent, "AdministrativeArea")
        code = _first(lookup, iri, JJO.divisionCode)
        if code:
            out["identifier"] = {"@type": "PropertyValue", "propertyID": "NBS division code (Wikidata P442)",
                                 "value": code}
    if kind == "Project":
        place = _first(lookup, iri, JJO.location)
        if place:
            out["location"] = _named(lookup, place, "Place")
    if kind == "Report":
        out["inLanguage"] = "zh"
        date = _first(lookup, iri, DCTERMS.date)
        if date:
            out["datePublished"] = date
        publisher = _first(lookup, iri, DCTERMS.publisher)
        if publisher:
            out["publisher"] = {"@type": "GovernmentOrganization", "name": publisher}
    same = sorted({o.value for p in (OWL.sameAs, SKOS.exactMatch) for o in lookup.objects(node(iri), node(str(p)))
                   if o.value.startswith("http")})
    if same:
        out["sameAs"] = same
    return out


def dataset(release: Release, site: str, held: Coverage) -> dict:
    """The dataset as schema.org's Dataset (what dataset search engines index); `site` is this server's origin,
    `held` what the graph holds (its title, places and years)."""
    out = {"@type": "Dataset", "@id": release.dataset, "name": held.title("zh"), "alternateName": held.title("en"),
           "description": held.description("en"), "url": site + "/dumps", "license": release.license,
           "isAccessibleForFree": True, "version": release.version,
           **({"dateModified": release.modified} if release.modified else {}),
           "inLanguage": ["zh", "en"],
           "spatialCoverage": [{"@type": "Place", "@id": p.iri, "name": p.zh} for p in held.places]}
    if held.years:
        out["temporalCoverage"] = f"{held.years[0]}/{held.years[-1]}"
    return out


def page(title: str, description: str, url: str, lang: str, release: Release, site: str, held: Coverage,
         main: dict | None = None) -> dict:
    """A page as schema.org's WebPage, part of the dataset, under its licence, about `main`."""
    out = {"@context": CONTEXT, "@type": "WebPage", "@id": url, "url": url, "name": title, "description": description,
           "inLanguage": lang, "license": release.license, "version": release.version,
           # By reference: the dataset's coverage (every place) is on its own pages (home, /dumps), not on each
           # page about one entity.
           "isPartOf": {"@type": "Dataset", "@id": release.dataset, "name": held.title("zh")}}
    if release.modified:
        out["dateModified"] = release.modified
    if main is not None:
        out["mainEntity"] = main
    return out


def dataset_page(release: Release, site: str, held: Coverage, downloads: list[tuple[str, str]]) -> dict:
    """The dataset itself, with its downloads ((url, media type) of each file), for the home and /dumps pages."""
    out = {"@context": CONTEXT, **dataset(release, site, held)}
    out["distribution"] = [{"@type": "DataDownload", "contentUrl": url, "encodingFormat": media}
                           for url, media in downloads]
    return out
