"""`jjkg`: build, check, query and serve the Jinjiang knowledge graph."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.errors import KGError, ValidationFailed
from kg.settings import RemoteConfig, Settings, check_url, parse_store_setting

# No console markup: what is printed holds paths, queries and messages, and `[bold]` in a file name must print
# as written (with markup on, `[/bold]` even raised). Styles are given as rich Text instead.
out = Console(highlight=False, soft_wrap=True, markup=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def _error(message: str) -> None:
    err.print(Text.assemble(("error:", "red"), " ", message))


def _settings_help() -> str:
    return "\n".join(f"  {var:24} {text}" for var, text in Settings.describe())


def handles_errors(fn):
    """Print a KGError or an OSError as one readable line (file:line: message) and exit 1, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            _error(exc.message)
            err.print(exc.report_text)
            sys.exit(1)
        except KGError as exc:
            _error(str(exc))
            sys.exit(1)
        except OSError as exc:  # a full disk, a read-only directory: say which file and why, not a traceback
            where = f"{exc.filename}: " if exc.filename else ""
            _error(f"{where}{exc.strerror or exc}")
            sys.exit(1)
        except KeyboardInterrupt:
            err.print("interrupted")
            sys.exit(130)

    return wrapper


def _progress():
    status = err.status("starting")
    status.start()

    def update(message: str) -> None:
        status.update(message)

    return status, update


@click.group(epilog="Settings (environment variables):\n\n\b\n" + _settings_help())
@click.version_option(package_name="jinjiang-kg")
def main() -> None:
    """Build, validate, query and serve the Jinjiang government-report knowledge graph."""


@main.command()
@click.option("--if-stale", is_flag=True, help="Do nothing when the published graph was built from the current inputs.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract the reports on the workers of this Dask scheduler (tcp://host:8786), which must see the "
                   "same paths [default: JJKG_SCHEDULER, or on this machine].")
@click.option("--no-cache", is_flag=True,
              help="Extract, emit and check every report again, reading and keeping nothing in "
                   "JJKG_VAR_DIR/extractions and JJKG_VAR_DIR/emissions "
                   "[default: JJKG_EXTRACT_CACHE and JJKG_EMIT_CACHE, on].")
@handles_errors
def build(if_stale: bool, scheduler: str | None, no_cache: bool) -> None:
    """Extract every report (those unchanged since the last build read back from the cache), validate with SHACL
    and publish a new store atomically."""
    import os

    from kg.pipeline.build import build as run_build
    from kg.pipeline.build import build_if_stale

    if scheduler is not None:
        os.environ["JJKG_SCHEDULER"] = scheduler
    if no_cache:
        os.environ["JJKG_EXTRACT_CACHE"] = "off"
        os.environ["JJKG_EMIT_CACHE"] = "off"
    settings = Settings.from_env()
    status, update = _progress()
    try:
        run = build_if_stale if if_stale else run_build
        manifest = run(settings, progress=update, notice=_notice(status))
    finally:
        status.stop()
    if manifest is None:
        err.print("graph is up to date")
        return
    _print_warnings(manifest)
    err.print(f"built {manifest['quads']} quads, {manifest['goals']} goals from {len(manifest['reports'])} report(s) "
              f"in {manifest['seconds']} s → {manifest['path']}")
    _print_extractions(manifest)
    _print_left_out(manifest)


def _print_left_out(manifest: dict) -> None:
    """How many numbers read were kept as no figure, and where they are listed with why (kg/pipeline/left_out.py)."""
    from kg.pipeline.left_out import LEFT_OUT

    left = sum(found.get("left_out", 0) for found in manifest.get("found", {}).values())
    if left:
        err.print(f"{left} number(s) read and kept as no figure, each with why: {Path(manifest['path']) / LEFT_OUT}",
                  markup=False, highlight=False)


