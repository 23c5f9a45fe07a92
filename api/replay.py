"""Whole answers replayed. A published store never changes, so an answer made from it alone — an entity page,
a data document, a SPARQL result — is the same for the same request until another build is published. The
first such answer to a GET (or HEAD) is kept as it was sent, status, headers and body, and the same request
again is answered from memory before routing, dependencies, templates or the query service run: most of what
a warm answer cost was that machinery, not the data (BENCHMARKS.md, "replayed answers").

What is kept:
- only answers a route has marked with `allow(request)`: routes whose answer depends on the published data
  and the request alone (not, say, /dumps, which lists files made on demand);
- only status 200 without a cookie, at most a sixteenth of the budget each; least recently used go first;
- per web worker and per publication, in memory, and shared with the server's other web workers through a file
  (api/shared_answers.py), so that each answer is made once, not once per worker; a new build starts afresh.
  The publication is a symlink read for the embedded store; for a remote one, the one seen at its last poll
  (kg/store/remote.py), polled again in a thread once that is older than the poll interval, never on the event loop.
A request is the same one when its method, scheme, path, query string and headers are: every header counts
(Accept, Accept-Language, Cookie, Origin, Host...) except User-Agent and Connection, on which nothing depends.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import KGError
from kg.store.publication_cache import PublicationCache

from .shared_answers import SharedAnswers, digest

SCOPE_KEY = "jjkg.replay"
IGNORED_HEADERS = frozenset({b"user-agent", b"connection"})
# The answer's Server-Timing described the work done then; a replay did none.
TIMING = b"server-timing"
REPLAY_TIMING = (TIMING, b"replay;dur=0")


class _Mark:
    """Set by the route, read when the answer is complete. An object, not a flag in the scope: inner middleware
    (HEAD as GET) pass a copy of the scope on, which shares it."""

    __slots__ = ("allowed",)

    def __init__(self) -> None:
        self.allowed = False


def allow(request: Request) -> None:
    """Mark this request's answer as a function of the published data and the request alone."""
    mark = request.scope.get(SCOPE_KEY)
    if mark is not None:
        mark.allowed = True


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class Answers(PublicationCache):
    """Answers by request key; an answer weighs its body, its headers and its key."""

    def put(self, publication: str, key: tuple, answer: Answer) -> None:
        super().put(publication, key, answer, len(answer.body) + sum(len(k) + len(v) for k, v in answer.headers))


def request_key(scope: Scope) -> tuple:
    headers = tuple(h for h in scope["headers"] if h[0] not in IGNORED_HEADERS)
    return (scope["method"], scope.get("scheme"), scope.get("root_path", ""), scope.get("raw_path") or scope["path"],
            scope.get("query_string", b""), headers)


def _keepable(start: Message) -> bool:
    return start["status"] == 200 and not any(k.lower() == b"set-cookie" for k, _v in start.get("headers", ()))


class ReplayAnswers:
    """ASGI middleware, outermost, so that what it keeps is exactly what was sent (security headers included).
    `service` (kg.sparql.query.QueryService) names the publication being served."""

    def __init__(self, app: ASGIApp, max_bytes: int, service, shared: SharedAnswers | None = None):
        self.app = app
        self.service = service
        self.answers = Answers(max_bytes) if max_bytes > 0 else None
        self.shared = shared if self.answers is not None else None

    async def publication(self) -> str | None:
        known = self.service.publication_if_known()
        if known is not None or self.service.remote is None:  # embedded: known, or nothing published
            return known
        try:
            return await run_in_threadpool(self.service.publication)  # a remote store's poll: may wait
        except KGError:
            return None  # nothing published: the app says so

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.answers is None or scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        publication = await self.publication()
        if publication is None:
            await self.app(scope, receive, send)
            return
        key = request_key(scope)
        shared_key = digest(key) if self.shared is not None else None  # the same in every worker
        answer = self.answers.get(publication, key) or self._shared_answer(publication, key, shared_key)
        if answer is not None:
            await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
            await send({"type": "http.response.body", "body": answer.body})
            return
        mark = _Mark()
        scope = {**scope, SCOPE_KEY: mark}
        start: Message | None = None
        chunks: list[bytes] | None = []
        size = 0

        async def keep_and_send(message: Message) -> None:
            nonlocal start, chunks, size
            if message["type"] == "http.response.start":
                start = message if _keepable(message) else None
            elif message["type"] == "http.response.body" and start is not None and chunks is not None:
                body = message.get("body", b"")
                size += len(body)
                if size > self.answers.max_bytes // 16:
                    chunks = None  # too big to keep: passed on, forgotten
                else:
                    chunks.append(body)
                if chunks is not None and not message.get("more_body", False) and mark.allowed:
                    headers = [h for h in start.get("headers", ()) if h[0].lower() != TIMING] + [REPLAY_TIMING]
                    made.append(Answer(start["status"], headers, b"".join(chunks)))
                    self.answers.put(publication, key, made[0])
            await send(message)

        made: list[Answer] = []
        await self.app(scope, receive, keep_and_send)
        if made and self.shared is not None:  # sent already: the other workers' copy is written after
            a = made[0]
            await run_in_threadpool(self.shared.put, publication, shared_key, a.status, a.headers, a.body)

    def _shared_answer(self, publication: str, key: tuple, shared_key: bytes | None) -> Answer | None:
        if shared_key is None:
            return None
        found = self.shared.get(publication, shared_key)
        if found is None:
            return None
        answer = Answer(*found)
        self.answers.put(publication, key, answer)
        return answer
