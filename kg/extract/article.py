"""The article of an HTML page as plain text: the report without the site's navigation, breadcrumbs, share
buttons and footers.

trafilatura finds the main content by the length and link density of blocks (no stop words, so Chinese
pages work); kg/extract/blocks.py writes the article's tree with the blank lines and line breaks the segmenter
reads a report's layout by (trafilatura's own text output drops the blank lines between paragraphs).
The text written is what `jjkg ingest` stores, so that provenance offsets point at the text that is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import InputError
from kg.extract import blocks

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".mht", ".jsp", ".asp", ".aspx", ".php"}
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:html|head|body)[\s>]", re.I)


def is_html(text: str, path: Path) -> bool:
    """A page by its name, its first tag, or an <html>/<head>/<body> tag near the start."""
    return path.suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(text)) or \
        len(_HTML_TAGS.findall(text[:8192])) >= 2


def article_text(html: str, path: Path) -> str:
    import trafilatura  # imported here: a second or so of start-up that only HTML input needs
    from trafilatura.utils import load_html

    tree = load_html(html)
    document = None if tree is None else trafilatura.bare_extraction(
        blocks.mark_layout(tree), include_comments=False, include_tables=True, include_images=False,
        include_links=False, with_metadata=False, deduplicate=False, as_dict=False)
    text = blocks.write(document.body) if document is not None and document.body is not None else ""
    if not text or not text.strip():
        raise InputError("is an HTML page, but no article text was found in it (only navigation or markup); "
                         "copy the report's text into a UTF-8 .txt file and ingest that", file=path)
    return text.strip("\n") + "\n"
