"""Recall and precision of figure extraction on real reports: the hand-read gold of ../shared/corpus/gold/.

The gold (its README) lists, for parts of each corpus text, every figure a careful reader takes from the headline
paragraph of the year reviewed and from the paragraph of the main targets: the paragraph (by its first twelve
characters), the indicator (a few acceptable names), the year, the kind, the value in base units, the statistic
and the unit. Each text is read here as `jjkg ingest` reads it — its government and years from its own words —
and extracted; what it finds inside the annotated paragraphs is matched against the gold, so precision counts
only those paragraphs. A figure found is right when its indicator's name is one of the gold's names and value,
unit, year, kind and statistic agree (a curated concept answers to its aliases too: 城镇就业 to 城镇新增就业;
the gold's `rate` and `count` are our `level`: a share or a number of
things at one time). Each gold row matches at most one figure found.

Where we read the gold otherwise (a rise of consumer prices is the index's growth, not a rate), the reading and its
reason are ours, in tests/quality/real/corrections.yaml; the shared files stay as they are.

A third of the texts is held out (tests/quality/real/held-out.txt, chosen once before any rule was changed for
them): only ever scored, never looked at while improving the rules.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import InputError
from kg.extract.extractor import Extractor
from kg.extract.link import Linked, Linker
from kg.extract.metadata import read_facts, settle
from kg.extract.model import ReportExtraction
from kg.extract.read import load_report, read_text
from kg.extract.recognise.indicator_names import QUOTE_MARKS, RATE_WORDS
from kg.extract.reference import Reference, read_yaml
from kg.extract.reports import ReportMeta

COLUMNS = ("file", "anchor", "indicator", "year", "kind", "value", "statistic", "unit", "words", "note")
LEFT_OUT = "#left-out"
KINDS = {"R": "result", "T": "target"}
STATISTICS = {"growth": "growth", "level": "level", "rate": "level", "count": "level", "rank": "rank"}
LEVEL_OF_FOLDER = {"national": "nation", "provinces-2026": "province"}


@dataclass(frozen=True)
class GoldFigure:
    file: str
    anchor: str
    names: tuple[str, ...]  # acceptable indicator names, the most standard first
    year: int
    kind: str
    value: Decimal
    statistic: str
    unit: str  # a slug of units.csv where the gold's unit is one of its tokens, else as written
    words: str
    doubtful: bool = False  # the reader's best reading of an unclear text (its note says "doubtful")


def _unlisted(name: str) -> str:
    return name.replace("、", "")


@dataclass(frozen=True)
class FoundFigure:
    indicator: str
    names: tuple[str, ...]  # the indicator's name and, for a curated concept, its aliases (城镇就业: 城镇新增就业 …)
    value: Decimal
    unit: str
    year: int
    kind: str
    statistic: str
    words: str
    is_range: bool = False  # given with two bounds ('增长5%—5.5%'): the golds leave ranges out everywhere

    def matches(self, gold: GoldFigure) -> bool:
        # a name is the same with or without the list marks between its members (交通、能源、水利投资)
        return (any(_unlisted(n) in map(_unlisted, gold.names) for n in self.names)
                and self.value == gold.value and self.year == gold.year
                and self.kind == gold.kind and self.statistic == gold.statistic
                and (self.unit == gold.unit or gold.statistic == "rank"))


@dataclass
class TextScore:
    file: str
    level: str
    split: str
    gold: list[GoldFigure]
    found: list[FoundFigure]
    missed: list[GoldFigure] = field(default_factory=list)
    wrong: list[FoundFigure] = field(default_factory=list)
    anchors_missing: list[str] = field(default_factory=list)  # annotated paragraphs not found in the text
    outside: list[FoundFigure] = field(default_factory=list)  # found, of a statistic the gold never reads: unscored
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (words, why): numbers read and kept as no figure

    def why_missed(self, gold: GoldFigure) -> str:
        """Why a missed gold figure's number, if it was read, was kept as no figure ('' when it was not read)."""
        return next((why for words, why in self.left_out if words in gold.words), "")

    @property
    def right(self) -> int:
        return len(self.gold) - len(self.missed)


