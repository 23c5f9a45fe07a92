"""A private OpenLink Virtuoso on loopback, for the tests and `make replicas` (scripts/replicas.py).

Debian's `virtuoso-opensource` gives the binaries; this module never uses the system service. It writes a
`virtuoso.ini` into a directory of its own (database files, free ports on 127.0.0.1), starts `virtuoso-t` in the
foreground as a child process, waits until `/sparql` answers, gives the `dba` user a fresh password and stops the
server by its PID.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from kg.store.ports import free_port

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"
STARTUP_SECONDS = 120

INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
MaxClientConnections = 20
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 30
Charset = UTF-8
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
; the service cuts results itself (JJKG_MAX_RESULT_ROWS) and must see when there are more rows than that,
; and the search index reads every label in one query: the store must not cut first
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {max_seconds}
"""


def installed() -> bool:
    return os.access(VIRTUOSO, os.X_OK) and os.access(ISQL, os.X_OK)


@dataclass
class LocalVirtuoso:
    """One running instance; `stop()` ends it. Endpoints as the service's settings want them."""

    directory: Path
    http_port: int
    sql_port: int
    password: str
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_endpoint(self) -> str:
        return f"{self.base}/sparql"

    @property
    def update_endpoint(self) -> str:
        return f"{self.base}/sparql-auth"  # SPARQL Update with HTTP digest authentication (the dba user)

    @property
    def store_setting(self) -> str:
        return f"sparql+{self.query_endpoint}"

    def env(self) -> dict[str, str]:
        """The JJKG_STORE* variables that point the service (and `jjkg publish`) at this instance."""
        return {"JJKG_STORE": self.store_setting, "JJKG_STORE_UPDATE": self.update_endpoint,
                "JJKG_STORE_USER": "dba", "JJKG_STORE_PASSWORD": self.password}

    def isql(self, sql: str, password: str | None = None) -> str:
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", password or self.password],
                              input=sql + "\n", capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return done.stdout

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return (self.directory / "virtuoso.log").read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # virtuoso-t checkpoints and exits on SIGTERM
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start(directory: Path, max_query_seconds: int = 60, memory_mb: int = 1024) -> LocalVirtuoso:
    """A fresh instance whose database lives in `directory` (created; anything there is replaced)."""
    if not installed():
        raise RuntimeError(f"{VIRTUOSO} is not installed (scripts/install-virtuoso.sh installs it)")
    shutil.rmtree(directory, ignore_errors=True)
    (directory / "vsp").mkdir(parents=True)
    buffers = max(2000, memory_mb * 2**20 // 8192 * 2 // 3)  # Virtuoso's guide: 2/3 of its memory in 8 KB pages
    instance = LocalVirtuoso(directory, free_port(), free_port(), secrets.token_hex(12))
    (directory / "virtuoso.ini").write_text(INI.format(
        dir=directory, sql_port=instance.sql_port, http_port=instance.http_port, buffers=buffers,
        dirty=buffers * 3 // 4, max_seconds=max_query_seconds), encoding="utf-8")
    log = (directory / "stdout.log").open("wb")
    instance.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(directory / "virtuoso.ini")],
                                        cwd=directory, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)  # Ctrl-C in a terminal is for the caller
    try:
        _wait_ready(instance)
        # A new database's dba password is "dba": replace it before anything else can use it.
        _set_password(instance)
        _wait_authenticated(instance)
    except BaseException:
        instance.stop()
        raise
    return instance


def _wait_ready(instance: LocalVirtuoso) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if instance.process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with status {instance.process.returncode}: {instance.log_tail()}")
        if "Server online at" not in instance.log_tail(100_000):  # HTTP answers before setting-up ends
            time.sleep(0.3)
            continue
        try:
            answer = httpx.get(instance.query_endpoint, params={"query": "ASK {}"},
                               headers={"Accept": "application/sparql-results+json"}, timeout=5)
            if answer.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"virtuoso-t did not answer on {instance.query_endpoint} within {STARTUP_SECONDS} s: "
                       f"{instance.log_tail()}")


def _wait_authenticated(instance: LocalVirtuoso) -> None:
    """A new database finishes setting itself up after it starts answering, and that has been seen to undo an
    early password change (the old "dba" accepted, ours refused, for good): ready means /sparql-auth accepts
    our password; until then the change is made again."""
    deadline = time.monotonic() + 60
    while True:
        answer = httpx.post(instance.update_endpoint, data={"update": "DROP SILENT GRAPH <urn:jjkg:nothing>"},
                            auth=httpx.DigestAuth("dba", instance.password), timeout=10)
        if answer.status_code == 200:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{instance.update_endpoint} keeps answering {answer.status_code} to the dba user")
        time.sleep(1)
        try:
            _set_password(instance)
        except RuntimeError:
            pass  # already changed: the HTTP side has yet to see it


def _set_password(instance: LocalVirtuoso) -> None:
    instance.isql(f"USER_SET_PASSWORD('dba', '{instance.password}');\ncheckpoint;", password="dba")