def _print_extractions(manifest: dict) -> None:
    """How many reports the build extracted, and how many it read back from the cache (kg/graph/extract_cache.py)."""
    err.print(f"extractions: {manifest.get('extractions_reused', 0)} read back from the cache, "
              f"{manifest.get('extractions_made', 0)} made", markup=False, highlight=False)
    if "graphs_made" in manifest:  # kg/graph/emit_cache.py
        err.print(f"report graphs: {manifest['graphs_reused']} read back from the cache, {manifest['graphs_made']} made; "
                  f"{manifest['verdicts_reused']} SHACL verdicts read back", markup=False, highlight=False)
    if "store_fill" in manifest:  # kg/pipeline/build.py store_fill
        err.print(f"store: {manifest['store_fill']}", markup=False, highlight=False)


def _notice(status):
    """A line printed above the status spinner (waiting for another writer, a killed run's leftovers undone)."""
    return lambda line: status.console.print(line, markup=False, highlight=False)


def _print_warnings(manifest: dict) -> None:
    """What our extraction's faults cost, the report staying in: statements skipped because extracting them
    raised, and facts the SHACL gate dropped."""
    from rich.markup import escape

    from kg.extract.skipped import Skipped
    from kg.graph.quarantine import Dropped

    texts = [Skipped(**s).text() for s in manifest.get("skipped", [])]
    texts += [Dropped(**d).text() for d in manifest.get("dropped", [])]
    for text in texts:
        err.print(f"[yellow]warning:[/yellow] {escape(text)}", markup=True, highlight=False)


def _print_found(slug: str, found: dict, dropped: int) -> None:
    kinds = ", ".join(f"{n} {key}" for key, n in found["figures_by_kind_year"].items()) or "none"
    skipped = f"; {found['skipped']} statement(s) skipped" if found.get("skipped") else ""
    skipped += f"; {found['left_out']} number(s) kept as no figure" if found.get("left_out") else ""
    places = "、".join(found["places"][:12]) + (" …" if len(found["places"]) > 12 else "")
    err.print(f"found in {slug}: {found['statements']} statements in {found['sections']} sections; "
              f"{found['figures']} figures ({kinds}); {len(found['places'])} places mentioned"
              f"{': ' + places if places else ''}; {found['projects']} projects; {dropped} fact(s) dropped"
              f"{skipped}", markup=False)


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handles_errors
def validate(path: Path | None) -> None:
    """Check the graph against the SHACL shapes; exit 1 on any violation.

    Without PATH, the graph is built from the current inputs (nothing is published). With PATH, that RDF file
    (N-Quads, TriG, Turtle, N-Triples, JSON-LD) is checked instead; JSON-LD may use our context, and nothing
    else is fetched.
    """
    from rdflib import Dataset

    from kg.graph.build import make_graph, shapes_dir
    from kg.graph.validate import load_shapes, union
    from kg.graph.validate import validate as run_validate
    from kg.views import jsonld

    if path is None:
        status, update = _progress()
        try:
            data = make_graph(Settings.from_env(), progress=update).union
            update("validating with SHACL")
            report = run_validate(data, load_shapes(shapes_dir()))
        finally:
            status.stop()
    else:
        fmt = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}.get(path.suffix)
        if fmt is None:
            raise click.BadParameter("use a .nq, .trig, .ttl, .nt or .jsonld file", param_hint="PATH")
        ds = Dataset()
        try:
            if fmt == "json-ld":  # rdflib's JSON-LD parser fetches remote @context URLs; kg.views.jsonld refuses them
                ds.parse(data=jsonld.to_nquads(json.loads(path.read_text(encoding="utf-8"))), format="nquads")
            else:
                ds.parse(path, format=fmt)
        except Exception as exc:  # parsers raise many types; report which file and why
            raise KGError(f"cannot parse as {fmt}: {jsonld.root_cause(exc)}", file=path) from None
        report = run_validate(union(ds), load_shapes(shapes_dir()))
    out.print(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("sparql")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv", "xml"]), default="table",
              show_default=True, help="How to print SELECT/ASK results (CONSTRUCT/DESCRIBE always print Turtle).")
