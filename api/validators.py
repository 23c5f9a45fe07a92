"""HTTP validators (RFC 9110, 8.8 and 13; RFC 9111): the published graph changes only at a build, so an answer
made from it and the request alone is the same until the next build. Such an answer carries

- a strong `ETag`: a digest of what the bytes depend on — the publication, the code and settings serving it, and
  the parts of the request a route reads (method aside: HEAD is a GET without its body; path, query string, Host,
  Accept, Accept-Language, the `lang` cookie) and whether the answer is gzipped (Accept-Encoding);
- `Last-Modified`: when the build was made (or the serving code changed, whichever is later);
- `Cache-Control: public, max-age=N` (`JJKG_CACHE_MAX_AGE`), so a browser or a reverse proxy may keep it
  (deploy/nginx.conf) and then revalidate.

A `GET`/`HEAD` whose `If-None-Match` names the tag this request would get is answered `304` before routing, so
no query, lookup or template runs. That is safe because a tag is only ever sent on an answer a route has marked
with `cacheable(request)` (a 200 without a cookie): a client holding it holds that very answer. A request with
only `If-Modified-Since` is answered by the route first and turned into a `304` after, when its answer is
cacheable and no newer than the date: whether a route's answer is cacheable is known only once it has run.

Answers that can change without a build (a SPARQL query calling NOW() or RAND(), /dumps listing files made on
demand) are not marked; a route may also ask for `Cache-Control: no-store` with `volatile(request)`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import KGError
from kg.settings import PROJECT_ROOT
from kg.store import release

SCOPE_KEY = "jjkg.validators"
# Request headers a representation may depend on; every one of them is named in Vary.
VARIES = (b"accept", b"accept-language")
# Accept-Encoding too: the compression middleware outside (api/app.py) gzips an answer for a client that accepts
# it, and a gzipped body is another representation, so it must not share the identity body's strong tag.
VARY = b"Accept, Accept-Language, Accept-Encoding, Cookie"
# Response headers a 304 carries (RFC 9110, 15.4.5): those a cache needs to refresh what it holds.
KEPT_ON_304 = frozenset({b"etag", b"last-modified", b"cache-control", b"vary", b"content-location", b"expires"})
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".svg", ".json", ".ttl", ".yaml", ".csv")


class _Mark:
    """Set by the route, read when its answer starts. An object in the scope, not a flag: inner middleware pass
    copies of the scope on, and the copies share it."""

    __slots__ = ("cacheable", "volatile")

    def __init__(self) -> None:
        self.cacheable = False
        self.volatile = False


def cacheable(request: Request) -> None:
    """Mark this request's answer as a function of the published data and the request alone."""
    mark = request.scope.get(SCOPE_KEY)
    if mark is not None:
        mark.cacheable = True


def volatile(request: Request) -> None:
    """Mark this request's answer as one no cache may keep (it differs each time it is asked)."""
    mark = request.scope.get(SCOPE_KEY)
    if mark is not None:
        mark.volatile = True


def code_fingerprint(roots=("kg", "api", "ontology", "shapes")) -> tuple[str, float]:
    """(digest, newest modification time) of the code and vocabulary that make the answers: a new release must not
    be answered 304 with the old one's pages. Read once per process, the same in every worker."""
    digest = hashlib.sha256()
    newest = 0.0
    for root in roots:
        for path in sorted(Path(PROJECT_ROOT, root).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes())
                newest = max(newest, path.stat().st_mtime)
    return digest.hexdigest(), newest


def _http_date(seconds: float) -> bytes:
    return format_datetime(datetime.fromtimestamp(int(seconds), timezone.utc), usegmt=True).encode()


def _seconds(http_date: str) -> float | None:
    try:
        return parsedate_to_datetime(http_date).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # an invalid date is ignored (RFC 9110, 13.1.3)


def _tags(header: str) -> list[str]:
    """The entity tags of an If-None-Match, compared weakly (RFC 9110, 13.1.2): W/ prefixes dropped."""
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def _cookie(headers: dict[bytes, bytes], name: bytes) -> bytes:
    for part in headers.get(b"cookie", b"").split(b";"):
        key, _, value = part.strip().partition(b"=")
        if key == name:
            return value
    return b""


