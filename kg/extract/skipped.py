"""A statement whose extraction raised: skipped with a warning that names it, so that a bug of ours in one sentence
costs that sentence, not the report (issue 27). kg.graph.quarantine does the same later for malformed facts."""

from __future__ import annotations

from dataclasses import asdict, dataclass

WORDS_SHOWN = 60  # characters of the statement in a warning: enough to find it, short enough for one line
MESSAGE_SHOWN = 200


@dataclass(frozen=True)
class Skipped:
    report: str  # slug
    file: str
    line: int | None
    words: str  # the statement's words, shortened
    error: str  # the exception's type
    message: str

    @classmethod
    def of(cls, report: str, file: str, line: int | None, words: str, exc: Exception) -> Skipped:
        return cls(report, file, line, shorten(words, WORDS_SHOWN), type(exc).__name__,
                   shorten(str(exc), MESSAGE_SHOWN))

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return (f"skipped a statement that extraction failed on ({self.error}: {self.message}) — "
                f"{where}: “{self.words}”")

    def as_json(self) -> dict:
        return asdict(self)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