@dataclass(frozen=True)
class Correction:
    """A reading of the gold's statistic that we take otherwise, with the reason (tests/quality/real/corrections.yaml)."""

    names: frozenset[str]
    gold: str
    ours: str
    why: str

    def applies(self, names: tuple[str, ...], statistic: str) -> bool:
        return statistic == self.gold and bool(self.names & set(names))


@dataclass(frozen=True)
class GrowthRanks:
    """A rank whose words name a growth rate (`增速居全国第2位`) is the growth rate's rank: the gold's names of the
    indicator get the suffix (地区生产总值 → 地区生产总值增速)."""

    cue: str
    suffix: str
    why: str

    def names(self, names: tuple[str, ...], statistic: str, words: str) -> tuple[str, ...]:
        if statistic != "rank" or self.cue not in words:
            return names
        return tuple(n if n.endswith(self.suffix) else n + self.suffix for n in names)


def load_corrections(path: Path) -> list[Correction | GrowthRanks]:
    if not path.is_file():
        return []
    data = read_yaml(path) or {}
    rows = data.get("statistics") or []
    try:
        out: list[Correction | GrowthRanks] = [Correction(frozenset(r["names"]), r["gold"], r["ours"], r["why"])
                                               for r in rows]
        ranks = data.get("growth_ranks")
        if ranks:
            out.append(GrowthRanks(ranks["cue"], ranks["suffix"], ranks["why"]))
        return out
    except (KeyError, TypeError):
        raise InputError("each correction needs names, gold, ours and why (growth_ranks: cue, suffix and why)",
                         file=path) from None


def load_gold(path: Path, ref: Reference, corrections: list[Correction | GrowthRanks] = ()) -> dict[str, list[GoldFigure]]:
    """The gold rows of one TSV, by file, with our corrections applied; a malformed row is an InputError naming file
    and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("gold file is missing", file=path) from None
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header[:len(COLUMNS)]) != COLUMNS:
        raise InputError(f"header must be {' '.join(COLUMNS)}", file=path, line=1)
    out: dict[str, list[GoldFigure]] = {}
    for row in reader:
        line = reader.line_num
        if not row or not any(c.strip() for c in row):
            continue
        row += [""] * (len(COLUMNS) - len(row))
        file, anchor, names, year, kind, value, statistic, unit, words, note = (c.strip() for c in row[:10])
        if names == LEFT_OUT:
            out.setdefault(file, [])
            continue
        acceptable = tuple(n.strip() for n in names.split("|") if n.strip())
        acceptable += tuple(dict.fromkeys(u for u in (QUOTE_MARKS.sub("", n) for n in acceptable) if u not in acceptable))
        for renaming in (c for c in corrections if isinstance(c, GrowthRanks)):
            acceptable = renaming.names(acceptable, statistic, words)
        corrected = next((c.ours for c in corrections if isinstance(c, Correction) and c.applies(acceptable, statistic)),
                         None)
        try:
            figure = GoldFigure(file, anchor, acceptable, int(year), KINDS[kind], Decimal(value).normalize(),
                                corrected or STATISTICS[statistic], _unit(unit, ref), words, "doubtful" in note)
        except (ValueError, KeyError, InvalidOperation):
            raise InputError(f"malformed row: {row[:9]}", file=path, line=line) from None
        out.setdefault(file, []).append(figure)
    return out


def _unit(token: str, ref: Reference) -> str:
    unit = ref.unit_by_token.get(token)
    return unit.slug if unit is not None else token


def held_out(path: Path) -> set[str]:
    """The held-out files, one per line (`#` comments)."""
    if not path.is_file():
        raise InputError("the list of held-out texts is missing: every real text would count as tuned on", file=path)
    return {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")}


def score_text(path: Path, gold: list[GoldFigure], ref: Reference, extractor: Extractor, split: str) -> TextScore:
    level = LEVEL_OF_FOLDER.get(path.parent.name, path.parent.name)
    loaded = load_report(path)
    source = read_text(loaded.text, path)
    settled = settle(read_facts(source, ref.gazetteer, ref.congress), ref.gazetteer)
    meta = ReportMeta(slug="scored", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=settled.delivered, plan_year=settled.plan_year, review_year=settled.review_year,
                      place=settled.place, language="zh")
    ex = extractor.extract(meta)
    spans, missing = _paragraphs(source, {g.anchor for g in gold})
    found = figures_found(ex, Linker(ref).link([ex]), ref, spans)
    left_out = [(left.text, left.reason) for goal in ex.goals for left in goal.left_out
                if any(start <= left.span.start < end for start, end in spans)]
    return matched(TextScore(path.name, level, split, gold, found, anchors_missing=sorted(missing), left_out=left_out))


def figures_found(ex: ReportExtraction, linked: Linked, ref: Reference,
                  within: list[tuple[int, int]] | None = None) -> list[FoundFigure]:
    """The figures extracted, with the names each answers to; only those starting inside `within` (spans of the
    source) when given, else all."""
    found = []
    for goal in ex.goals:
        for fig in goal.figures:
            if within is None or any(start <= fig.span.start < end for start, end in within):
                entity = linked.indicators[linked.figure_indicator[id(fig)]]
                curated = ref.indicator_by_slug.get(entity.slug) if entity.curated else None
                # A flow ('新建县域医疗次中心') answers to the stock it counts additions to (skos:broader) as well.
                broader = linked.indicators[entity.broader].name_zh if entity.broader else None
                names = (entity.name_zh, *(curated.aliases if curated else ()), *([broader] if broader else ()),
                         *rate_aliases(entity.name_zh, ref))
                found.append(FoundFigure(entity.name_zh, names, fig.value.normalize(), fig.unit, fig.year, fig.kind,
                                         fig.statistic, fig.text, fig.upper is not None))
    return found


def rate_aliases(name: str, ref: Reference) -> tuple[str, ...]:
    """A growth rate named by a curated indicator ('规上工业增加值增速') answers to that indicator's aliases with the
    rate's word too (规模以上工业增加值增速), as the indicator itself answers to its aliases."""
    rate = next((w for w in RATE_WORDS if name.endswith(w)), None)
    stem = ref.indicator_lexicon.lookup(name[: -len(rate)]) if rate else None
    if not stem:
        return ()
    entry = ref.indicator_by_slug[stem]
    return tuple(n + rate for n in (entry.name_zh, *entry.aliases) if n + rate != name)


