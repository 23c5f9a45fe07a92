"""The corpus benchmark (issue 14): for each size, a generated corpus (bench/corpus_gen.py) goes through the pipeline
as a user's reports do, in a data and a var directory of its own under var/bench-corpus/SIZE/ (a copy of data/'s
reference tables, no other report; data/ and var/ of the repository are never touched). Prints, per size:

- reports, quads of the published store;
- `jjkg ingest DIR` of the corpus (the first build): wall and CPU;
- the build alone (`jjkg build`'s code, bench/timed_build.py): wall, CPU and peak RSS of the child (os.wait4), time
  per stage from its progress lines (extract, emit, assess, SHACL, store and indexes);
- disk of one publication (the store directory the var dir's `store` link names);
- the recall check of bench/corpus_recall.py (a pipeline check, not the quality measure);
- `jjkg serve` started until it answers the first page (`/`) and then the first search (`/search.json`);
- a cold page p99 and a SPARQL point-lookup p99: one sequential client (httpx), every request distinct (an entity
  page each; `SELECT ?p ?o WHERE { <entity> ?p ?o } LIMIT 200` each, for other entities), on a fresh server;
- time to add one report (`jjkg ingest FILE`) and 100 (`jjkg ingest DIR`, at sizes up to --add-many-up-to).

    python bench/corpus_bench.py --sizes "20 100"      (make bench-corpus CORPUS_SIZES="20 100")
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import cold  # noqa: E402
import corpus_gen  # noqa: E402
import corpus_recall  # noqa: E402
import httpx  # noqa: E402
import servers  # noqa: E402

from kg.store.ports import free_port  # noqa: E402

WORK = ROOT / "var" / "bench-corpus"
STAGES = {"extracting": "extract", "emitting": "emit", "assessing": "assess", "validating": "SHACL",
          "writing": "store+indexes", "filling": "store+indexes", "indexing": "store+indexes"}


@dataclass
class Run:
    wall: float
    cpu: float  # user + system of the child and what it waited for
    peak_rss_mb: float
    stdout: str
    stderr: str
    returncode: int


def run(argv: list[str], env: dict[str, str]) -> Run:
    """A child process, timed: wall clock here, CPU and peak RSS from its own rusage (os.wait4, which also counts
    what it started and waited for)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env={**os.environ, **env}, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), process.returncode)


def jjkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def stages(progress: str) -> dict[str, float]:
    """Seconds per stage from timed_build.py's lines: each line's time runs until the next line."""
    lines = [(float(t), m) for t, m in (line.split("\t", 1) for line in progress.splitlines() if "\t" in line)]
    out: dict[str, float] = {"reading the reference tables": lines[0][0] if lines else 0.0}
    for (t, message), (t_next, _m) in zip(lines, lines[1:]):
        name = STAGES.get(message.split()[0], message.split()[0])
        out[name] = out.get(name, 0.0) + t_next - t
    return out


def _last_time(progress: str) -> float:
    """When the build's last progress line was printed, from its start (what came before is start-up)."""
    times = [float(line.split("\t", 1)[0]) for line in progress.splitlines() if "\t" in line]
    return times[-1] if times else 0.0


def disk_mb(store_link: Path) -> float:
    store = store_link.resolve()
    return sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) / 2**20


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 2 else values[0]


@dataclass
class Figures:
    size: int
    reports: int = 0
    quads: int = 0
    ingest: Run | None = None
    build: Run | None = None
    stages: dict[str, float] = field(default_factory=dict)
    disk_mb: float = 0.0
    recall: str = ""
    first_page: float = 0.0
    first_search: float = 0.0
    page_p99_ms: float = 0.0
    page_p50_ms: float = 0.0
    page_n: int = 0
    sparql_p99_ms: float = 0.0
    sparql_p50_ms: float = 0.0
    sparql_n: int = 0
    slowest: list[str] = field(default_factory=list)  # the slowest requests, ms and path
    add_one: Run | None = None
    add_many: Run | None = None


