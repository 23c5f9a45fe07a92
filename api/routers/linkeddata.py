"""Dereferencing: /id/... answers 303 to the page or a data document by content negotiation; the documents
(/id/....jsonld .ttl .nt .rdf) and pages (/page/...) are also reachable directly. The ontology works the same
way at /ontology, and the JSON-LD context is published at /context.jsonld.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from rdflib.namespace import OWL

from kg.errors import NotFound
from kg.graph import iris
from kg.graph.namespaces import BASE, PREFIXES
from kg.store.lookup import node
from kg.views import documents, geography, jsonld, page_jsonld, paging, schema_org, vocabulary
from kg.views.describe import Describer
from kg.views.profiles import Profiles, paged_lists

from .. import validators
from ..conneg import negotiate
from ..deps import Reading, lists_index, publication_release, reading
from ..identity import coverage_of
from ..links import ONTOLOGY, link_header, local_path, page_url
from ..maps import coordinates_text, place_map
from ..render import canonical, meta_description, page, site

router = APIRouter()

HTML_TYPES = ("text/html", "application/xhtml+xml")
# What each acceptable media type gets: the page, or the data document with that suffix.
OFFERS: dict[str, str] = {
    "text/html": "page", "application/xhtml+xml": "page",
    "application/ld+json": "jsonld", "application/json": "jsonld",
    "text/turtle": "ttl", "application/x-turtle": "ttl", "text/n3": "ttl",
    "application/n-triples": "nt",
    "application/rdf+xml": "rdf",
}


def entity_iri(kind: str, slug: str) -> str:
    """The IRI for /id/{kind}/{slug}, or NotFound when the path cannot be one of ours."""
    iri = f"{iris.ID}{kind}/{slug}"
    if not iris.kind_of(iri):
        raise NotFound(f"<{iri}> is not an IRI of this dataset", iri=iri)
    return iri


def split_suffix(name: str) -> tuple[str, str | None]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, suffix) if dot else (name, None)


def not_acceptable(accept: str) -> Response:
    offered = ", ".join(OFFERS)
    return PlainTextResponse(f"406 Not Acceptable: nothing here matches Accept: {accept}\nOffered: {offered}\n",
                             status_code=406, headers={"Vary": "Accept"})


def see_other(request: Request, iri: str, page_path: str, exclude_link: str | None = None) -> Response:
    accept = request.headers.get("accept", "")
    best = negotiate(accept, list(OFFERS), default="text/html")
    if best is None:
        return not_acceptable(accept)
    target = OFFERS[best]
    location = page_path if target == "page" else f"{local_path(iri)}.{target}"
    return RedirectResponse(location, status_code=303, headers={"Vary": "Accept", "Link": link_header(iri)})


def data_response(body: bytes, fmt: documents.Format, iri: str) -> Response:
    return Response(body, media_type=f"{fmt.media_type}; charset=utf-8",
                    headers={"Link": link_header(iri, exclude=fmt.media_type)})


@router.api_route("/id/{kind}/{name}", methods=["GET", "HEAD"], summary="An entity IRI: 303 to its page or a data document; or the document")
def dereference(kind: str, name: str, request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    slug, suffix = split_suffix(name)
    iri = entity_iri(kind, slug)
    if suffix is not None:
        fmt = documents.BY_SUFFIX.get(suffix)
        if fmt is None:
            raise NotFound(f"no document format .{suffix}; formats: "
                           f"{', '.join('.' + f.suffix for f in documents.FORMATS)}", iri=iri)
        return data_response(documents.serialize(r.lookup, iri, fmt, publication_release(request, r.lookup)), fmt, iri)
    if not r.lookup.exists(node(iri)):
        raise NotFound(f"nothing is known about <{iri}>", iri=iri)
    return see_other(request, iri, page_url(iri))


@router.get("/page/{kind}/{slug}", summary="The HTML page about an entity; long lists a page at a time (?projects_page=2)")
def entity_page(kind: str, slug: str, request: Request, r: Reading = Depends(reading)) -> Response:
    if kind == "ontology":
        raise NotFound("ontology terms are described at /page/ontology", iri=BASE + "ontology#" + slug)
    validators.cacheable(request)
    iri = entity_iri(kind, slug)
    index = lists_index(request, r.lookup)
    description = Describer(r.lookup, r.labeller, index).describe(iri)
    types = [t.iri for t in description.types]
    pages = paging.requested(request.query_params, paged_lists(types))
    profile = Profiles(r.lookup, r.labeller, index).for_entity(iri, types, pages)
    profile_name = type(profile).__name__.removesuffix("Profile").lower() if profile else None
    release = publication_release(request, r.lookup)
    where = geography.surroundings(r.lookup, r.labeller, iri) if kind == "place" else None
    maps = {"place_map": place_map(where, r.prefer) if where else None,
            "coordinates": coordinates_text(where.here.lat, where.here.lon, r.lang) if where else None}
    held = coverage_of(request)
    text = meta_description(description.names, description.types, held)
    url = canonical(request)
    about = schema_org.entity(r.lookup, iri, site(request) + page_url(iri), description.names, types)
    seo = schema_org.page(f"{description.subject.label(r.prefer)} · {held.short_title()}", text, url, r.lang,
                          release, site(request), held, about)
    # The entity's own statements; the whole document is one link away (rel="alternate" in the head).
    return page(request, "entity.html", r, d=description, profile=profile, profile_name=profile_name,
                description=text, seo=seo, canonical=url, **maps,
                document=page_jsonld.summary(r.lookup, iri, BASE + page_url(iri).lstrip("/"), release), headers={"Link": link_header(iri, exclude="text/html")})


@router.get("/context.jsonld", summary="The JSON-LD context of every document")
def context_document() -> Response:
    return Response(jsonld.dumps(jsonld.context_document()), media_type="application/ld+json; charset=utf-8",
                    headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=3600"})


@router.api_route("/ontology", methods=["GET", "HEAD"], summary="The ontology IRI: 303 to its page or a data document")
def ontology_iri(request: Request) -> Response:
    return see_other(request, ONTOLOGY, "/page/ontology")


@router.api_route("/ontology/{version}", methods=["GET", "HEAD"],
                  summary="A version IRI of the ontology: 303 as /ontology while it is the published version")
def ontology_version(version: str, request: Request, r: Reading = Depends(reading)) -> Response:
    published = [str(v.value) for v in r.lookup.objects(node(ONTOLOGY), node(str(OWL.versionIRI)))]
    if f"{ONTOLOGY}/{version}" not in published:
        raise NotFound(f"the ontology published here is version {', '.join(p.rsplit('/', 1)[-1] for p in published)}, "
                       f"not {version}", iri=f"{ONTOLOGY}/{version}")
    return see_other(request, ONTOLOGY, "/page/ontology")


@router.get("/ontology.{suffix}", summary="The ontology as JSON-LD, Turtle, N-Triples or RDF/XML")
def ontology_document(suffix: str, request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    fmt = documents.BY_SUFFIX.get(suffix)
    if fmt is None:
        raise NotFound(f"no document format .{suffix}", iri=ONTOLOGY)
    triples = vocabulary.ontology_triples(r.lookup)
    if fmt.rdf_format is None:
        body = jsonld.dumps(vocabulary.ontology_jsonld(r.lookup)).encode("utf-8")
    else:
        prefixes = PREFIXES if fmt.suffix in ("ttl", "rdf") else None
        body = ox.serialize(triples, format=fmt.rdf_format, prefixes=prefixes)
    return data_response(body, fmt, ONTOLOGY)


@router.get("/page/ontology", summary="The ontology's terms; /ontology#Term anchors each one")
def ontology_page(request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    terms = vocabulary.terms(r.lookup, r.labeller)
    return page(request, "ontology.html", r, terms=terms, iri=ONTOLOGY, document=vocabulary.ontology_jsonld(r.lookup),
                headers={"Link": link_header(ONTOLOGY, exclude="text/html")})
