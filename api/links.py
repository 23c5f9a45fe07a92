"""Where things live on this server: an IRI's page, its data documents, a passage's spot in the reader.

IRIs are served at their own path (`https://w3id.org/jinjiang-kg/id/place/anhaizhen` at `/id/place/anhaizhen`),
so every link here is a path on this server; IRIs of other vocabularies are linked as they are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.datastructures import URL

from kg.graph import iris
from kg.graph.namespaces import BASE, JJO
from kg.views.documents import FORMATS
from kg.views.labels import Ref
from kg.views.provenance import Passage

ONTOLOGY = str(JJO)[:-1]


def page_url(iri: str) -> str:
    """The HTML page about an IRI: ours at /page/..., ontology terms at their anchor, others unchanged."""
    if iri.startswith(str(JJO)):
        return "/page/ontology#" + iri.removeprefix(str(JJO))
    if iri == ONTOLOGY:
        return "/page/ontology"
    if iris.kind_of(iri):
        return "/page/" + iri.removeprefix(str(iris.ID))
    return iri


def local_path(iri: str) -> str:
    """The path this server answers an IRI of ours at (`/id/place/anhaizhen`)."""
    return "/" + iri.removeprefix(BASE)


def data_url(iri: str, suffix: str) -> str:
    return f"{local_path(iri)}.{suffix}"


def alternates(iri: str) -> list[tuple[str, str, str]]:
    """(url, media type, name) of every representation of an IRI of ours."""
    return [(page_url(iri), "text/html", "HTML")] + [(data_url(iri, f.suffix), f.media_type, f.name)
                                                    for f in FORMATS]


def link_header(iri: str, exclude: str | None = None) -> str:
    return ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for url, media, _ in alternates(iri)
                     if media != exclude)


def with_parameter(url: URL, **params) -> str:
    """This page's path and query with `params` set: a link relative to the site, never the absolute URL the
    client's Host header would make (issue 30)."""
    if not url.query:  # what include_query_params gives then, without parsing and rebuilding the URL twice
        return f"{url.path}?{urlencode(params)}"
    target = url.include_query_params(**params)
    return target.path + (f"?{target.query}" if target.query else "")


def list_page_url(url: URL, param: str, number: int, anchor: str) -> str:
    """This page's path and query with another page of one list (the first page drops the parameter, so each
    page has one address), other parameters kept, scrolled to the list."""
    target = url.remove_query_params(param) if number == 1 else url.include_query_params(**{param: number})
    return target.path + (f"?{target.query}" if target.query else "") + f"#{anchor}"


# ref_link and quote_figure were remembered until issue 19; on distinct pages that saved 0.16 ms of 5.6 (3 %,
# within the noise: bench/caches.py, BENCHMARKS.md "Caches"), so they are made each time.
def ref_link(r: Ref, prefer: Sequence[str], cls: str = "") -> Markup:
    """`<a class="ref ref-place" href="/page/place/anhaizhen" title="Anhai Town">安海镇</a>`: every value escaped."""
    other = r.names.other(prefer)
    kind = r.kind
    classes = "ref" + (f" ref-{kind}" if kind else "") + (f" {cls}" if cls else "")
    title = f' title="{escape(other)}"' if other else ""
    return Markup(f'<a class="{escape(classes)}" href="{escape(page_url(r.iri))}"{title}>{escape(r.label(prefer))}</a>')


def unwrap(text: str | None) -> str:
    """A quoted sentence on one line: the report's line breaks are layout, not meaning."""
    return (text or "").replace("\r", "").replace("\n", "")


def quote_figure(p: Passage, prefer: Sequence[str]) -> Markup:
    """The sentence of the report a fact comes from, the words that state it marked, linked into the reader."""
    url = escape(reader_url(p))
    exact = escape(unwrap(p.exact))
    if p.before or p.after:
        exact = f"<mark>{exact}</mark>"
    line = f" · 第{p.line}行 line {p.line}" if p.line else ""
    return Markup(f'''<figure class="quote">
    <blockquote lang="zh" cite="{url}">{escape(unwrap(p.before))}{exact}{escape(unwrap(p.after))}</blockquote>
    <figcaption><a href="{url}">{escape(p.report.label(prefer))}{line} ↗</a></figcaption>
  </figure>''')


def reader_url(p: Passage) -> str:
    return f"/read/{p.report_slug}#{p.anchor}"


def json_script(value) -> Markup:
    """JSON for a <script type="application/ld+json"> block: `<`, `>` and `&` escaped so no label can close
    the script element, Chinese kept readable."""
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