@handles_errors
def query(sparql: str, fmt: str) -> None:
    """Run a read-only SPARQL query on the published graph. The project's prefixes (jjo:, rdfs:, skos: ...) are
    predefined; '-' reads the query from standard input."""
    import pyoxigraph as ox

    from kg.sparql.query import QueryService

    if sparql == "-":
        sparql = sys.stdin.read()
    settings = Settings.from_env()
    info, result = QueryService.from_settings(settings).run(sparql)
    if info.form in ("CONSTRUCT", "DESCRIBE"):
        sys.stdout.write(ox.serialize(result, format=ox.RdfFormat.TURTLE).decode("utf-8"))
        return
    if fmt != "table":
        formats = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
        sys.stdout.write(result.serialize(format=formats[fmt]).decode("utf-8") + "\n")
        return
    if info.form == "ASK":
        out.print("true" if bool(result) else "false")
        return
    variables = [v.value for v in result.variables]
    table = Table(*variables, show_lines=False)
    n = 0
    for row in result:
        table.add_row(*[_cell(row[v]) for v in variables])
        n += 1
    out.print(table)
    err.print(f"{n} row(s)")


def _cell(term) -> str:
    if term is None:
        return ""
    text = term.value
    lang = getattr(term, "language", None)
    return f"{text}@{lang}" if lang else text


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@handles_errors
def stats(as_json: bool) -> None:
    """Counts per class and per report in the published graph."""
    from kg.sparql.query import QueryService
    from kg.views.stats import per_class, per_report

    service = QueryService.from_settings(Settings.from_env())
    classes, reports = per_class(service), per_report(service)
    if as_json:
        out.print_json(json.dumps({"classes": dict(classes), "reports": reports}, ensure_ascii=False))
        return
    t = Table("class", "count")
    for name, n in classes:
        t.add_row(name, str(n))
    out.print(t)
    t = Table("report", "plan", "review", "goals", "figures", "targets", "results", "projects", "places mentioned")
    for r in reports:
        t.add_row(r["r"].rsplit("/", 1)[-1], r["plan"], r["review"], r["goals"], r["figures"], r["targets"],
                  r["results"], r["projects"], r["places"])
    out.print(t)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--year", type=click.IntRange(1949, 2200),
              help="The year the report plans for [default: read from the text].")
@click.option("--review-year", type=click.IntRange(1949, 2200),
              help="The year it reviews [default: read from the text, else YEAR-1].")
@click.option("--place", help="The reporting government's place: a Chinese name (石狮市), an NBS division code "
              "(350581) or a slug [default: read from the text].")
@click.option("--title", help="Title of the report [default: its first line].")
@click.option("--publisher", default="", help="Who published the text [default: its `来源：` line or wire dateline].")
@click.option("--source-url", default="", help="Where the text was published (http:// or https://).")
@click.option("--author", default="", help="Who wrote it.")
@click.option("--delivered", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date delivered, YYYY-MM-DD [default: read from the text].")
@click.option("--slug", help="Report slug [default: PLACE-YEAR].")
@click.option("--replace", is_flag=True, help="Replace the report of the same slug (PLACE-YEAR or --slug), and only that one.")
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default="table", show_default=True,
              help="How a folder's rows are printed: a table to read, or TSV/JSON for programs.")
