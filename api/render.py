"""Rendering a page: the template with the reader's language, and the headers every page carries."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from .deps import Reading
from .templating import templates


def page(request: Request, name: str, r: Reading, status_code: int = 200, headers: dict | None = None,
         **context) -> HTMLResponse:
    response = templates.TemplateResponse(
        request, name, {"lang": r.lang, "prefer": r.prefer, **context}, status_code=status_code,
        headers={"Vary": "Accept-Language, Cookie", **(headers or {})})
    response.headers["content-type"] = "text/html; charset=utf-8"
    if r.lang_chosen:
        response.set_cookie("lang", r.lang, max_age=365 * 24 * 3600, samesite="lax")
    return response
