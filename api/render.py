"""Rendering a page: the template with the reader's language, and the headers every page carries."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from kg.graph.namespaces import BASE
from kg.store.coverage import Coverage
from kg.views import paging

from .deps import Reading
from .identity import coverage_of
from .templating import templates

KEPT_PARAMETERS = ("q", "order")  # besides the lists' page numbers: what makes a page another page (a search's words)


def site(request: Request | None = None) -> str:
    """This site's public address without the final slash: the configured base IRI (JJKG_BASE_IRI), whose paths
    the server answers at its root. Never the request's Host header, which any client sets (issue 30: an
    absolute URL of a cacheable page must not name a host a client made up)."""
    return BASE.rstrip("/")


def absolute(path: str) -> str:
    """The public absolute URL of one of this server's paths (`/sparql` → `<base>sparql`)."""
    return BASE + path.lstrip("/")


def canonical(request: Request) -> str:
    """The one address of this page: without ?lang= (a preference, not another page) or anything else that does
    not change what the page holds."""
    kept = [(k, v) for k, v in request.query_params.multi_items()
            if k in KEPT_PARAMETERS or k.endswith(paging.SUFFIX)]
    url = site(request) + request.url.path
    return url + ("?" + urlencode(kept) if kept else "")


def meta_description(names, kinds, held: Coverage) -> str:
    """A page's `<meta name="description">`: the entity's names and kinds, in both languages."""
    zh, en = names.zh or names.best(), names.en
    kinds_zh = "、".join(k.names.zh or k.label(("en",)) for k in kinds)
    kinds_en = ", ".join(k.names.en or k.label(("en",)) for k in kinds)
    return (f"{zh}{f'（{en}）' if en else ''}：{kinds_zh}，出自{held.title('zh')}，每条事实可追溯到报告原文。"
            f" {en or zh}: {kinds_en} in the {held.title('en')}.")


def page(request: Request, name: str, r: Reading, status_code: int = 200, headers: dict | None = None,
         **context) -> HTMLResponse:
    if "description" not in context:
        held = coverage_of(request)
        context["description"] = f"{held.description('zh')} {held.description('en')}"
    if "canonical" not in context:  # a handler that needed it already passes it
        context["canonical"] = canonical(request)
    response = templates.TemplateResponse(
        request, name, {"lang": r.lang, "prefer": r.prefer, **context},
        status_code=status_code,
        headers={"Vary": "Accept-Language, Cookie", **(headers or {})})
    response.headers["content-type"] = "text/html; charset=utf-8"
    if r.lang_chosen:
        response.set_cookie("lang", r.lang, max_age=365 * 24 * 3600, samesite="lax")
    return response
