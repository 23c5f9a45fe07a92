"""Pages for people, each with a JSON twin: the home page, index pages per class, search, the report reader."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from kg.errors import BadParameter
from kg.store.dumps import DUMPS, versioned_name
from kg.views import documents, jsonld, schema_org
from kg.views import search as search_mod
from kg.views.indexes import Indexes, class_counts
from kg.views.reader import Reader

from .. import replay
from ..deps import Reading, publication_release, reading
from ..links import page_url
from ..render import page, site

router = APIRouter()


def twin(data) -> JSONResponse:
    """The machine-readable twin of a page: the same data as JSON."""
    return JSONResponse(jsonable(data), media_type="application/json; charset=utf-8")


def jsonable(value):
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)
    if isinstance(value, dict):
        # Refs become {"iri", "names", "page"}: a page link for every IRI of ours.
        out = {k: jsonable(v) for k, v in value.items()}
        if set(value) == {"iri", "names"}:
            out["page"] = page_url(value["iri"])
        return out
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def tree_refs(nodes) -> list:
    out = []
    for n in nodes:
        out.append(n.entity)
        out.extend(tree_refs(n.children))
    return out


@router.get("/", summary="Home: what the dataset holds, and where to go")
def home(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    indexes = Indexes(r.lookup, r.labeller)
    figures = indexes.figures()
    counts = [(r.labeller.ref(c), n) for c, n in class_counts(figures)]
    reports_ = indexes.reports()
    return page(request, "home.html", r, triples=figures["triples"], counts=counts, reports=reports_,
                document=jsonld.listing(row.report for row in reports_), seo=dataset_seo(request, r))


def dataset_seo(request: Request, r: Reading) -> dict:
    """The dataset in schema.org's terms, with its downloads (the publication's compressed dumps)."""
    release = publication_release(request, r.lookup)
    downloads = [(f"{site(request)}/dumps/{versioned_name(d, release.version)}", d.media_type) for d in DUMPS]
    return schema_org.dataset_page(release, site(request), downloads)


@router.get("/places", summary="Places as a tree (jjo:within)")
def places(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    nodes = Indexes(r.lookup, r.labeller).places()
    return page(request, "places.html", r, nodes=nodes, document=jsonld.listing(tree_refs(nodes)))


@router.get("/places.json", summary="Places as a tree, JSON")
def places_json(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    return twin(Indexes(r.lookup, r.labeller).places())


@router.get("/industries", summary="Industries as a tree (skos:broader)")
def industries(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    nodes = Indexes(r.lookup, r.labeller).industries()
    return page(request, "industries.html", r, nodes=nodes, document=jsonld.listing(tree_refs(nodes)))


@router.get("/industries.json", summary="Industries as a tree, JSON")
def industries_json(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    return twin(Indexes(r.lookup, r.labeller).industries())


@router.get("/projects", summary="Projects by report year, section and theme")
def projects(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    years = Indexes(r.lookup, r.labeller).projects()
    refs = {p.iri: p for y in years for s in y.sections for t in s.themes for p in t.projects}
    return page(request, "projects.html", r, years=years, document=jsonld.listing(refs.values()))


@router.get("/projects.json", summary="Projects by report year, section and theme, JSON")
def projects_json(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    return twin(Indexes(r.lookup, r.labeller).projects())


@router.get("/indicators", summary="Indicators with their figures' counts")
def indicators(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    rows = Indexes(r.lookup, r.labeller).indicators()
    return page(request, "indicators.html", r, rows=rows, document=jsonld.listing(row.indicator for row in rows))


@router.get("/indicators.json", summary="Indicators, JSON")
def indicators_json(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    return twin(Indexes(r.lookup, r.labeller).indicators())


@router.get("/reports", summary="The reports, with links to their reader")
def reports(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    rows = Indexes(r.lookup, r.labeller).reports()
    return page(request, "reports.html", r, rows=rows, document=jsonld.listing(row.report for row in rows))


@router.get("/reports.json", summary="The reports, JSON")
def reports_json(request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    return twin(Indexes(r.lookup, r.labeller).reports())


QUERY = Query("", max_length=200, description="Chinese characters (安海) or pinyin (anhai, zimaoshan)")


@router.get("/search", summary="Search by Chinese substring or pinyin")
def search(request: Request, q: str = QUERY, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    hits = search_mod.search(r.lookup, q) if q.strip() else []
    return page(request, "search.html", r, search_query=q, hits=hits, document=jsonld.listing(h.entity for h in hits))


@router.get("/search.json", summary="Search by Chinese substring or pinyin, JSON")
def search_json(request: Request, q: str = QUERY, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    hits = search_mod.search(r.lookup, q) if q.strip() else []
    return twin({"query": q, "hits": hits})


READER_ORDERS = ("reading", "printed")


@router.get("/read/{slug}", summary="The report reader: the text in reading order (?order=printed: as printed), "
                                    "statements anchored, entities linked")
def read(slug: str, request: Request, r: Reading = Depends(reading)) -> Response:
    replay.allow(request)
    order = request.query_params.get("order", "reading")
    if order not in READER_ORDERS:
        raise BadParameter(f"order={order!r}: the reader shows the text in reading order (order=reading, the "
                           f"default) or as printed (order=printed)")
    reading_ = Reader(r.lookup, r.labeller).read(slug)
    return page(request, "reader.html", r, reading=reading_, order=order,
                document=documents.entity_jsonld(r.lookup, reading_.report.iri, publication_release(request, r.lookup)))
