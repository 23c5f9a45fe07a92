"""/void: the VoID description of the dataset (size, graphs, classes, URI space, vocabularies, endpoint), in any
RDF format by content negotiation or `format=`. /.well-known/void (RFC 5785) points here."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from kg.errors import NoAcceptableFormat
from kg.sparql.description import DESCRIPTION_PREFIXES, statistics, void_description
from kg.sparql.formats import GRAPH
from kg.sparql.results import write_graph

from .. import validators
from ..deps import held_totals
from ..render import absolute
from ..result_formats import HTML, choose

router = APIRouter()


@router.get("/void", name="void", summary="VoID description of the dataset", response_class=Response)
def void(request: Request, format: str | None = Query(None, description="turtle, ntriples, jsonld, rdfxml, "
                                                                         "trig or nquads; overrides Accept")):
    validators.cacheable(request)
    fmt = choose(request.headers.get("accept"), format, kinds=(GRAPH,)).graph
    for_browser = fmt == HTML
    if for_browser:  # Turtle, labelled text/plain so that a browser shows it instead of saving it
        fmt = choose(None, None, kinds=(GRAPH,)).graph
    if fmt is None:
        raise NoAcceptableFormat("the VoID description is RDF: ask for text/turtle, application/ld+json, "
                                 "application/rdf+xml, application/n-triples, application/trig or application/n-quads")
    triples = void_description(absolute("/sparql"), statistics(request.app.state.query_service,
                                                                   held_totals(request)))
    media_type = "text/plain; charset=utf-8" if for_browser else fmt.content_type
    return Response(write_graph(triples, fmt, DESCRIPTION_PREFIXES), media_type=media_type,
                    headers={"Vary": "Accept"})


@router.get("/.well-known/void", summary="RFC 5785 well-known location: 303 to /void")
def well_known_void() -> RedirectResponse:
    return RedirectResponse("/void", status_code=303)


@router.api_route("/id/dataset/jinjiang-kg", methods=["GET", "HEAD"], summary="The dataset IRI: 303 to /dumps or /void")
def dataset_iri(request: Request) -> RedirectResponse:
    """The dataset's own IRI: its description is made on request, so it dereferences to /dumps (for people,
    with the VoID + DCAT description and the files) or /void (for machines)."""
    wants_page = choose(request.headers.get("accept"), None, kinds=(GRAPH,)).graph == HTML
    return RedirectResponse("/dumps" if wants_page else "/void", status_code=303, headers={"Vary": "Accept"})