class Publication:
    """The served publication's identity and date, read once per publication."""

    def __init__(self, service, code: str, code_time: float, settings_key: str):
        self.service = service
        self.code = code
        self.code_time = code_time
        self.settings_key = settings_key
        self._known: tuple[str, bytes, bytes] | None = None  # (publication, base digest, Last-Modified)

    async def current(self) -> tuple[bytes, bytes] | None:
        """(base digest, Last-Modified) of what is published; None when nothing is."""
        name = self.service.publication_if_known()
        if name is None and self.service.remote is not None:
            try:
                name = await run_in_threadpool(self.service.publication)  # a remote store's poll: may wait
            except KGError:
                return None
        if name is None:
            return None
        known = self._known
        if known is None or known[0] != name:
            try:
                manifest = await run_in_threadpool(self.service.manifest)
            except KGError:
                return None
            modified = release.from_manifest(manifest).modified
            built = datetime.fromisoformat(modified).timestamp() if modified else 0.0
            base = hashlib.sha256(f"{name}\0{self.code}\0{self.settings_key}".encode()).digest()
            known = self._known = (name, base, _http_date(max(built, self.code_time)))
        return known[1], known[2]


def entity_tag(base: bytes, scope: Scope, headers: dict[bytes, bytes]) -> bytes:
    parts = [base, scope.get("root_path", "").encode(), scope.get("raw_path") or scope["path"].encode(),
             scope.get("query_string", b""), headers.get(b"host", b""), _cookie(headers, b"lang")]
    parts += [headers.get(name, b"") for name in VARIES]
    parts.append(b"gzip" if accepts_gzip(headers.get(b"accept-encoding", b"")) else b"")
    return b'"' + hashlib.sha256(b"\0".join(parts)).hexdigest()[:32].encode() + b'"'


def accepts_gzip(accept_encoding: bytes) -> bool:
    """Whether Starlette's GZipMiddleware would compress for this Accept-Encoding (it looks for "gzip" in it)."""
    return b"gzip" in accept_encoding.lower()


class HttpValidators:
    """ASGI middleware inside the security and CORS headers, so a 304 carries them too."""

    def __init__(self, app: ASGIApp, service, max_age: int, settings_key: str = ""):
        self.app = app
        code, code_time = code_fingerprint()
        self.publication = Publication(service, code, code_time, settings_key)
        self.cache_control = f"public, max-age={max_age}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        current = await self.publication.current()
        if current is None:
            await self.app(scope, receive, send)
            return
        base, last_modified = current
        headers = {k.lower(): v for k, v in scope["headers"]}
        tag = entity_tag(base, scope, headers)
        validators = [(b"etag", tag), (b"last-modified", last_modified), (b"cache-control", self.cache_control),
                      (b"vary", VARY)]
        if_none_match = headers.get(b"if-none-match", b"").decode("latin-1")
        if if_none_match and tag.decode() in _tags(if_none_match):
            await _not_modified(send, validators)
            return
        mark = _Mark()
        scope = {**scope, SCOPE_KEY: mark}
        since = None if if_none_match else _seconds(headers.get(b"if-modified-since", b"").decode("latin-1"))
        not_modified = False

        async def send_with_validators(message: Message) -> None:
            nonlocal not_modified
            if message["type"] == "http.response.start":
                sent = list(message.get("headers", []))
                names = {k.lower() for k, _v in sent}
                if mark.volatile:
                    sent = [(k, v) for k, v in sent if k.lower() not in (b"cache-control", b"etag")]
                    message = {**message, "headers": sent + [(b"cache-control", b"no-store")]}
                elif message["status"] == 200 and mark.cacheable and b"set-cookie" not in names:
                    keep = [(k, v) for k, v in sent if k.lower() not in (b"etag", b"last-modified", b"vary")]
                    ours = [(k, v) for k, v in validators if k != b"cache-control" or k not in names]
                    if if_none_match.strip() == "*" or (since is not None and since >= _seconds(
                            last_modified.decode())):
                        not_modified = True
                        await _not_modified(send, validators)
                        return
                    message = {**message, "headers": keep + ours}
            elif not_modified:
                return  # the 304 has no body
            await send(message)

        await self.app(scope, receive, send_with_validators)


async def _not_modified(send: Send, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": 304,
                "headers": [(k, v) for k, v in headers if k in KEPT_ON_304]})
    await send({"type": "http.response.body", "body": b""})
