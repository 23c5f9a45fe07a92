"""The Jinja2 environment every HTML page renders with: autoescaping on, project-wide helpers."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.autoescape = True  # every value is escaped, whatever the template's file name
# The templates ship with the code: a new one takes a restart, as code does. Otherwise every page's templates and
# imports are checked against their files (a stat each) on every request.
templates.env.auto_reload = False

# Helpers for the linked-data pages: where an IRI's page is, safe JSON-LD blocks (api/links.py).
from . import fragments, identity, links  # noqa: E402

templates.env.filters["page_url"] = links.page_url
templates.env.filters["reader_url"] = links.reader_url
templates.env.filters["json_script"] = links.json_script
templates.env.globals["alternates"] = links.alternates
templates.env.globals["list_page_url"] = links.list_page_url
templates.env.globals["with_parameter"] = links.with_parameter
templates.env.globals["ref_link"] = links.ref_link
templates.env.globals["quote_figure"] = links.quote_figure
templates.env.globals["term_link"] = fragments.term_link
templates.env.globals["term_label"] = fragments.term_label
templates.env.globals["value_html"] = fragments.value_html
templates.env.filters["unwrap"] = links.unwrap
templates.env.globals["GEO_HAS_GEOMETRY"] = "http://www.opengis.net/ont/geosparql#hasGeometry"  # drawn as a map
templates.env.globals["site_name"] = identity.site_name  # the title the data gives (api/identity.py)
templates.env.globals["coverage_of"] = identity.coverage_of
