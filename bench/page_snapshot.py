"""Every entity page of a store, in both languages, asked once of the ASGI app in this process (the whole stack:
middleware, routing, the handler's thread, the template; no HTTP server, no client library): each page's HTML
written to a folder, to compare two versions of the code byte for byte, and what the pages cost.

    PYTHONPATH=. .venv/bin/python bench/page_snapshot.py var /tmp/before [--limit 400]
    PYTHONPATH=. .venv/bin/python bench/page_snapshot.py var /tmp/after
    diff -r /tmp/before /tmp/after

The first language of each entity is its cold page; the second reuses what the first left per store (the
description's memo, the names shared by requests), so only the first is timed as cold.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import cold  # noqa: E402

from api.app import _warm, create_app  # noqa: E402
from kg.settings import Settings  # noqa: E402

LANGUAGES = ("zh", "en")
# The site's other HTML pages, written beside the entity pages (not timed): they share the templates.
SITE_PAGES = ("/", "/places", "/projects", "/reports", "/indicators", "/industries", "/dumps", "/page/ontology",
              "/search?q=晋江", "/search?q=jinjiang", "/compare", "/sparql", "/read/jinjiangshi-2024",
              "/page/place/jinjiangshi?figures_page=2&lang=en", "/page/place/jinjiangshi?figures_page=5",
              "/page/nothing/here")


async def fetch(app, target: str, lang: str) -> tuple[int, bytes]:
    """One GET through the app as uvicorn would call it."""
    path, _, query = target.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": urllib.parse.quote(query, safe="=&").encode(),
             "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"text/html"),
                         (b"accept-language", lang.encode())],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}
    status, body = 0, []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(body)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def run(app, paths: list[str], out: Path) -> dict[str, list[tuple[float, float]]]:
    times: dict[str, list[tuple[float, float]]] = {lang: [] for lang in LANGUAGES}
    for path in paths:
        for lang in LANGUAGES:
            wall, cpu = time.perf_counter(), time.process_time()
            status, body = await fetch(app, path, lang)
            times[lang].append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
            (out / file_name(path, lang)).write_bytes(f"{status}\n".encode() + body)
    for path in SITE_PAGES:
        for lang in LANGUAGES:
            status, body = await fetch(app, path, lang)
            (out / ("site" + file_name(path, lang))).write_bytes(f"{status}\n".encode() + body)
    return times


def file_name(path: str, lang: str) -> str:
    return urllib.parse.quote(path.removeprefix("/page/"), safe="").replace("%2F", "__") + f".{lang}.html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("var_dir", type=Path)
    parser.add_argument("out", type=Path, help="folder for the pages' HTML (one file per page and language)")
    parser.add_argument("--limit", type=int, default=100_000, help="entities (a fixed shuffle of all of them)")
    args = parser.parse_args()
    paths = ["/page/" + iri.removeprefix(cold.ID) for iri in cold.entities(args.var_dir, args.limit, seed=1)]
    app = create_app(dataclasses.replace(Settings.from_env(), var_dir=args.var_dir))
    _warm(app.state.query_service)  # as the server's start-up does: indexes opened, templates compiled
    args.out.mkdir(parents=True, exist_ok=True)
    times = asyncio.run(run(app, paths, args.out))
    for n, (lang, pairs) in enumerate(times.items()):
        wall, cpu = [w for w, _c in pairs], [c for _w, c in pairs]
        print(f"{lang} ({'cold' if n == 0 else 'after the other language'}): {len(pairs)} pages, wall ms"
              f" p50 {statistics.median(wall):.2f} p99 {percentile(wall, 0.99):.2f} mean {statistics.mean(wall):.2f};"
              f" CPU ms mean {statistics.mean(cpu):.2f}")


if __name__ == "__main__":
    main()
