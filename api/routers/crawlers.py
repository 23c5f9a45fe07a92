"""What crawlers ask a site for: /robots.txt (pointing at the sitemap), /sitemap.xml (every page; an index of
numbered sitemaps past 50,000 addresses) and /favicon.ico. Addresses are absolute on this server's own origin,
as the sitemap protocol wants (a sitemap lists addresses of its own host)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from kg.errors import NotFound
from kg.views import sitemap

from .. import validators
from ..deps import Reading, publication_release, reading
from ..render import site
from ..templating import STATIC_DIR

router = APIRouter()
XML = "application/xml; charset=utf-8"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def origin(request: Request) -> str:
    """The configured base without its final slash: never the Host a client sent (render.site)."""
    return site()


@router.get("/robots.txt", summary="Crawlers welcome; query answers excluded; the sitemap's address",
            response_class=PlainTextResponse)
def robots(request: Request) -> PlainTextResponse:
    # Query answers are computed per request (a crawler following every example would keep workers busy) and
    # add nothing a page does not show.
    return PlainTextResponse(f"User-agent: *\nAllow: /\nDisallow: /sparql?\nDisallow: /compare?\n\n"
                             f"Sitemap: {origin(request)}/sitemap.xml\n",
                             headers={"Cache-Control": "public, max-age=86400"})


def _urlset(base: str, paths: list[str], lastmod: str) -> str:
    mod = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
    urls = "".join(f"<url><loc>{escape(base + p)}</loc>{mod}</url>\n" for p in paths)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">\n{urls}</urlset>\n'


@router.get("/sitemap.xml", summary="Every page (sitemaps.org); an index of /sitemap-N.xml past 50,000 pages",
            response_class=Response)
def sitemap_xml(request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)  # the published graph's pages, on this Host: the same until the next build
    parts = sitemap.chunks(r.lookup, sitemap.MAX_URLS)
    lastmod = publication_release(request, r.lookup).modified
    base = origin(request)
    if len(parts) == 1:
        return Response(_urlset(base, parts[0], lastmod), media_type=XML)
    mod = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
    entries = "".join(f"<sitemap><loc>{escape(base)}/sitemap-{n}.xml</loc>{mod}</sitemap>\n"
                      for n in range(1, len(parts) + 1))
    return Response(f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{entries}</sitemapindex>\n',
                    media_type=XML)


@router.get("/sitemap-{number}.xml", summary="One sitemap of the index at /sitemap.xml", response_class=Response)
def sitemap_part(number: str, request: Request, r: Reading = Depends(reading)) -> Response:
    validators.cacheable(request)
    parts = sitemap.chunks(r.lookup, sitemap.MAX_URLS)
    # ASCII digits only: str.isdigit() also takes ² and ٣, which int() refuses (a 500 the fuzzer found)
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= len(parts) or len(parts) == 1:
        raise NotFound(f"there is no /sitemap-{number}.xml: "
                       + (f"the sitemaps are /sitemap-1.xml … /sitemap-{len(parts)}.xml" if len(parts) > 1
                          else "every page is in /sitemap.xml"))
    lastmod = publication_release(request, r.lookup).modified
    return Response(_urlset(origin(request), parts[int(number) - 1], lastmod), media_type=XML)


@router.api_route("/favicon.ico", methods=["GET", "HEAD"], summary="The site's icon", response_class=FileResponse)
def favicon() -> FileResponse:
    return FileResponse(STATIC_DIR / "favicon.ico", media_type="image/vnd.microsoft.icon",  # the IANA type (image/x-icon is the older alias)
                        headers={"Cache-Control": "public, max-age=604800"})
