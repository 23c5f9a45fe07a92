"""Pages for people, each with a JSON twin: the home page, index pages per class, search, the report reader."""

from __future__ import annotations

import dataclasses

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from kg.errors import BadParameter
from kg.graph.namespaces import JJO
from kg.store.dumps import DUMPS, versioned_name
from kg.store.lookup import node
from kg.views import documents, jsonld, paging, report_source, schema_org, script
from kg.views import search as search_mod
from kg.views.indexes import Indexes, class_counts, pruned
from kg.views.reader import Reader

from .. import validators
from ..deps import Reading, lists_index, publication_release, reading
from ..identity import coverage_of
from ..links import page_url
from ..render import page, site

router = APIRouter()
TREE_SHOWN = 400  # places on /places; deeper ones are on their parents' pages (/places.json has them all)
HOME_REPORTS = paging.PAGE_SIZE  # the newest reports on the home page; /reports lists them all, a page at a time


def twin(data) -> JSONResponse:
    """The machine-readable twin of a page: the same data as JSON."""
    return JSONResponse(jsonable(data), media_type="application/json; charset=utf-8")


def jsonable(value):
    if hasattr(value, "__dataclass_fields__"):
        # Its fields as a dict, each made jsonable below: what `asdict` gives, without its deep copy of the whole
        # tree first (/places.json's 1,946 places at 500 reports: 64 → 26 ms).
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
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
    validators.cacheable(request)
    indexes = indexes_of(request, r)
    figures = indexes.figures()
    counts = [(r.labeller.ref(c), n) for c, n in class_counts(figures)]
    keys = indexes.report_keys()
    reports_ = indexes.report_rows(keys[:HOME_REPORTS])
    return page(request, "home.html", r, triples=figures.triples, counts=counts, reports=reports_,
                all_reports=len(keys), document=jsonld.listing(row.report for row in reports_),
                seo=dataset_seo(request, r))


def dataset_seo(request: Request, r: Reading) -> dict:
    """The dataset in schema.org's terms, with its downloads (the publication's compressed dumps)."""
    release = publication_release(request, r.lookup)
    downloads = [(f"{site(request)}/dumps/{versioned_name(d, release.version)}", d.media_type) for d in DUMPS]
    return schema_org.dataset_page(release, site(request), coverage_of(request), downloads)


def listing(path: str, summary: str, rows, name: str, refs, shown=lambda data: data) -> None:
    """Register an index page (`/places`) and its JSON twin (`/places.json`): `rows(indexes)` is what both show,
    under `name` in the template (`shown(rows)` of it on the page); `refs(rows)` the entities the page's embedded
    JSON-LD lists."""

    def html(request: Request, r: Reading = Depends(reading)) -> Response:
        validators.cacheable(request)
        data = shown(rows(indexes_of(request, r)))
        return page(request, f"{path}.html", r, document=jsonld.listing(refs(data)), **{name: data})

    def json_twin(request: Request, r: Reading = Depends(reading)) -> Response:
        validators.cacheable(request)
        return twin(rows(indexes_of(request, r)))

    router.add_api_route(f"/{path}", html, methods=["GET"], summary=summary, name=path)
    router.add_api_route(f"/{path}.json", json_twin, methods=["GET"], summary=f"{summary}, JSON", name=f"{path}_json")


def project_refs(years) -> list:
    return list({p.iri: p for y in years for s in y.sections for t in s.themes for p in t.projects}.values())


listing("places", "Places as a tree (jjo:within), as deep as 400 places allow", Indexes.places, "nodes", tree_refs,
        lambda nodes: pruned(nodes, TREE_SHOWN))
listing("industries", "Industries as a tree (skos:broader)", Indexes.industries, "nodes", tree_refs)


def indexes_of(request: Request, r: Reading) -> Indexes:
    """The index pages' views over the store, with the lists' index written beside it where there is one."""
    return Indexes(r.lookup, r.labeller, lists_index(request, r.lookup))


def reports_window(request: Request, total: int) -> paging.Window:
    """The window of a list of `total` reports that the request asks for (reports_page, 1 by default)."""
    return paging.window("reports", paging.requested(request.query_params, ("reports",)).get("reports", 1), total)


def by_report_page(request: Request, r: Reading, keys_of, rows_of, template: str, name: str, refs_of) -> Response:
    """An index page listed by report, 25 reports a page: the reports' keys, the window asked for, its rows."""
    validators.cacheable(request)
    indexes = indexes_of(request, r)
    keys = keys_of(indexes)
    window = reports_window(request, len(keys))
    data = rows_of(indexes, list(window.rows(keys)))
    return page(request, template, r, document=jsonld.listing(refs_of(data)), window=window, **{name: data})


@router.get("/projects", summary="Projects by report (newest first), section and theme: 25 reports a page")
def projects(request: Request, r: Reading = Depends(reading)) -> Response:
    return by_report_page(request, r, Indexes.project_reports, Indexes.projects, "projects.html", "years",
                          project_refs)


@router.get("/projects.json", summary="Projects by report, section and theme, JSON (every report)")
def projects_json(request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    return twin(indexes_of(request, r).projects())

listing("indicators", "Indicators with their figures' counts", Indexes.indicators, "rows",
        lambda rows: [row.indicator for row in rows])


@router.get("/reports", summary="The reports, newest first, with links to their reader: 25 a page")
def reports(request: Request, r: Reading = Depends(reading)) -> Response:
    return by_report_page(request, r, Indexes.report_keys, Indexes.report_rows, "reports.html", "rows",
                          lambda rows: (row.report for row in rows))


@router.get("/reports.json", summary="The reports, with links to their reader, JSON (every report)")
def reports_json(request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    return twin(indexes_of(request, r).reports())


QUERY = Query("", max_length=200, description="Chinese characters (安海) or pinyin (anhai, zimaoshan)")


@router.get("/search", summary="Search by Chinese substring or pinyin")
def search(request: Request, q: str = QUERY, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    hits = search_mod.search(r.lookup, q) if q.strip() else []
    return page(request, "search.html", r, search_query=q, hits=hits, document=jsonld.listing(h.entity for h in hits))


@router.get("/search.json", summary="Search by Chinese substring or pinyin, JSON")
def search_json(request: Request, q: str = QUERY, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    hits = search_mod.search(r.lookup, q) if q.strip() else []
    return twin({"query": q, "hits": hits})


READER_ORDERS = ("reading", "printed")


@router.get("/read/{slug}", summary="The report reader: the text in reading order (?order=printed: as printed), "
                                    "statements anchored, entities linked")
def read(slug: str, request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    order = request.query_params.get("order", "reading")
    if order not in READER_ORDERS:
        raise BadParameter(f"order={order!r}: the reader shows the text in reading order (order=reading, the "
                           f"default) or as printed (order=printed)")
    reading_ = Reader(r.lookup, r.labeller).read(slug)
    plan = r.lookup.objects(node(reading_.report.iri), node(str(JJO.planYear)))
    return page(request, "reader.html", r, reading=reading_, order=order,
                source=report_source.read(r.lookup, r.labeller, reading_.report.iri),
                plan_year=plan[0].value if plan else None,
                text_lang=script.lang_of("".join(run.text for b in reading_.blocks for run in b.runs)),
                document=documents.entity_jsonld(r.lookup, reading_.report.iri, publication_release(request, r.lookup)))