@handles_errors
def ingest(path: Path, year: int | None, review_year: int | None, place: str | None, title: str | None,
           publisher: str, source_url: str, author: str, delivered: dt.datetime | None, slug: str | None,
           replace: bool, fmt: str) -> None:
    """Add the report at PATH to data/reports/ and rebuild; on any failure nothing changes.

    The reporting government, the plan year, the year reviewed and the date delivered are read from the text
    (and printed, with the words they came from); an option overrides what the text says, and what neither
    gives is an error that names it.

    PATH may be a folder: every .txt and web page under it is read with no option and all are added in one
    build; a table says what each went in as, and why, or why not.
    """
    from kg.pipeline.ingest import ingest as run_ingest

    if path.is_dir():
        given = [name for name, value in (("--year", year), ("--review-year", review_year), ("--place", place),
                                          ("--title", title), ("--publisher", publisher), ("--source-url", source_url),
                                          ("--author", author),
                                          ("--delivered", delivered), ("--slug", slug), ("--replace", replace))
                 if value]
        if given:
            raise click.UsageError(f"{', '.join(given)} describe(s) one report: a folder's reports are each read "
                                   "from their own text (ingest a file alone to give options)")
        _ingest_folder(path, fmt)
        return
    if fmt != "table":
        raise click.UsageError("--format prints a folder's rows: a file's report is described on standard error")

    status, update = _progress()

    def found(line: str) -> None:
        status.console.print(line, markup=False, highlight=False)

    try:
        manifest = run_ingest(Settings.from_env(), path, year, review_year=review_year, place=place, title=title,
                              publisher=publisher, source_url=source_url, author=author,
                              delivered=delivered.date() if delivered else None, slug=slug, replace=replace,
                              progress=update, found=found, notice=_notice(status))
    finally:
        status.stop()
    err.print(f"read {path}: {manifest['read']}", markup=False)
    _print_warnings(manifest)
    mine = [d for d in manifest.get("dropped", []) if d["report"] == manifest["report"]]
    _print_found(manifest["report"], manifest["found"][manifest["report"]], len(mine))
    err.print(f"added {manifest['report']} ({manifest['file']}); graph rebuilt: {manifest['quads']} quads, "
              f"{manifest['goals']} goals")
    _print_extractions(manifest)


def _ingest_folder(folder: Path, fmt: str) -> None:
    from kg.pipeline.ingest_folder import ingest_folder

    status, update = _progress()

    def told(row) -> None:
        what = f"refused: {row.refused}" if row.refused else \
            f"already in as {row.slug}" if row.already else f"{row.slug}: {row.place}, plan {row.plan_year}"
        status.console.print(f"{row.file} → {what}", markup=False, highlight=False)

    try:
        rows, manifest = ingest_folder(Settings.from_env(), folder, progress=update, told=told,
                                       notice=_notice(status))
    finally:
        status.stop()
    _print_rows(rows, fmt, f"jjkg ingest {folder}")
    added = [r for r in rows if r.slug and not r.refused and not r.already]
    refused = [r for r in rows if r.refused]
    if manifest is None:
        if refused:
            raise KGError(f"none of the {len(rows)} file(s) in {folder} could be added (reasons above); nothing changed")
        err.print(f"every report in {folder} is already in; nothing changed")
        return
    _print_warnings(manifest)
    err.print(f"added {len(added)} of {len(rows)} report(s) from {folder}; graph rebuilt: {manifest['quads']} quads, "
              f"{manifest['goals']} goals from {len(manifest['reports'])} report(s) in {manifest['seconds']} s")
    _print_extractions(manifest)
    if refused:
        sys.exit(1)  # the others are in; the table says why these are not


def _print_rows(rows, fmt: str, title: str) -> None:
    """A folder's rows: each file, what it went in as and from which words, what was found, how long it took."""
    import csv
    import dataclasses

    header = ("file", "report", "place", "plan", "review", "from the words", "statements", "figures by kind and year",
              "warnings", "seconds")
    if fmt == "json":
        out.print(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=1, default=str))
        return
    lines = []
    for r in rows:
        found = r.found
        words = "; ".join(line.split(" — ", 1)[-1] for line in r.reasons[:3])
        figures = ", ".join(f"{n} {key}" for key, n in found.get("figures_by_kind_year", {}).items())
        warnings = r.refused or ("already in" if r.already else "") or \
            (f"{found.get('skipped', 0)} statement(s) skipped" if found.get("skipped") else "")
        lines.append((r.file, r.slug or "—", r.place.split(" (")[0], str(r.plan_year or ""),
                      str(r.review_year or ""), words, str(found.get("statements", "")), figures, warnings,
                      f"{r.seconds:.1f}"))
    if fmt == "tsv":
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(lines)
        return
    table = Table(title=title)
    for name in header:
        table.add_column(name, no_wrap=name in ("file", "report", "place"))  # what a row is looked up by stays whole
    for line in lines:
        table.add_row(*line)
    out.print(table)