def check(step: str, done: Run) -> None:
    if done.returncode != 0:
        sys.exit(f"{step} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def serve_and_ask(f: Figures, env: dict[str, str], var: Path, requests: int, log: Path, search_word: str) -> None:
    """Start-up to the first page and the first search, then the cold p99s, on one fresh server."""
    iris = cold.entities(var, 2 * requests, seed=1)
    pages, lookups = cold.requests("page", iris[:requests]), cold.requests("sparql", iris[requests:])
    port = free_port()
    server = servers.start("ours", jjkg("serve", "--port", str(port)), {**env, "JJKG_ACCESS_LOG": "off"}, log, port)
    try:
        f.first_page = server.wait("/", 180, "text/html")
        f.first_search = server.wait("/search.json?q=" + urllib.parse.quote(search_word), 180, "application/json")
        with httpx.Client(base_url=server.url, timeout=60) as client:
            f.page_p50_ms, f.page_p99_ms, f.page_n = timed(client, pages, f.slowest)
            f.sparql_p50_ms, f.sparql_p99_ms, f.sparql_n = timed(client, lookups, f.slowest)
    finally:
        server.stop()


def timed(client: httpx.Client, listing, slowest: list[str]) -> tuple[float, float, int]:
    """Median and p99 in ms of the requests sent one after another; the three slowest are added to `slowest`."""
    took = []
    for request in listing:
        started = time.perf_counter()
        answer = client.get(request.path, headers={"Accept": request.accept})
        answer.read()
        took.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{request.path[:120]} answered {answer.status_code}")
    if not took:
        return 0.0, 0.0, 0
    slow = sorted(zip(took, (r.path for r in listing)), reverse=True)[:3]
    slowest += [f"{ms:.0f} ms {urllib.parse.unquote(path)[:140]}" for ms, path in slow]
    return statistics.median(took), p99(took), len(took)


def serve_only(size: int, requests: int) -> Figures:
    """The serving figures again on the store a previous run left in var/bench-corpus/SIZE (with what it added)."""
    root = WORK / str(size)
    env = {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var"), "PYTHONPATH": str(ROOT)}
    f = Figures(size)
    manifest = json.loads((root / "var" / "store" / "manifest.json").read_text(encoding="utf-8"))
    f.reports, f.quads = len(manifest["reports"]), manifest["quads"]
    search_word = json.loads(next((root / "gen" / "known").glob("*.json")).read_text(encoding="utf-8"))["place_name"]
    serve_and_ask(f, env, root / "var", requests, root / "serve.log", search_word)
    return f


def measure(size: int, seed: int, requests: int, add_many: bool, long: bool = False) -> Figures:
    root = WORK / str(size)
    shutil.rmtree(root, ignore_errors=True)
    gen, extra = root / "gen", root / "extra"
    corpus_gen.generate(size, seed, gen, long=long)
    corpus_gen.generate(101 if add_many else 1, seed, extra, first=size, long=long)  # the texts added later: not in the corpus
    extra_texts = sorted((extra / "texts").glob("*.txt"))
    (root / "one").mkdir()
    shutil.move(extra_texts[0], root / "one" / extra_texts[0].name)
    data, var = root / "data", root / "var"
    shutil.copytree(ROOT / "data", data)
    for path in (data / "reports").iterdir():
        path.unlink()
    env = {"JJKG_DATA_DIR": str(data), "JJKG_VAR_DIR": str(var), "PYTHONPATH": str(ROOT)}
    f = Figures(size)

    print(f"[{size}] ingesting {size} generated texts", flush=True)
    f.ingest = run(jjkg("ingest", str(gen / "texts"), "--format", "json"), env)
    rows = json.loads(f.ingest.stdout) if f.ingest.stdout.startswith("[") else []
    if f.ingest.returncode == 1 and any(r["refused"] for r in rows):  # the others went in: the check counts these
        print(f"[{size}] refused: " + "; ".join(f"{r['file']}: {r['refused']}" for r in rows if r["refused"]))
    else:
        check("jjkg ingest of the corpus", f.ingest)
    (root / "ingest-rows.json").write_text(f.ingest.stdout, encoding="utf-8")
    f.recall = corpus_recall.report(corpus_recall.check(gen, data, rows))

    print(f"[{size}] building", flush=True)
    f.build = run([sys.executable, str(HERE / "timed_build.py")], env)
    check("the build", f.build)
    f.stages = {"interpreter and imports": f.build.wall - _last_time(f.build.stdout), **stages(f.build.stdout)}
    manifest = json.loads((var / "store" / "manifest.json").read_text(encoding="utf-8"))
    f.reports, f.quads = len(manifest["reports"]), manifest["quads"]
    f.disk_mb = disk_mb(var / "store")

    print(f"[{size}] serving", flush=True)
    search_word = json.loads(next((gen / "known").glob("*.json")).read_text(encoding="utf-8"))["place_name"]
    serve_and_ask(f, env, var, requests, root / "serve.log", search_word)

    print(f"[{size}] adding one report" + (" and then 100" if add_many else ""), flush=True)
    f.add_one = run(jjkg("ingest", str(next((root / "one").glob("*.txt")))), env)
    check("jjkg ingest FILE", f.add_one)
    if add_many:
        f.add_many = run(jjkg("ingest", str(extra / "texts"), "--format", "tsv"), env)
        check("jjkg ingest of 100 texts", f.add_many)
    return f


def _run(r: Run | None) -> str:
    return f"{r.wall:.1f} s (CPU {r.cpu:.1f} s)" if r else "not run"


def table(figures: list[Figures]) -> str:
    rows = [
        ("reports", lambda f: str(f.reports)),
        ("quads", lambda f: f"{f.quads:,}"),
        ("ingest of the corpus (first build)", lambda f: _run(f.ingest)),
        ("build: wall (CPU)", lambda f: _run(f.build)),
        ("build: peak RSS", lambda f: f"{f.build.peak_rss_mb:.0f} MB"),
        ("disk of one publication", lambda f: f"{f.disk_mb:.1f} MB"),
        ("add one report (ingest FILE)", lambda f: _run(f.add_one)),
        ("add 100 reports (ingest DIR)", lambda f: _run(f.add_many)),
        ("serve: start → first page", lambda f: f"{f.first_page:.2f} s"),
        ("serve: start → first search", lambda f: f"{f.first_search:.2f} s"),
        ("cold page p99 (p50)", lambda f: f"{f.page_p99_ms:.0f} ms ({f.page_p50_ms:.0f}), {f.page_n} distinct"),
        ("SPARQL point lookup p99 (p50)",
         lambda f: f"{f.sparql_p99_ms:.0f} ms ({f.sparql_p50_ms:.0f}), {f.sparql_n} distinct"),
    ]
    stage_names = list(dict.fromkeys(name for f in figures for name in f.stages))
    at = rows.index(next(r for r in rows if r[0] == "build: peak RSS")) + 1
    rows[at:at] = [(f"build: {name}", lambda f, name=name: f"{f.stages.get(name, 0.0):.1f} s") for name in stage_names]
    head = "| | " + " | ".join(f"{f.size} texts" for f in figures) + " |"
    lines = [head, "|---|" + "---|" * len(figures)]
    lines += [f"| {label} | " + " | ".join(cell(f) for f in figures) + " |" for label, cell in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20 100", help="corpus sizes (texts), space-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=200, help="distinct requests per kind for the p99s")
    parser.add_argument("--add-many-up-to", type=int, default=1000,
                        help="time `jjkg ingest` of 100 more texts at sizes up to this (0: never)")
    parser.add_argument("--long", action="store_true",
                        help="formal reports with paragraphs without figures (bench/corpus_gen.py --long)")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the serving figures, on the stores a previous run left under var/bench-corpus/")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; work under {WORK}", flush=True)
    figures = []
    for size in (int(s) for s in args.sizes.split()):
        if args.serve_only:
            f = serve_only(size, args.requests)
            print(f"[{size}] {f.reports} reports, {f.quads} quads; server start → first page {f.first_page:.2f} s, "
                  f"first search {f.first_search:.2f} s; cold page p99 {f.page_p99_ms:.0f} ms (p50 "
                  f"{f.page_p50_ms:.0f}), SPARQL point lookup p99 {f.sparql_p99_ms:.0f} ms (p50 {f.sparql_p50_ms:.0f})")
        else:
            f = measure(size, args.seed, args.requests, size <= args.add_many_up_to, args.long)
            print(f.recall, flush=True)
        print("slowest: " + "; ".join(f.slowest), flush=True)
        figures.append(f)
    if not args.serve_only:
        print(table(figures))


if __name__ == "__main__":
    main()
