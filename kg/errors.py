"""The one error hierarchy of `kg`. `api` maps these to HTTP statuses in one place; the CLI prints them."""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base of every error `kg` raises on purpose. Carries the file and line it is about, when known."""

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __reduce__(self):
        # Errors cross from query worker processes to the server; keep every attribute, not just args.
        return (_rebuild, (type(self), self.message, self.__dict__))

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


def _rebuild(cls: type[KGError], message: str, state: dict) -> KGError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InputError(KGError):
    """A report, its metadata or a reference file cannot be used as it is."""


class ValidationFailed(KGError):
    """The graph does not conform to the SHACL shapes; it must not be published."""

    def __init__(self, message: str, report_text: str = "", violations: int = 0):
        super().__init__(message)
        self.report_text = report_text
        self.violations = violations


class StoreError(KGError):
    """The persistent store is missing, unreadable or cannot be replaced."""


class QueryError(KGError):
    """A SPARQL query that cannot be run: syntax error, forbidden feature, unsupported form."""

    def __init__(self, message: str, *, position: tuple[int, int] | None = None):
        super().__init__(message)
        self.position = position  # (line, column) of a syntax error, 1-based, when known


class QueryRefused(QueryError):
    """A query that parses but asks for something this read-only, offline service never does."""


class UpdateRefused(QueryRefused):
    """A SPARQL Update (INSERT, DELETE, LOAD, CLEAR ...): the service is read-only."""


class QueryTimeout(KGError):
    """A query ran past its deadline and was stopped."""


class WorkersBusy(QueryTimeout):
    """No query worker became free before the query's deadline; nothing was run."""


class ClientBusy(WorkersBusy):
    """This client already holds its fair share of /sparql slots (JJKG_SPARQL_PER_CLIENT); nothing was run."""


class QueryAborted(KGError):
    """The worker running a query died (it went over its memory cap, or was killed from outside)."""


class QueryEngineFailed(KGError):
    """The query engine itself crashed on a query (a panic inside pyoxigraph): a defect of the engine, which
    asking again will not mend."""


class QueryTooLarge(KGError):
    """A request went over a configured limit (query length, body size, result size)."""


class NotFound(KGError):
    """An IRI, report or file that the published graph does not have."""

    def __init__(self, message: str, *, iri: str | None = None):
        super().__init__(message)
        self.iri = iri


class NoAcceptableFormat(KGError):
    """None of the formats the client accepts can carry this kind of result."""


class BadParameter(KGError):
    """A request parameter that is malformed or names something the resource does not have (a page of a list
    given as `abc`, or a list the page does not show)."""