@main.command()
@click.option("--triples", type=click.IntRange(1000), required=True, help="Distinct triples wanted (about).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="A var directory to publish the synthetic store in (its `store` link is what JJKG_VAR_DIR opens).")
@click.option("--years", type=click.IntRange(1, 50), default=10, show_default=True, help="Report years per county.")
@click.option("--seed", type=int, default=0, show_default=True)
@handles_errors
def synth(triples: int, out: Path, years: int, seed: int) -> None:
    """Generate a report-like synthetic graph of about TRIPLES triples and publish it as a store in OUT (for
    benchmarks: `JJKG_VAR_DIR=OUT jjkg serve`)."""
    import time as _time

    from kg.graph.synthetic import Plan, generate
    from kg.pipeline.indexes import write_indexes
    from kg.store import embedded as store_mod

    plan = Plan.for_triples(triples, years)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "synthetic.nq"
    status, update = _progress()
    try:
        t0 = _time.perf_counter()
        with path.open("wb") as f:
            n = generate(f, plan, seed, progress=update)
        t1 = _time.perf_counter()
        update(f"loading {n:,} triples")
        manifest = {"synthetic": True, "triples": n, "counties": plan.counties, "years": plan.years,
                    "generate_seconds": round(t1 - t0, 1)}
        target = store_mod.write_from_file(path, out, manifest, indexes=write_indexes)
        manifest["load_seconds"] = round(_time.perf_counter() - t1, 1)
        (target / store_mod.MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        store_mod.publish(target, out / "store")
    finally:
        status.stop()
    size = sum(p.stat().st_size for p in (target / store_mod.DATABASE).rglob("*") if p.is_file())
    err.print(f"{n:,} triples ({plan.counties} counties × {plan.years} years) generated in {manifest['generate_seconds']} s, "
              f"loaded in {manifest['load_seconds']} s; store {size / 1e6:.0f} MB → {target}")


@main.command()
@click.option("--to", "to", help="The store's SPARQL query endpoint, http(s)://… or sparql+http(s)://… "
              "[default: JJKG_STORE].")
@click.option("--update", help="Its SPARQL Update endpoint [default: JJKG_STORE_UPDATE] (Virtuoso: …/sparql-auth).")
@click.option("--user", help="User for the update endpoint [default: JJKG_STORE_USER].")
@click.option("--password", help="Its password [default: JJKG_STORE_PASSWORD].")
@click.option("--batch", type=click.IntRange(1, 100_000), default=2000, show_default=True,
              help="Triples per update request.")
@handles_errors
def publish(to: str | None, update: str | None, user: str | None, password: str | None, batch: int) -> None:
    """Load the published local build into a SPARQL 1.1 store (e.g. Virtuoso): each report, reference, ontology
    and derived graph as a named graph, plus their union, in batches. Interrupted, it resumes where it stopped
    when run again; readers see the new data only once every batch is in."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kg.pipeline.writer import writing
    from kg.store import embedded as store_mod
    from kg.store.publish import Publisher, plan

    settings = Settings.from_env()
    endpoint = to or settings.store
    if not endpoint:
        raise KGError("where to? give --to URL (the store's SPARQL endpoint) or set JJKG_STORE")
    endpoint = parse_store_setting(endpoint if endpoint.startswith("sparql+") else "sparql+" + endpoint)
    update = check_url(update, "--update") if update else settings.store_update
    config = RemoteConfig(endpoint, update=update or None, user=user or settings.store_user or None,
                                 password=password or settings.store_password or None,
                                 connect_timeout=settings.store_connect_timeout)
    # The whole run under the write lock: a build publishing meanwhile would change what is being sent.
    with writing(settings, "jjkg publish", lambda line: err.print(line, markup=False, highlight=False)):
        published = store_mod.current(settings.store_link)
        if published is None:
            raise KGError("no graph has been built yet: run `jjkg build` first", file=settings.store_link)
        publisher = Publisher(config, settings.var_dir, batch=batch)
        work = plan(published)
        with Progress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(), TextColumn("batches"),
                      TimeRemainingColumn(), console=err, transient=True) as bar:
            task = bar.add_task("publish", total=None)
            figures = publisher.publish(work, progress=lambda done, total: bar.update(task, completed=done,
                                                                                       total=total))
    if figures["already"]:
        err.print(f"{endpoint} already serves build {figures['stamp']}: nothing to do")
        return
    err.print(f"published build {figures['stamp']} to {endpoint}: {figures['triples']:,} triples in "
              f"{figures['graphs']} graphs + a union of {figures['union']:,}, {figures['sent']} of "
              f"{figures['batches']} batches sent now, in {figures['seconds']} s")


@main.command()
@handles_errors
def index() -> None:
    """Write the indexes kept beside the published store (search, pages' lists) again, as its build does: for a
    store built before an index existed (`JJKG_VAR_DIR=var/bench/10m jjkg index`). Restart servers to use them."""
    import time as _time

    from kg.pipeline.indexes import write_indexes_of

    status, update = _progress()
    t0 = _time.perf_counter()
    try:
        directory = write_indexes_of(Settings.from_env().store_link, progress=update)
    finally:
        status.stop()
    err.print(f"indexes written in {_time.perf_counter() - t0:.1f} s → {directory}")


@main.command(epilog="Settings (environment variables):\n\n\b\n" + _settings_help())
@click.option("--host", help="Address to bind [default: JJKG_HOST or 127.0.0.1].")
@click.option("--port", type=click.IntRange(1, 65535), help="Port [default: JJKG_PORT, PORT or 8000].")
@click.option("--query-timeout", type=click.FloatRange(0.1, 3600),
              help="Seconds a SPARQL query may take, waiting included; then it is stopped (503) [default: 10].")
@click.option("--max-result-rows", type=click.IntRange(1),
              help="Rows (or triples) returned before a result is cut and marked X-JJKG-Truncated [default: 10000].")
@click.option("--max-query-length", type=click.IntRange(1), help="Characters in one query (413 past it) [default: 100000].")
@click.option("--max-body-bytes", type=click.IntRange(1), help="Bytes in one request body (413 past it) [default: 1000000].")
@click.option("--query-workers", type=click.IntRange(1), help="Query worker processes [default: 2].")
@click.option("--query-memory-mb", type=click.IntRange(64), help="Address-space cap per query worker, MB [default: 2048].")
@click.option("--workers", "web_workers", type=click.IntRange(1),
              help="Web server processes, each opening the store read-only; query workers are shared out among "
                   "them [default: JJKG_WEB_WORKERS or 2].")
@handles_errors
def serve(host: str | None, port: int | None, query_timeout: float | None, max_result_rows: int | None,
          max_query_length: int | None, max_body_bytes: int | None, query_workers: int | None,
          query_memory_mb: int | None, web_workers: int | None) -> None:
    """Serve the published graph over HTTP: the SPARQL endpoint and query page at /sparql, VoID at /void.

    Public queries run in killable worker processes with a deadline, a memory cap and no network; the endpoint
    is read-only.
    """
    import os

    for name, value in (("QUERY_TIMEOUT", query_timeout), ("MAX_RESULT_ROWS", max_result_rows),
                        ("MAX_QUERY_LENGTH", max_query_length), ("MAX_BODY_BYTES", max_body_bytes),
                        ("QUERY_WORKERS", query_workers), ("QUERY_MEMORY_MB", query_memory_mb),
                        ("HOST", host), ("PORT", port), ("WEB_WORKERS", web_workers)):
        if value is not None:
            os.environ[f"JJKG_{name}"] = str(value)
    settings = Settings.from_env()
    from api import serving

    serving.check_store(settings)  # fail here, readably, when there is no graph yet
    # A query sent by GET travels in the request line: let it be as long as a query may be, percent-encoded.
    request_head_bytes = max(64 * 1024, 9 * settings.max_query_length + 8 * 1024)

    serving.run(settings.host, settings.port, settings.http, request_head_bytes, settings.web_workers,
                access_log=settings.access_log == "on")


if __name__ == "__main__":
    main()
