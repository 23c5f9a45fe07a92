"""Running the app: one uvicorn process, or several that each listen on the port themselves.

With several web workers, uvicorn's own supervisor shares one listening socket among them, and the kernel
hands a burst of new connections to whichever process wakes first: under a load of long-lived connections
one worker took nearly all of them and the other idled (measured: 100% CPU of 200% on 2 cores). Here each
worker binds its own socket with SO_REUSEPORT, and the kernel spreads connections over the sockets by their
addresses. The parent only starts the workers, replaces one that dies, and passes SIGTERM / SIGINT on.
"""

from __future__ import annotations

import importlib
import multiprocessing
import signal
import socket
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import uvicorn

APP = "api.app:create_app"


def check_store(settings) -> None:
    """Open the published store once, so that a missing or unreadable graph fails here, readably (a KGError),
    before any worker starts. In a child process: opening a store starts RocksDB's background threads, which stay
    after it closes, and this process forks the web workers; fork copies only the calling thread, and a worker
    must not inherit a thread pool whose threads are gone. The app is imported first: the child, and later the
    workers, inherit it instead of importing it again."""
    _import_app()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pool.submit(_open_store, settings).result()


def _import_app() -> None:
    """FastAPI, rdflib, pyoxigraph and our modules: most of a web worker's start-up, done once before forking."""
    importlib.import_module(APP.split(":")[0])


def _open_store(settings) -> None:
    from kg.errors import StoreError
    from kg.graph.namespaces import BASE
    from kg.settings import DEFAULT_BASE_IRI
    from kg.sparql.query import QueryService

    service = QueryService.from_settings(settings)
    service.store()
    built = service.manifest().get("base", DEFAULT_BASE_IRI)
    if built != BASE:
        # Its IRIs would be served at paths that do not exist here, and its documents name another context.
        raise StoreError(f"the published store was built under the base IRI {built}, but JJKG_BASE_IRI is {BASE}: "
                         f"run `jjkg build` with this JJKG_BASE_IRI, or serve with JJKG_BASE_IRI={built}",
                         file=settings.store_link)


def config(host: str, port: int, http: str, request_head_bytes: int, access_log: bool) -> uvicorn.Config:
    return uvicorn.Config(APP, factory=True, host=host, port=port, log_level="info", http=http,
                          h11_max_incomplete_event_size=request_head_bytes, access_log=access_log)


def run(host: str, port: int, http: str, request_head_bytes: int, workers: int, access_log: bool = True) -> None:
    if workers == 1:
        server = uvicorn.Server(config(host, port, http, request_head_bytes, access_log))
        server.run()
        if not server.started:
            sys.exit(3)  # as uvicorn.run does when start-up failed (port taken, app failed to load)
        return
    _supervise(workers, (host, port, http, request_head_bytes, access_log))


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    return sock


def _listen(host: str, port: int) -> socket.socket:
    sock = _bind(host, port)
    sock.listen(2048)
    return sock


def _worker(host: str, port: int, http: str, request_head_bytes: int, access_log: bool) -> None:
    sock = _listen(host, port)
    uvicorn.Server(config(host, port, http, request_head_bytes, access_log)).run(sockets=[sock])


def _supervise(workers: int, args: tuple) -> None:
    # Forked from a parent that has imported the app but opened nothing: no store, no thread, no event loop
    # (check_store opened the store in a child); each worker makes its own.
    _import_app()  # already, when check_store ran first; cheap then

    context = multiprocessing.get_context("fork")
    stopping = False

    def stop(signum, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    _bind(*args[:2]).close()  # fail here, readably, when the port is taken by another program
    processes = []
    for _ in range(workers):
        p = context.Process(target=_worker, args=args, name="jjkg-web")
        p.start()
        processes.append(p)
    while not stopping:
        time.sleep(0.5)
        for i, p in enumerate(processes):
            if not p.is_alive() and not stopping:
                processes[i] = context.Process(target=_worker, args=args, name="jjkg-web")
                processes[i].start()
    for p in processes:
        if p.is_alive():
            p.terminate()  # SIGTERM: uvicorn finishes its requests and runs the app's shutdown
    for p in processes:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()
