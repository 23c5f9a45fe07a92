"""Starting and stopping the HTTP servers under test, and timing how long they take to answer."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.store.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    url: str
    started: float  # time.perf_counter() when the process was started
    log: Path

    def wait(self, path: str, timeout: float, accept: str = "*/*") -> float:
        """Seconds from start until `path` answers 200 (raises when it does not within `timeout`)."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log}")
            try:
                req = urllib.request.Request(self.url + path, headers={"Accept": accept})
                with urllib.request.urlopen(req, timeout=timeout) as r:
                    if r.status == 200:
                        r.read()
                        return time.perf_counter() - self.started
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.01)
        raise RuntimeError(f"{self.name} did not answer {path} within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        """SIGTERM to the server (it stops its own workers), SIGKILL to its group after 10 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(name: str, argv: list[str], env: dict[str, str], log: Path, port: int) -> Server:
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(argv, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, cwd=ROOT, start_new_session=True)
    return Server(name, process, f"http://127.0.0.1:{port}", started, log)


def ours(var_dir: Path, log: Path, web_workers: int, query_workers: int) -> Server:
    port = free_port()
    env = {"JJKG_VAR_DIR": str(var_dir), "JJKG_WEB_WORKERS": str(web_workers),
           "JJKG_QUERY_WORKERS": str(query_workers), "JJKG_QUERY_TIMEOUT": "60",
           "JJKG_HTTP": os.environ.get("JJKG_HTTP", "httptools"),
           # As deployed behind a proxy that logs: uvicorn's access log halves a cheap answer's throughput.
           "JJKG_ACCESS_LOG": os.environ.get("JJKG_ACCESS_LOG", "off")}
    return start("ours", [str(ROOT / ".venv/bin/jjkg"), "serve", "--port", str(port)], env, log, port)


# rdflib-endpoint loads everything into Python objects; past this many triples it is not run (see BENCHMARKS.md).
PEER_MAX_TRIPLES = 2_000_000


def peer(dump: Path, log: Path, store: str) -> Server:
    port = free_port()
    argv = [str(BENCH_VENV / "bin/rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if store != "default":
        argv += ["--store", store]
    return start(f"rdflib-endpoint ({store})", argv + [str(dump)], {}, log, port)


def union_dump(var_dir: Path) -> Path:
    """The store's default graph (the union of all graphs) as N-Triples: what rdflib-endpoint serves."""
    target = (var_dir / "store").resolve()
    dump = target / "bench-union.nt"
    if not dump.exists():
        store = ox.Store.read_only(str(target / "oxigraph"))
        store.dump(str(dump) + ".tmp", format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        os.replace(str(dump) + ".tmp", dump)
    return dump