# Statistics the readers of both golds leave out everywhere, by their READMEs (changes in percentage points: `提高1.2个
# 百分点`), and so are ranges (`增长5%—5.5%`: "one value cannot hold a range"). A figure found of one of these is
# neither right nor wrong against them: it is counted apart, unscored.
UNREAD_STATISTICS = frozenset({"change"})


def unread(f: FoundFigure) -> bool:
    return f.statistic in UNREAD_STATISTICS or f.is_range


def matched(scored: TextScore, doubtful_optional: bool = False) -> TextScore:
    """Each gold figure matched with at most one figure found; what is left over is wrong, but for figures of a
    statistic the gold never reads (UNREAD_STATISTICS), which leave the found ones and are kept apart. With
    `doubtful_optional`, a gold figure the reader marked doubtful counts only when it is found (it is then right):
    missing it is no miss."""
    unmatched = list(scored.found)
    dropped: set[int] = set()  # doubtful gold figures not found: not counted at all
    for g in sorted(scored.gold, key=lambda g: g.doubtful):  # the sure readings claim their figures first
        hit = next((f for f in unmatched if f.matches(g)), None)
        if hit is not None:
            unmatched.remove(hit)
        elif doubtful_optional and g.doubtful:
            dropped.add(id(g))
        else:
            scored.missed.append(g)
    scored.gold = [g for g in scored.gold if id(g) not in dropped]
    scored.outside = [f for f in unmatched if unread(f)]
    scored.found = [f for f in scored.found if not any(f is o for o in scored.outside)]
    scored.wrong = [f for f in unmatched if not unread(f)]
    return scored


