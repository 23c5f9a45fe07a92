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

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


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


class NotAcceptable(KGError):
    """None of the formats the client accepts can be produced."""


class QueryError(KGError):
    """A SPARQL query that cannot be run: syntax error, forbidden feature, unsupported form."""

    def __init__(self, message: str, *, position: tuple[int, int] | None = None):
        super().__init__(message)
        self.position = position  # (line, column) of a syntax error, 1-based, when known


class QueryRefused(QueryError):
    """A query that parses but asks for something this read-only, offline service never does."""


class QueryTimeout(KGError):
    """A query ran past its deadline and was stopped."""


class QueryTooLarge(KGError):
    """A request went over a configured limit (query length, body size, result size)."""


class NotFound(KGError):
    """An IRI, report or file that the published graph does not have."""

    def __init__(self, message: str, *, iri: str | None = None):
        super().__init__(message)
        self.iri = iri
