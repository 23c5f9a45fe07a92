"""Example queries answering research questions, one `.rq` file each in kg/sparql/queries/ (the query page lists them;
the tests check each one returns rows on the real graph).

Each file starts with `# title-zh:`, `# title-en:` and `# question:` lines; the rest is the query, written with
the predefined prefixes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

QUERIES_DIR = Path(__file__).parent / "queries"
FIELDS = ("title-zh", "title-en", "question")


@dataclass(frozen=True)
class Example:
    slug: str
    title_zh: str
    title_en: str
    question: str
    query: str


def load_examples(directory: Path = QUERIES_DIR) -> list[Example]:
    return [_read(path) for path in sorted(directory.glob("*.rq"))]


def _read(path: Path) -> Example:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.removeprefix("#").partition(":")
        if line.startswith("#") and key.strip() in FIELDS and not body:
            header[key.strip()] = value.strip()
        else:
            body.append(line)
    missing = [f for f in FIELDS if f not in header]
    if missing:
        raise ValueError(f"{path}: missing header line(s): {', '.join('# ' + m + ':' for m in missing)}")
    slug = path.stem.split("-", 1)[-1]
    return Example(slug, header["title-zh"], header["title-en"], header["question"], "\n".join(body).strip() + "\n")
