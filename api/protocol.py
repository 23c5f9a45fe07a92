"""Reading a SPARQL 1.1 Protocol query request: where the query is, which dataset, which format override.

The three ways to send a query (SPARQL 1.1 Protocol, 2.1): `GET ?query=`, `POST` of an
`application/x-www-form-urlencoded` form, `POST` of the query itself as `application/sparql-query` (UTF-8).
`default-graph-uri` and `named-graph-uri` may each be given several times, in the URL or the form.
Anything else is refused with the status the W3C protocol tests expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from werkzeug.http import parse_options_header

from kg.errors import UpdateRefused
from kg.sparql.dataset import Dataset

from .errors import BadRequest, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
MAX_PARAMETERS = 1000
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
BOM = "\ufeff"  # a byte order mark: editors on Windows start UTF-8 files with one; it is no part of the query


@dataclass(frozen=True)
class QueryRequest:
    query: str | None  # None: no query was sent (GET /sparql describes the service)
    dataset: Dataset
    formats: tuple[str, ...] = ()  # every `format=` value, in order: they override Accept where they name a format

    @property
    def parameters(self) -> list[tuple[str, str]]:
        """The request again as URL parameters, for links to the same result in another format."""
        pairs = [("query", self.query or "")]
        pairs += [("default-graph-uri", g) for g in self.dataset.default_graphs]
        pairs += [("named-graph-uri", g) for g in self.dataset.named_graphs]
        return pairs


def read_query_request(method: str, query_string: bytes, content_type: str | None, body: bytes) -> QueryRequest:
    params = _parameters(query_string.decode("latin-1"), "the URL")
    queries = _values(params, "query")
    if method == "POST":
        media_type, options = parse_options_header(content_type or "")
        media_type = media_type.lower()
        if not media_type:
            raise UnsupportedMediaType(f"a POST needs a Content-Type: {FORM} (a form with query=...) or {DIRECT} "
                                       f"(the query itself)")
        if media_type == UPDATE:
            raise UpdateRefused(READ_ONLY)
        charset = options.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"queries must be sent in UTF-8, not {options['charset']}")
        if media_type == FORM:
            form = _parameters(_utf8(body, "the form"), "the form")
            params += form
            queries += _values(form, "query")
        elif media_type == DIRECT:
            queries.append(_utf8(body, "the query"))
        else:
            raise UnsupportedMediaType(f"cannot read a {media_type} body: send {FORM} (a form with query=...) or "
                                       f"{DIRECT} (the query itself)")
    if _values(params, "update"):
        raise UpdateRefused(READ_ONLY)
    if len(queries) > 1:
        raise BadRequest(f"{len(queries)} queries were sent; send exactly one")
    formats = _values(params, "format")
    dataset = Dataset(default_graphs=[g for g in _values(params, "default-graph-uri") if g],
                      named_graphs=[g for g in _values(params, "named-graph-uri") if g])
    return QueryRequest(queries[0].removeprefix(BOM) if queries else None, dataset, tuple(formats))


def _parameters(text: str, where: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                         max_num_fields=MAX_PARAMETERS)
    except UnicodeDecodeError:
        raise BadRequest(f"{where} is not percent-encoded UTF-8") from None
    except ValueError:
        raise BadRequest(f"{where} has more than {MAX_PARAMETERS} parameters") from None


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"{what} is not valid UTF-8 (byte {exc.start}); queries must be sent in UTF-8") from None


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in params if key == name]
