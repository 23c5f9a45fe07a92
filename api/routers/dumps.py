"""/dumps: the whole dataset as files, described in VoID and DCAT (as HTML, Turtle or JSON-LD)."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from kg.graph.namespaces import PREFIXES
from kg.store import catalog, release
from kg.store.dumps import DUMPS, dump_path, existing_size, versioned_name
from kg.store.dumps import media_type as dump_media_type
from kg.views import jsonld, jsonld_frame

from ..conneg import negotiate
from ..deps import Reading, held_totals, reading
from ..render import absolute, page
from .pages import dataset_seo

router = APIRouter()
DESCRIPTION_TYPES = {"text/html": "html", "text/turtle": "ttl", "application/ld+json": "jsonld",
                     "application/json": "jsonld"}


def describe(request: Request, r: Reading):
    service = request.app.state.query_service
    settings = request.app.state.settings
    summary = catalog.summarise(r.lookup, service.manifest(), held_totals(request))
    version = release.from_manifest(service.manifest())
    names = [n for d in DUMPS for n in (versioned_name(d, version.version), d.name)]
    sizes = {n: existing_size(service, n) for n in names}
    root = absolute("/")  # where /void says the endpoint and dumps are: the configured base, never the Host header
    triples = catalog.description(summary, catalog.reference_files(settings.reference_dir), sizes, version, root)
    return summary, sizes, triples, version


def description_body(triples, suffix: str) -> Response:
    if suffix == "ttl":
        return Response(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
                        media_type="text/turtle; charset=utf-8")
    return Response(jsonld.dumps(jsonld_frame.document(triples)),
                    media_type="application/ld+json; charset=utf-8")


@router.get("/dumps", summary="The dump files and the dataset's VoID + DCAT description")
def dumps_page(request: Request, r: Reading = Depends(reading)) -> Response:
    accept = request.headers.get("accept", "")
    best = negotiate(accept, list(DESCRIPTION_TYPES), default="text/html")
    if best is None:
        return PlainTextResponse(f"406 Not Acceptable: offered {', '.join(DESCRIPTION_TYPES)}\n", status_code=406,
                                 headers={"Vary": "Accept"})
    summary, sizes, triples, version = describe(request, r)
    if DESCRIPTION_TYPES[best] != "html":
        response = description_body(triples, DESCRIPTION_TYPES[best])
        response.headers["Vary"] = "Accept"
        return response
    document = jsonld_frame.document(triples)
    classes = [(r.labeller.ref(c), n) for c, n in summary.classes]
    graphs = [(g, n) for g, n in summary.graphs]
    response = page(request, "dumps.html", r, summary=summary, sizes=sizes, classes=classes, release=version,
                    seo=dataset_seo(request, r),
                    dumps=[(d, versioned_name(d, version.version)) for d in DUMPS],
                    graphs=graphs, reports=r.labeller.refs(summary.reports), document=document,
                    files=[f.name for f in catalog.reference_files(request.app.state.settings.reference_dir)])
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    return response


@router.get("/dumps.{suffix}", summary="The VoID + DCAT description as Turtle (.ttl) or JSON-LD (.jsonld)")
def dumps_description(suffix: str, request: Request, r: Reading = Depends(reading)) -> Response:
    if suffix not in ("ttl", "jsonld"):
        return PlainTextResponse("404: the description is at /dumps.ttl and /dumps.jsonld\n", status_code=404)
    return description_body(describe(request, r)[2], suffix)


@router.api_route("/dumps/{name}", methods=["GET", "HEAD"], summary="One dump file (made on first request, then kept with the store)")
def dump_file(name: str, request: Request) -> Response:
    service = request.app.state.query_service
    path = dump_path(service, name)
    return FileResponse(path, media_type=dump_media_type(name, release.from_manifest(service.manifest()).version),
                        filename=name)
