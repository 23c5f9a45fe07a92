"""Recall and precision of figure extraction on a development set of texts with gold figures.

Each text `NAME.txt` in the set has `NAME.meta.yaml` (as in data/reports/) and `NAME.gold.yaml`: its layout,
its split (`tune`: looked at while improving the recognisers; `held-out`: only scored) and the figures a careful
reader takes from it, one line each: `indicator | value | unit | year | kind | statistic`. A figure found is
right only when all six agree (qualifiers are not scored); figures are matched as multisets, so a figure found
twice counts once right and once wrong. `make quality` prints the table; tests/test_quality.py holds the bar.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import InputError
from kg.extract.extractor import Extractor
from kg.extract.link import Linker
from kg.extract.recognise.indicator_names import QUOTE_MARKS
from kg.extract.reference import Reference, read_yaml
from kg.extract.reports import load_meta
from kg.settings import PROJECT_ROOT, Settings

GOLD_SUFFIX = ".gold.yaml"
FIELDS = ("indicator", "value", "unit", "year", "kind", "statistic")
_MAGNITUDES = (("万亿", Decimal(10) ** 12), ("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4))

Fact = tuple[str, Decimal, str, int, str, str]


@dataclass
class Scored:
    name: str
    layout: str
    split: str
    script: str
    gold: Counter
    found: Counter

    @property
    def right(self) -> Counter:
        return self.gold & self.found

    @property
    def missed(self) -> Counter:
        return self.gold - self.found

    @property
    def wrong(self) -> Counter:
        return self.found - self.gold


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    right: int = 0
    texts: list[str] = field(default_factory=list)

    def add(self, s: Scored) -> None:
        self.gold += sum(s.gold.values())
        self.found += sum(s.found.values())
        self.right += sum(s.right.values())
        self.texts.append(s.name)

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


def parse_value(text: str, where: Path) -> Decimal:
    """'1180亿' → 118000000000; '-9.8' → -9.8."""
    s = str(text).strip()
    factor = Decimal(1)
    for word, f in _MAGNITUDES:
        if s.endswith(word):
            s, factor = s[: -len(word)], f
            break
    try:
        return (Decimal(s) * factor).normalize()
    except InvalidOperation:
        raise InputError(f"value {text!r} is not a number", file=where) from None


def load_gold(path: Path) -> tuple[dict, Counter]:
    data = read_yaml(path, missing="gold file is missing")
    if not isinstance(data, dict) or not isinstance(data.get("figures"), list):
        raise InputError("must be a mapping with a list of figures", file=path)
    for key in ("layout", "split"):
        if not data.get(key):
            raise InputError(f"{key} is required", file=path)
    facts: Counter = Counter()
    for n, row in enumerate(data["figures"], start=1):
        parts = [p.strip() for p in str(row).split("|")]
        if len(parts) != len(FIELDS):
            raise InputError(f"figure {n} must have {len(FIELDS)} fields ({' | '.join(FIELDS)}): {row!r}", file=path)
        indicator, value, unit, year, kind, statistic = parts
        if kind not in ("target", "result"):
            raise InputError(f"figure {n}: kind must be target or result, not {kind!r}", file=path)
        # Quotation marks inside a name are typography: the extractor names '“三无”企业' 三无企业.
        facts[(QUOTE_MARKS.sub("", indicator), parse_value(value, path), unit, int(year), kind, statistic)] += 1
    return data, facts


def extracted_facts(extractor: Extractor, linker: Linker, meta_path: Path) -> Counter:
    ex = extractor.extract(load_meta(meta_path))
    linked = linker.link([ex])
    facts: Counter = Counter()
    for goal in ex.goals:
        for fig in goal.figures:
            name = linked.indicators[linked.figure_indicator[id(fig)]].name_zh
            facts[(name, fig.value.normalize(), fig.unit, fig.year, fig.kind, fig.statistic)] += 1
    return facts


def score(directory: Path, ref: Reference | None = None) -> list[Scored]:
    ref = ref or Reference.load(Settings.from_env().reference_dir)
    extractor = Extractor(ref)
    out = []
    golds = sorted(directory.glob("*" + GOLD_SUFFIX))
    if not golds:
        raise InputError("no *.gold.yaml files: not a development set", file=directory)
    for gold_path in golds:
        name = gold_path.name[: -len(GOLD_SUFFIX)]
        data, gold = load_gold(gold_path)
        found = extracted_facts(extractor, Linker(ref), gold_path.with_name(name + ".meta.yaml"))
        out.append(Scored(name, str(data["layout"]), str(data["split"]), str(data.get("script") or ""), gold, found))
    return out


def tallies(results: list[Scored]) -> dict[str, Tally]:
    """Per layout, per split, and overall."""
    groups: dict[str, Tally] = {}
    for s in results:
        for key in (f"layout {s.layout}", f"split {s.split}", "overall"):
            groups.setdefault(key, Tally()).add(s)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "overall", kv[0])))


def _fact(f: Fact) -> str:
    return " | ".join(f"{x:f}" if isinstance(x, Decimal) else str(x) for x in f)


def report(results: list[Scored], details: str = "") -> str:
    """The table; with `details` 'tune' (or 'all'), the figures missed and wrong of those texts."""
    lines = [f"{'text':<24} {'layout':<7} {'split':<9} {'gold':>5} {'found':>5} {'right':>5} {'recall':>7} {'precision':>9}"]
    for s in results:
        t = Tally()
        t.add(s)
        lines.append(f"{s.name:<24} {s.layout:<7} {s.split:<9} {t.gold:>5} {t.found:>5} {t.right:>5} "
                     f"{t.recall:>7.3f} {t.precision:>9.3f}")
        if details == "all" or (details and s.split == details):
            lines += [f"    missed  {_fact(f)}" for f in sorted(s.missed.elements(), key=str)]
            lines += [f"    wrong   {_fact(f)}" for f in sorted(s.wrong.elements(), key=str)]
    lines.append("")
    for key, t in tallies(results).items():
        lines.append(f"{key:<42} {t.gold:>5} {t.found:>5} {t.right:>5} {t.recall:>7.3f} {t.precision:>9.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from kg.extract import quality_projects, quality_real, quality_whole

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", default="tests/quality", type=Path)
    parser.add_argument("--details", nargs="?", const="tune", default="", choices=("tune", "all"),
                        help="list the figures missed and wrong, of the tune split (default) or of all texts; "
                             "keep the held-out texts unseen while tuning")
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus",
                        help="the real reports with their hand-read gold (gold/*.tsv), scored first")
    args = parser.parse_args(argv)
    try:
        ref = Reference.load(Settings.from_env().reference_dir)
        written_here = score(args.directory, ref)
        if (args.corpus / "gold").is_dir():
            real = quality_real.score(args.corpus, args.directory / "real" / "held-out.txt", ref)
            print(quality_real.report(real, details=bool(args.details)))
            older_gold = args.directory / "real" / "older"
            if older_gold.is_dir() and quality_real.has_texts(older_gold, args.corpus):
                older = quality_real.score(args.corpus, args.directory / "real" / "held-out.txt", ref,
                                           gold_dir=older_gold, split="older")
                print(f"\nolder national reports read by us (issue 28; gold: {older_gold}):")
                print(quality_real.report(older, details=bool(args.details),
                                          layout="formal full texts of the older national reports, read by us"))
        else:
            print(f"no real-text gold at {args.corpus / 'gold'}: only the texts written here are scored")
        projects_gold = args.directory / "real" / "projects"
        if projects_gold.is_dir() and quality_projects.has_texts(projects_gold, args.corpus):
            projects = quality_projects.score(projects_gold, args.corpus, ref)
            print(f"\nprojects → places on whole reports (issue 28; gold: {projects_gold}):")
            print(quality_projects.report(projects, ref, details=bool(args.details)))
        elif projects_gold.is_dir():
            print(f"\nno text of the projects gold ({projects_gold}) in {args.corpus}: projects → places not scored")
        whole_gold = args.directory / "real" / "figures"
        if whole_gold.is_dir() and quality_whole.has_texts(whole_gold, args.corpus):
            whole = quality_whole.score(whole_gold, args.corpus, ref, Settings.from_env().reports_dir)
            print(f"\nfigures on whole reports (issue 28; gold: {whole_gold}):")
            print(quality_whole.whole_report(whole, details=bool(args.details)))
        print("\ntexts written here (layouts and corner cases, not the measure):")
        print(report(written_here, details=args.details))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
