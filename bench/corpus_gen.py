"""A generated corpus of government work reports for the corpus benchmark (issue 14): report *texts* in the three
layouts the pipeline reads (formal full text, newspaper digest, news article), a quarter of them in traditional
characters, for places drawn from the national gazetteer (data/reference/divisions.csv) and plan years 2005–2026,
with the figures each text states known. Deterministic from the seed.

    python bench/corpus_gen.py --reports 200 --seed 1 --out var/bench-corpus/gen

writes OUT/texts/NNNN-<slug>-<year>.txt (what `jjkg ingest OUT/texts` reads) and OUT/known/NNNN-….json (the text's
place, years, layout, script and its figures: indicator, value, unit, year, kind, statistic). The prose is this
project's own; no sentence comes from a real report. It checks the pipeline at scale; it is not the quality measure
(texts written here never are: tests/quality/README.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus_figures  # noqa: E402
import corpus_prose  # noqa: E402
import opencc  # noqa: E402
from corpus_places import Gazetteer  # noqa: E402

YEARS = range(2005, 2027)  # plan years
TRADITIONAL_EVERY = 4  # one group of three texts (one per layout) in four is in traditional characters


def layout_of(index: int) -> str:
    return tuple(corpus_prose.LAYOUTS)[index % len(corpus_prose.LAYOUTS)]


def script_of(index: int) -> str:
    return "traditional" if (index // len(corpus_prose.LAYOUTS)) % TRADITIONAL_EVERY == 1 else "simplified"


def _term(level: str, year: int) -> int:
    """The congress's term in that year: five-year terms, counted as the current ones are."""
    current = {"province": 14, "prefecture": 17, "county": 18}[level]
    return max(1, current - (2023 - year) // 5)


def _delivered(rng: random.Random, plan_year: int) -> dt.date:
    if rng.random() < 0.1:
        return dt.date(plan_year - 1, 12, rng.randint(18, 30))
    return dt.date(plan_year, 1, 1) + dt.timedelta(days=rng.randint(4, 55))


LONG_PARAGRAPHS = 60  # paragraphs without figures per part of a long formal report (≈ 9,000 characters in all)


def report(rng: random.Random, gazetteer: Gazetteer, used: set, long: bool = False) -> corpus_prose.Report:
    while True:  # one report per place and year: a second would be a second report of it (slug -2)
        gov, year = gazetteer.draw(rng), rng.choice(YEARS)
        if (gov.place.code, year) not in used:
            used.add((gov.place.code, year))
            break
    done = corpus_figures.results(rng, gov.level, year - 1, rng.randint(4, 7))
    todo = corpus_figures.targets(rng, gov.level, year, rng.randint(4, 6))
    projects = corpus_prose.draw_projects(rng, gov, rng.randint(3, 6))
    cut = len(projects) // 2
    more = {}
    if long:  # drawn only then, so that a corpus of short texts stays what it was for its seed
        more = {"more_done": corpus_prose.draw_paragraphs(rng, gov, corpus_prose.DONE_PHRASES, LONG_PARAGRAPHS),
                "more_todo": corpus_prose.draw_paragraphs(rng, gov, corpus_prose.TODO_PHRASES, LONG_PARAGRAPHS)}
    return corpus_prose.Report(gov, year, _delivered(rng, year), _term(gov.level, year), rng.randint(1, 5), done, todo,
                               projects[:cut], projects[cut:], **more)


def generate(count: int, seed: int, out: Path, first: int = 0, long: bool = False) -> list[dict]:
    """Write `count` texts (numbered from `first`) and their known figures under `out`; return the known records.
    Texts numbered alike from the same seed are the same texts, so `first` makes further texts for a corpus. `long`:
    formal reports get paragraphs without figures, to a length nearer real ones (digests and news stay short, as
    real ones are)."""
    gazetteer = Gazetteer()
    to_traditional = opencc.OpenCC("s2t")
    (out / "texts").mkdir(parents=True, exist_ok=True)
    (out / "known").mkdir(parents=True, exist_ok=True)
    rng, used, records = random.Random(seed), set(), []
    for index in range(first + count):
        r = report(rng, gazetteer, used, long and layout_of(index) == "formal")
        layout, script = layout_of(index), script_of(index)
        text = corpus_prose.LAYOUTS[layout](r, rng)
        if index < first:
            continue
        if script == "traditional":
            text = to_traditional.convert(text)
        name = f"{index:04d}-{r.gov.place.slug}-{r.plan_year}"
        (out / "texts" / f"{name}.txt").write_text(text, encoding="utf-8")
        record = {"file": f"{name}.txt", "place": r.gov.place.slug, "place_name": r.name,
                  "level": r.gov.level, "plan_year": r.plan_year, "review_year": r.review_year,
                  "delivered": r.delivered.isoformat(), "layout": layout, "script": script,
                  "projects": r.built + r.planned,
                  "figures": [f.row() for c in r.done + r.todo for f in c.figures]}
        (out / "known" / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
        records.append(record)
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first", type=int, default=0, help="number of the first text (further texts of a corpus)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--long", action="store_true", help="formal reports with paragraphs without figures")
    args = parser.parse_args(argv)
    records = generate(args.reports, args.seed, args.out, args.first, args.long)
    figures = sum(len(r["figures"]) for r in records)
    print(f"{len(records)} texts with {figures} known figures written to {args.out}/texts (known: {args.out}/known)")


if __name__ == "__main__":
    main()
