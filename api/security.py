"""Security headers on every response: a strict Content-Security-Policy and the usual hardening headers.

Pages use no inline script or style (JSON-LD data blocks are not scripts a browser runs), so the policy can
forbid both. A route that needs another policy (the SVG charts style themselves) sets its own header, which
is kept.

The same middleware makes a redirect's Location relative when it names the host the client asked for: Starlette
builds its trailing-slash redirects (`/void/` → `/void`) from the Host header, and a client sets that header
to anything (issue 30: no absolute URL from `Host`). The server's own redirects are relative already.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    b"content-security-policy": POLICY.encode(),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


class SecurityHeaders:
    """ASGI middleware: adds each header unless the response already set it."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _v in message.get("headers", [])}
                headers = [(k, _relative(v, host) if k.lower() == b"location" else v)
                           for k, v in message.get("headers", [])]
                message["headers"] = headers + [(k, v) for k, v in HEADERS.items() if k not in present]
            await send(message)

        host = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")
        await self.app(scope, receive, send_with_headers)


def _relative(location: bytes, host: bytes) -> bytes:
    """`http://<host>/path?q` → `/path?q` when <host> is the Host header the client sent; anything else as it is."""
    try:
        parts = urlsplit(location.decode("latin-1"))
    except ValueError:
        return location
    if parts.scheme not in ("http", "https") or parts.netloc.encode("latin-1") != host:
        return location
    relative = (parts.path or "/") + (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")
    return relative.encode("latin-1")
