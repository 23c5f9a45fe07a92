"""The generated corpus as a recall check at scale (issue 14): after `jjkg ingest` of OUT/texts, compare what the
pipeline read with what the generator wrote — each text's place and years (read from its words by ingest), and
its figures as the build's extraction finds them (kg/extract/quality.py's matching: indicator, value, unit, year,
kind and statistic must all agree) — and print recall and precision per layout and script.

This checks the pipeline on many texts of known content; it is NOT the quality measure (issue 28): the texts are
written here, by a generator, and texts written here never measure extraction (tests/quality/README.md).

    python bench/corpus_recall.py --gen OUT --data DATA_DIR --rows ROWS.json   (ROWS: `jjkg ingest --format json`)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg.extract.extractor import Extractor
from kg.extract.link import Linker
from kg.extract.quality import Tally, extracted_facts
from kg.extract.reference import Reference
from kg.extract.reports import load_meta

CAVEAT = ("a check of the pipeline at scale on generated texts of known content — NOT the quality measure "
          "(issue 28: texts written here never measure extraction)")


@dataclass
class Checked:
    file: str
    layout: str
    script: str
    gold: Counter
    found: Counter
    refused: str = ""
    wrong_metadata: list[str] = field(default_factory=list)

    @property
    def right(self) -> Counter:
        return self.gold & self.found


def known_facts(record: dict) -> Counter:
    return Counter((f["indicator"], Decimal(f["value"]).normalize(), f["unit"], int(f["year"]), f["kind"],
                    f["statistic"]) for f in record["figures"])


def check(gen: Path, data: Path, rows: list[dict]) -> list[Checked]:
    by_file = {Path(r["file"]).name: r for r in rows}
    ref = Reference.load(data / "reference")
    extractor = Extractor(ref)
    out = []
    for known_path in sorted((gen / "known").glob("*.json")):
        record = json.loads(known_path.read_text(encoding="utf-8"))
        row = by_file.get(record["file"])
        if row is None:
            continue  # not ingested in this run (a text kept for adding later)
        gold = known_facts(record)
        if row.get("refused") or not row.get("slug"):
            out.append(Checked(record["file"], record["layout"], record["script"], gold, Counter(),
                               refused=row.get("refused") or "not added"))
            continue
        meta_path = data / "reports" / f"{row['slug']}.meta.yaml"
        meta = load_meta(meta_path)
        wrong = [f"{what}: read {got}, wrote {want}" for what, got, want in (
            ("place", meta.place, record["place"]), ("plan year", meta.plan_year, record["plan_year"]),
            ("review year", meta.review_year, record["review_year"])) if got != want]
        found = extracted_facts(extractor, Linker(ref), meta_path)
        out.append(Checked(record["file"], record["layout"], record["script"], gold, found, wrong_metadata=wrong))
    return out


def tallies(checked: list[Checked]) -> dict[str, Tally]:
    groups: dict[str, Tally] = {}
    for c in checked:
        for key in (f"{c.layout} {c.script}", f"layout {c.layout}", f"script {c.script}", "overall"):
            t = groups.setdefault(key, Tally())
            t.gold += sum(c.gold.values())
            t.found += sum(c.found.values())
            t.right += sum(c.right.values())
            t.texts.append(c.file)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "overall", kv[0].startswith(("layout", "script")),
                                                       kv[0])))


def report(checked: list[Checked], details: int = 0) -> str:
    lines = [f"figures of the generated corpus: {CAVEAT}",
             f"{'group':<24} {'texts':>5} {'known':>6} {'found':>6} {'right':>6} {'recall':>7} {'precision':>9}"]
    for key, t in tallies(checked).items():
        lines.append(f"{key:<24} {len(t.texts):>5} {t.gold:>6} {t.found:>6} {t.right:>6} {t.recall:>7.3f} "
                     f"{t.precision:>9.3f}")
    refused = [c for c in checked if c.refused]
    misread = [c for c in checked if c.wrong_metadata]
    lines.append(f"place and years read from the words: {len(checked) - len(refused) - len(misread)} of "
                 f"{len(checked)} right; {len(refused)} refused, {len(misread)} misread")
    for c in (refused + misread)[:details or 5]:
        lines.append(f"    {c.file}: {c.refused or '; '.join(c.wrong_metadata)}")
    if details:
        missed, wrong = Counter(), Counter()
        for c in checked:
            missed.update({(c.layout, f): n for f, n in (c.gold - c.found).items()})
            wrong.update({(c.layout, f): n for f, n in (c.found - c.gold).items()})
        lines += [f"    missed {n}× {layout}: {_fact(f)}" for (layout, f), n in missed.most_common(details)]
        lines += [f"    wrong  {n}× {layout}: {_fact(f)}" for (layout, f), n in wrong.most_common(details)]
    return "\n".join(lines)


def _fact(f) -> str:
    return " | ".join(f"{x:f}" if isinstance(x, Decimal) else str(x) for x in f)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gen", type=Path, required=True, help="the generator's output (texts/, known/)")
    parser.add_argument("--data", type=Path, required=True, help="the data dir the texts were ingested into")
    parser.add_argument("--rows", type=Path, required=True, help="`jjkg ingest DIR --format json` output")
    parser.add_argument("--details", type=int, default=0, help="list the N commonest misses and wrong figures")
    args = parser.parse_args(argv)
    rows = json.loads(args.rows.read_text(encoding="utf-8"))
    print(report(check(args.gen, args.data, rows), args.details))


if __name__ == "__main__":
    sys.exit(main())