def _paragraphs(source, anchors: set[str]) -> tuple[list[tuple[int, int]], set[str]]:
    """The spans of the lines that begin with an anchor (leading spaces aside), and the anchors not found."""
    spans, seen = [], set()
    for line in source.lines:
        head = line.raw.lstrip(" \u3000\t")
        for anchor in anchors:
            if anchor and head.startswith(anchor):
                spans.append((line.start, line.start + len(line.raw)))
                seen.add(anchor)
    return spans, anchors - seen


def score(corpus: Path, held_out_path: Path, ref: Reference, gold_dir: Path | None = None,
          split: str | None = None) -> list[TextScore]:
    """Every text of the gold (the corpus's own, or ours in `gold_dir`, all of one `split`), scored; the held-out
    list and our corrections sit beside each other."""
    extractor = Extractor(ref)
    held = held_out(held_out_path)
    corrections = load_corrections(held_out_path.with_name("corrections.yaml"))
    out = []
    for tsv in sorted((gold_dir or corpus / "gold").glob("*.tsv")):
        for file, gold in sorted(load_gold(tsv, ref, corrections).items()):
            path = next(iter(sorted(corpus.glob(f"*/{file}"))), None)
            if path is None:
                raise InputError(f"no text {file} in {corpus}", file=tsv)
            out.append(score_text(path, gold, ref, extractor, split or ("held-out" if file in held else "tune")))
    return out


def has_texts(gold_dir: Path, corpus: Path) -> bool:
    """Whether the texts a gold of ours reads are at hand (a test's little corpus has none of them: not scored; one
    with some but not all is an error of score())."""
    for tsv in gold_dir.glob("*.tsv"):
        for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
            file = line.split("\t", 1)[0]
            if file and any(corpus.glob(f"*/{file}")):
                return True
    return False


def tallies(results: list[TextScore]) -> dict[str, tuple[int, int, int]]:
    """(gold, found, right) per level and split, per level, and overall."""
    groups: dict[str, Counter] = {}
    for s in results:
        for key in (f"{s.level} {s.split}", f"{s.level}", "real texts"):
            c = groups.setdefault(key, Counter())
            c["gold"] += len(s.gold)
            c["found"] += len(s.found)
            c["right"] += s.right
    return {k: (c["gold"], c["found"], c["right"]) for k, c in sorted(groups.items(), key=lambda kv: (kv[0] == "real texts", kv[0]))}


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def report(results: list[TextScore], details: bool = False,
           layout: str = "formal full texts (the corpus's national and provincial reports)") -> str:
    lines = [f"{'real text':<28} {'level':<9} {'split':<9} {'gold':>5} {'found':>5} {'right':>5} {'recall':>7} {'precision':>9}"]
    for s in results:
        lines.append(f"{s.file:<28} {s.level:<9} {s.split:<9} {len(s.gold):>5} {len(s.found):>5} {s.right:>5} "
                     f"{ratio(s.right, len(s.gold)):>7.3f} {ratio(s.right, len(s.found)):>9.3f}")
        if details and s.split in ("tune", "ours", "older"):
            lines += [f"    paragraph not found: {a}" for a in s.anchors_missing]
            lines += [f"    missed  {g.names[0]} | {g.value:f} | {g.unit} | {g.year} | {g.kind} | {g.statistic}  « {g.words} »"
                      + (f"  (read, left out: {s.why_missed(g)})" if s.why_missed(g) else "") for g in s.missed]
            lines += [f"    wrong   {f.indicator} | {f.value:f} | {f.unit} | {f.year} | {f.kind} | {f.statistic}  « {f.words} »"
                      for f in s.wrong]
            lines += [f"    unread  {f.indicator} | {f.value:f} | {f.unit} | {f.year} | {f.kind} | {f.statistic}  « {f.words} »"
                      for f in s.outside]
    lines.append("")
    unread = sum(len(s.outside) for s in results)
    lines.append(f"found but not scored: {unread} figure(s) of a statistic the gold never reads (changes in percentage points, ranges)")
    lines.append(f"layout: {layout}")
    for key, (gold, found, right) in tallies(results).items():
        lines.append(f"{key:<48} {gold:>5} {found:>5} {right:>5} {ratio(right, gold):>7.3f} {ratio(right, found):>9.3f}")
    return "\n".join(lines)
