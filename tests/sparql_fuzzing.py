"""Send the hostile corpus (hostile_sparql.py) to a running server and judge every answer.

What counts as a failure, and why:
- any 5xx other than 503 (500, 502, 504 ...): a bug, whatever the request;
- 503 for a request not built to run long, unless re-running its query alone (the worker's own code, in a
  fresh process) takes at least SLOW_FRACTION of the deadline: a mutation can turn a fast query into a cross
  product, and a query that needs a third of its deadline alone can overrun it when the machine is shared,
  but the server must never give up on cheap work;
- no answer within deadlines.generous_bound(deadline) (three deadlines, at least five seconds over it), or no
  answer at all (connection reset): a hang or a crash,
  unless the request line and headers are longer than the server reads (uvicorn answers 400 and closes the
  connection, which a client still sending sees as a reset);
- an answer from the app without the security headers (CSP, nosniff, ...).
4xx answers are the expected refusal of malformed or forbidden input; 200 is fine for anything that parses.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from deadlines import generous_bound
from hostile_sparql import Hostile

from api.security import HEADERS

SLOW_FRACTION = 1 / 3


def head_limit(max_query_length: int = 100_000) -> int:
    """The request head uvicorn reads, as `jjkg serve` sets it (room for a GET query of the longest length)."""
    return max(64 * 1024, 9 * max_query_length + 8 * 1024)


@dataclass
class Outcome:
    request: Hostile
    status: int  # 0: no HTTP answer at all
    seconds: float  # printed by `make fuzz`; judged only against generous_bound(deadline)
    error: str = ""  # the error class the body names, if any
    missing_headers: tuple[str, ...] = ()  # security headers the answer lacks


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    failures: list[tuple[Outcome, str]] = field(default_factory=list)
    slow_503s: list[tuple[Outcome, float]] = field(default_factory=list)  # accepted: the query alone took that long
    seconds: float = 0.0

    def statuses(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    def by_category(self) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        for o in self.outcomes:
            out.setdefault(o.request.category, Counter())[o.status] += 1
        return out

    def slowest(self) -> Outcome:
        return max(self.outcomes, key=lambda o: o.seconds)

    def summary(self) -> str:
        lines = [f"{len(self.outcomes)} requests in {self.seconds:.1f} s; statuses {dict(sorted(self.statuses().items()))}; "
                 f"failures {len(self.failures)}; slowest {self.slowest().seconds:.2f} s ({self.slowest().request.category})"]
        if self.slow_503s:
            alone = sorted(seconds for _, seconds in self.slow_503s)
            lines.append(f"  {len(alone)} other queries answered 503: alone they take {alone[0]:.2f} to {alone[-1]:.2f} s")
        for category, counts in sorted(self.by_category().items()):
            lines.append(f"  {category:12} {dict(sorted(counts.items()))}")
        for outcome, why in self.failures[:20]:
            lines.append(f"  FAIL {why} [{outcome.request.category}]: {outcome.request.method} "
                         f"{outcome.request.target[:120]!r} {(outcome.request.query or '')[:120]!r}")
        return "\n".join(lines)


def send(base_url: str, h: Hostile, timeout: float) -> Outcome:
    where = urlsplit(base_url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=timeout)
    started = time.monotonic()  # for Outcome.seconds: a figure `make fuzz` prints, and judge()'s generous bound
    try:
        conn.request(h.method, h.target, body=h.body, headers=h.headers)
        response = conn.getresponse()
        body = response.read()
        status = response.status
        missing = tuple(n.decode() for n in HEADERS if response.getheader(n.decode()) is None)
    except (OSError, http.client.HTTPException) as exc:
        return Outcome(h, 0, time.monotonic() - started, f"{type(exc).__name__}: {exc}")  # Outcome.seconds
    finally:
        conn.close()
    return Outcome(h, status, time.monotonic() - started, _error_name(body), missing)  # Outcome.seconds


def _error_name(body: bytes) -> str:
    text = body[:300].decode("utf-8", "replace")
    if text.startswith("{"):
        try:
            return json.loads(body).get("error", "")
        except ValueError:
            return ""
    return text.split(":", 1)[0].split(" ", 1)[-1] if text[:3].isdigit() else ""


def judge(o: Outcome, deadline: float, alone_seconds) -> str | None:
    """Why `o` is a failure, or None. `alone_seconds(query)` times a query run alone."""
    head = len(o.request.target) + sum(len(k) + len(v) + 4 for k, v in o.request.headers.items())
    if o.status == 0:
        return None if head > head_limit() else f"no answer ({o.error})"
    if o.missing_headers and head <= head_limit():
        return f"{o.status} without {', '.join(o.missing_headers)}"
    if o.seconds > generous_bound(deadline):  # a hang (the work was not stopped), not a slow answer
        return f"answered after {o.seconds:.1f} s, past {generous_bound(deadline):g} s for a {deadline:g} s deadline"
    if o.status >= 500 and o.status != 503:
        return f"{o.status} {o.error}"
    if o.status == 503 and not o.request.heavy:
        alone = alone_seconds(o.request.query) if o.request.query else 0.0
        if alone < deadline * SLOW_FRACTION:  # cheap work given up on; a busy machine slows both runs alike
            return f"503 {o.error} for a query that takes {alone:.2f} s alone"
    return None


def run(base_url: str, corpus: list[Hostile], deadline: float, alone_seconds, concurrency: int = 1) -> Report:
    report = Report()
    started = time.monotonic()  # Report.seconds: a figure `make fuzz` prints, never judged
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for outcome in pool.map(lambda h: send(base_url, h, generous_bound(deadline) + 10), corpus):
            report.outcomes.append(outcome)
    report.seconds = time.monotonic() - started  # Report.seconds, printed only
    for outcome in report.outcomes:
        why = judge(outcome, deadline, alone_seconds)
        if why:
            report.failures.append((outcome, why))
        elif outcome.status == 503 and not outcome.request.heavy:
            report.slow_503s.append((outcome, alone_seconds(outcome.request.query)))
    return report


RERUN = """
import sys, threading, time
from pathlib import Path
from kg.sparql.workers import PARSER_RECURSION_LIMIT, PARSER_STACK_BYTES, QueryJob, run_job
from kg.sparql.dataset import Dataset
from kg.store.embedded import open_read_only
store = open_read_only(Path(sys.argv[1]))
query = sys.stdin.read()
sys.setrecursionlimit(PARSER_RECURSION_LIMIT)  # as in a query worker
threading.stack_size(PARSER_STACK_BYTES)

