"""Settings from one place: environment variables prefixed `JJKG_`, with defaults that just work.

The defaults assume the project checkout (an editable install): data in `./data`, build output in `./var`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import KGError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASE_IRI = "https://w3id.org/jinjiang-kg/"  # what the files under ontology/ and shapes/ are written with


def base_iri(strict: bool = True) -> str:
    """JJKG_BASE_IRI: where every IRI of the dataset starts (entities, ontology, graphs, the JSON-LD context).

    Read once, when kg/graph/namespaces.py is imported, since IRIs are module constants everywhere: a deployment
    sets it in the environment of every command (build, serve), and a store records the base it was built with.
    Not strict, a malformed value gives the default (at import, an error would be a traceback); every command
    reads `Settings.from_env()` first, which says what is wrong with it."""
    raw = os.environ.get("JJKG_BASE_IRI", "").strip() or DEFAULT_BASE_IRI
    if not strict:
        try:
            return base_iri(strict=True)
        except KGError:
            return DEFAULT_BASE_IRI
    check_url(raw, "JJKG_BASE_IRI")
    parts = urlsplit(raw)
    if not raw.endswith("/") or parts.query or parts.fragment:
        raise KGError(f"JJKG_BASE_IRI={raw!r} must end with '/' and have no query or fragment "
                      f"(e.g. https://data.example.org/jinjiang-kg/)")
    return raw


@dataclass(frozen=True)
class RemoteConfig:
    """Where the store is and how to talk to it (from JJKG_STORE*; picklable: query workers get a copy)."""

    endpoint: str  # SPARQL query endpoint, http(s)://…
    update: str | None = None  # SPARQL Update endpoint, for `jjkg publish`
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    connect_timeout: float = 5.0
    query_timeout: float = 60.0  # seconds a query may run in the store (the service's deadline for public ones)
    max_bytes: int = 256 * 2**20  # bytes of one answer read before the query is stopped

    def auth(self):
        """httpx's digest authentication for the user, if any: Virtuoso's /sparql-auth and
        /sparql-graph-crud-auth want it."""
        import httpx  # not at the top: settings are read by every command, httpx only by the remote ones

        return httpx.DigestAuth(self.user, self.password or "") if self.user else None


def parse_store_setting(value: str) -> str:
    """`sparql+http://host:port/sparql` → `http://host:port/sparql`; a clear error for anything else."""
    if not value.startswith(("sparql+http://", "sparql+https://")):
        raise KGError(f"JJKG_STORE={value!r} is neither empty (the embedded store) nor sparql+http://… / "
                      f"sparql+https://… (a SPARQL 1.1 store)")
    endpoint = value.removeprefix("sparql+")
    check_url(endpoint, "JJKG_STORE")
    return endpoint


def check_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KGError(f"{name}={url!r} is not an http:// or https:// URL")
    try:
        parts.port  # noqa: B018 (reading it raises ValueError for a port that is not a number)
    except ValueError:
        raise KGError(f"{name}={url!r} has a port that is not a number") from None
    return url


def _env(name: str, default: str) -> str:
    return os.environ.get(f"JJKG_{name}", default)


def _number(name: str, default: str, kind: type, minimum: float):
    raw = _env(name, default)
    try:
        value = kind(raw)
    except ValueError:
        raise KGError(f"JJKG_{name}={raw!r} is not a {'whole ' if kind is int else ''}number") from None
    if value < minimum:
        raise KGError(f"JJKG_{name}={raw!r} must be at least {minimum}")
    return value


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    raw = _env(name, default)
    if raw not in allowed:
        raise KGError(f"JJKG_{name}={raw!r} is not one of: {', '.join(allowed)}")
    return raw


def site_title() -> str:
    """JJKG_TITLE: the dataset's and the site's title, when a deployment names it; empty: written from what the
    graph holds (kg/store/coverage.py). Read where it is shown, so commands that show nothing need not parse it."""
    return " ".join(_env("TITLE", "").split())


def _store(name: str) -> str:
    raw = _env(name, "").strip()
    if raw:
        parse_store_setting(raw)  # a clear error now rather than at the first request
    return raw


def _url(name: str) -> str:
    raw = _env(name, "").strip()
    if raw:
        check_url(raw, f"JJKG_{name}")
    return raw


@dataclass(frozen=True)
class Settings:
    """Every tunable of the build and the server. `describe()` lists them for `--help` and the README."""

    data_dir: Path = field(metadata={"env": "DATA_DIR", "help": "curated data and reports"})
    var_dir: Path = field(metadata={"env": "VAR_DIR", "help": "build output: stores, dumps, manifests"})
    host: str = field(metadata={"env": "HOST", "help": "address the server binds"})
    port: int = field(metadata={"env": "PORT", "help": "port the server listens on"})
    query_timeout: float = field(metadata={"env": "QUERY_TIMEOUT", "help": "seconds a SPARQL query may run"})
    max_query_length: int = field(metadata={"env": "MAX_QUERY_LENGTH", "help": "characters in one query"})
    max_body_bytes: int = field(metadata={"env": "MAX_BODY_BYTES", "help": "bytes in one request body"})
    max_result_rows: int = field(metadata={"env": "MAX_RESULT_ROWS", "help": "rows returned before truncation"})
    query_workers: int = field(metadata={"env": "QUERY_WORKERS", "help": "query worker processes, in all (shared out among the web workers)"})
    query_memory_mb: int = field(metadata={"env": "QUERY_MEMORY_MB", "help": "address-space cap per query worker"})
    max_result_mb: int = field(default=64, metadata={"env": "MAX_RESULT_MB", "help": "MB of one SPARQL answer (as written in the asked format) before it is cut at a row, like JJKG_MAX_RESULT_ROWS (X-JJKG-Truncated); the web process never reads more than this from a query worker"})
    sparql_threads: int = field(default=40, metadata={"env": "SPARQL_THREADS", "help": "/sparql requests per web worker waiting on query workers at once; with all taken, a request is answered 503 (WorkersBusy, Retry-After) at once rather than waiting past its deadline"})
    sparql_per_client: int = field(default=0, metadata={"env": "SPARQL_PER_CLIENT", "help": "/sparql requests one client (its address; behind a proxy in FORWARDED_ALLOW_IPS, the address it forwards) may have waiting or running at once, per web worker; past it a request is answered 503 (Retry-After) at once. 0: half of JJKG_SPARQL_THREADS, rounded up"})
    sparql_point_slots: int = field(default=4, metadata={"env": "SPARQL_POINT_SLOTS", "help": "/sparql slots per web worker, beyond JJKG_SPARQL_THREADS and the reserve, that only queries whose form shows them bounded point lookups may take (ASK {}, one triple pattern with a constant subject or object: kg/sparql/prescan.point_lookup), on the fast lane for its budget: with every other slot held by runaways they are still answered. 0: none"})
    cache_max_age: int = field(default=60, metadata={"env": "CACHE_MAX_AGE", "help": "seconds a browser or proxy may reuse an answer before revalidating it with its ETag (Cache-Control: max-age)"})
    http: str = field(default="h11", metadata={"env": "HTTP", "help": "HTTP parser: h11 (a GET may carry the longest query) or httptools (faster; request heads over about 80 KB refused)"})
    remote_memo_mb: int = field(default=32, metadata={"env": "REMOTE_MEMO_MB", "help": "MB of a remote store's answers to the pages' own queries kept per web worker, per publication (0: none)"})
    access_log: str = field(default="on", metadata={"env": "ACCESS_LOG", "help": "on: a line per request on stderr (uvicorn's access log); off: none (uvicorn's log costs about half the requests per second of a cheap answer; log at the proxy instead)"})
    fast_lane_workers: int = field(default=1, metadata={"env": "FAST_LANE_WORKERS", "help": "query workers per web worker kept for queries not known to be slow, beside JJKG_QUERY_WORKERS (0: none; a runaway query then holds up every other until its deadline)"})
    fast_lane_seconds: float = field(default=0.5, metadata={"env": "FAST_LANE_SECONDS", "help": "seconds a query may run in the fast lane; past them it goes on in a normal worker and its shape is known slow"})
    web_workers: int = field(default=2, metadata={"env": "WEB_WORKERS", "help": "web server processes sharing the read-only store (2: one per core of the 2-core machine the cold path was measured on; pages are CPU-bound in Python, so one process uses one core)"})
    store: str = field(default="", metadata={"env": "STORE", "help": "empty: the embedded store built in JJKG_VAR_DIR; sparql+http://host:port/sparql (or sparql+https://): a SPARQL 1.1 store filled by `jjkg publish`"})
    store_update: str = field(default="", metadata={"env": "STORE_UPDATE", "help": "the remote store's SPARQL Update endpoint, for `jjkg publish` (Virtuoso: http://host:port/sparql-auth)"})
    store_user: str = field(default="", metadata={"env": "STORE_USER", "help": "user for the update endpoint (HTTP digest authentication, as Virtuoso's /sparql-auth wants)"})
    store_password: str = field(default="", repr=False, metadata={"env": "STORE_PASSWORD", "help": "password for the update endpoint"})
    store_connect_timeout: float = field(default=5.0, metadata={"env": "STORE_CONNECT_TIMEOUT", "help": "seconds to wait for a connection to the remote store"})
    store_max_mb: int = field(default=256, metadata={"env": "STORE_MAX_MB", "help": "MB of one answer read from the remote store before the query is stopped"})
    title: str = field(default="", metadata={"env": "TITLE", "help": "the dataset's and the site's title (VoID/DCAT, schema.org, pages, the API); empty: written from what the graph holds (the places, levels and years of its reports)"})
    write_wait: float = field(default=600.0, metadata={"env": "WRITE_WAIT", "help": "seconds `jjkg ingest`, `build` or `publish` waits for another one writing the same data directory before it gives up (exit 1, nothing changed)"})
    max_report_bytes: int = field(default=5_000_000, metadata={"env": "MAX_REPORT_BYTES", "help": "bytes of one file `jjkg ingest` reads at most (checked before reading it)"})
    near_duplicate_share: float = field(default=0.6, metadata={"env": "NEAR_DUPLICATE_SHARE", "help": "share of a new report's statements found in one report already in that makes `jjkg ingest` refuse it as a near-duplicate (--replace --slug replaces that report; above 1: never)"})
    scheduler: str = field(default="", metadata={"env": "SCHEDULER", "help": "empty: a build extracts reports on this machine; tcp://host:8786: on the workers of that Dask scheduler (kg/graph/cluster.py; they must see the build's paths)"})
    extract_cache: str = field(default="on", metadata={"env": "EXTRACT_CACHE", "help": "on: a build keeps each report's extraction in JJKG_VAR_DIR/extractions, keyed by the report's text and metadata and by the extraction code, reference data and Python, and extracts only the reports not found there (kg/graph/extract_cache.py); off: every report extracted again, nothing kept (`jjkg build --no-cache`)"})
    emit_cache: str = field(default="on", metadata={"env": "EMIT_CACHE", "help": "on: a build keeps each report's graph (N-Quads, figure rows, SHACL verdict) in JJKG_VAR_DIR/emissions, keyed by the report, what its graph takes from the linking of the other reports, and the code, ontology, shapes and reference data, and emits and checks only the reports not found there (kg/graph/emit_cache.py); off: every report's graph made and checked again, nothing kept (`jjkg build --no-cache`)"})
    incremental_store: str = field(default="on", metadata={"env": "INCREMENTAL_STORE", "help": "on: a build whose published store records each named graph's hash fills its new store from a copy of that one, removing and loading only the graphs that changed (kg/store/embedded.py write_changes; the full write when anything is missing, or when graphs of more than half the dump's bytes changed); always: from the published store whatever share changed (the tests' small corpora); off: every build writes the whole store"})
    build_workers: int = field(default=2, metadata={"env": "BUILD_WORKERS", "help": "processes a build extracts reports in, from 1 MB of report text besides the longest report (1: all in the build's own process)"})
    base: str = field(default=DEFAULT_BASE_IRI, metadata={"env": "BASE_IRI", "help": "where every IRI of the dataset starts (entities, ontology, graphs, the JSON-LD context at <base>context.jsonld); the server answers the base's paths at its root. Set it for build and serve alike: a store built under another base is refused"})

    @property
    def client_share(self) -> int:
        """/sparql slots one client may hold at once: JJKG_SPARQL_PER_CLIENT, or half the slots rounded up."""
        return self.sparql_per_client or -(-self.sparql_threads // 2)

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"

    @property
    def store_link(self) -> Path:
        """A symlink to the current store directory; replaced atomically by each successful build."""
        return self.var_dir / "store"

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            data_dir=Path(_env("DATA_DIR", str(PROJECT_ROOT / "data"))),
            var_dir=Path(_env("VAR_DIR", str(PROJECT_ROOT / "var"))),
            host=_env("HOST", "127.0.0.1"),
            port=_number("PORT", os.environ.get("PORT", "8000"), int, 1),
            query_timeout=_number("QUERY_TIMEOUT", "10", float, 0.001),
            max_query_length=_number("MAX_QUERY_LENGTH", "100000", int, 1),
            max_body_bytes=_number("MAX_BODY_BYTES", "1000000", int, 1),
            max_result_rows=_number("MAX_RESULT_ROWS", "10000", int, 1),
            max_result_mb=_number("MAX_RESULT_MB", "64", int, 1),
            sparql_threads=_number("SPARQL_THREADS", "40", int, 1),
            sparql_per_client=_number("SPARQL_PER_CLIENT", "0", int, 0),
            sparql_point_slots=_number("SPARQL_POINT_SLOTS", "4", int, 0),
            query_workers=_number("QUERY_WORKERS", "2", int, 1),
            query_memory_mb=_number("QUERY_MEMORY_MB", "2048", int, 64),
            fast_lane_workers=_number("FAST_LANE_WORKERS", "1", int, 0),
            fast_lane_seconds=_number("FAST_LANE_SECONDS", "0.5", float, 0.001),
            web_workers=_number("WEB_WORKERS", "2", int, 1),
            http=_choice("HTTP", "h11", ("h11", "httptools")),
            access_log=_choice("ACCESS_LOG", "on", ("on", "off")),
            cache_max_age=_number("CACHE_MAX_AGE", "60", int, 0),
            remote_memo_mb=_number("REMOTE_MEMO_MB", "32", int, 0),
            store=_store("STORE"),
            store_update=_url("STORE_UPDATE"),
            store_user=_env("STORE_USER", ""),
            store_password=_env("STORE_PASSWORD", ""),
            store_connect_timeout=_number("STORE_CONNECT_TIMEOUT", "5", float, 0.1),
            store_max_mb=_number("STORE_MAX_MB", "256", int, 1),
            title=site_title(),
            write_wait=_number("WRITE_WAIT", "600", float, 0),
            extract_cache=_choice("EXTRACT_CACHE", "on", ("on", "off")),
            emit_cache=_choice("EMIT_CACHE", "on", ("on", "off")),
            incremental_store=_choice("INCREMENTAL_STORE", "on", ("on", "off", "always")),
            build_workers=_number("BUILD_WORKERS", "2", int, 1),
            scheduler=_env("SCHEDULER", "").strip(),
            max_report_bytes=_number("MAX_REPORT_BYTES", "5000000", int, 1),
            near_duplicate_share=_number("NEAR_DUPLICATE_SHARE", "0.6", float, 0.01),
            base=base_iri(),
        )

    @property
    def remote(self):
        """The remote store's configuration (RemoteConfig), or None for the embedded store."""
        if not self.store:
            return None
        return RemoteConfig(parse_store_setting(self.store), update=self.store_update or None,
                            user=self.store_user or None, password=self.store_password or None,
                            connect_timeout=self.store_connect_timeout, query_timeout=self.query_timeout,
                            max_bytes=self.store_max_mb * 2**20)

    @classmethod
    def describe(cls) -> list[tuple[str, str]]:
        """(variable, help) for every setting, in declaration order."""
        return [(f"JJKG_{f.metadata['env']}", f.metadata["help"]) for f in fields(cls)]