def rerun():
    started = time.monotonic()  # the query's cost alone, which excuses a 503 (judge(), SLOW_FRACTION)
    try:
        run_job(store, QueryJob(query, Dataset(), "json", "turtle", 10000))
    except Exception:
        pass
    print(time.monotonic() - started, flush=True)  # read by rerun_seconds

thread = threading.Thread(target=rerun)
thread.start()
thread.join()
"""


def rerun_seconds(store_link, query: str, limit: float) -> float:
    """How long the query takes through the worker's own code (guard, engine, serialiser) in a fresh process;
    `limit` if it is still running then."""
    try:
        done = subprocess.run([sys.executable, "-c", RERUN, str(store_link)], input=query, capture_output=True,
                              text=True, timeout=limit + 5)  # + the interpreter's start and the store's opening
    except subprocess.TimeoutExpired:
        return limit
    try:
        return min(float(done.stdout.strip().splitlines()[-1]), limit)
    except (ValueError, IndexError):
        return limit  # it died (its memory): as slow as it gets


def timer(store_link, deadline: float):
    """alone_seconds(query): how long the query takes alone (at most twice the deadline), each query timed once."""
    known: dict[str, float] = {}  # the corpus repeats some queries

    def alone_seconds(query: str) -> float:
        if query not in known:
            known[query] = rerun_seconds(store_link, query, deadline * 2)
        return known[query]

    return alone_seconds
