"""Projects → places on whole reports (issue 28): how well the extractor places the projects a report names.

The gold (tests/quality/real/projects/, its README) is hand-read: for each of a few whole reports, one row per link a
careful reader takes from the text — the project as the text writes it and the division it lies in, by the
gazetteer's name (or NBS code where the name is borne by several). Rows whose place is `#no-place` name a project
the text places nowhere; they are counted, not scored.

Each text is read as `jjkg ingest` reads it: a corpus text's government and years from its own words, a seed report
(../shared/reports/) with the metadata of its copy in data/reports/; then extracted and linked. A link found is a
linked project and one of its places (a site taken to the division it lies in). It is right when a gold row has the
same place and a project name that is the same after tidying (spaces, quotes, bracket widths) or contains, or is
contained in, the found one's name or a name it was written as. Each gold link matches at most one found link.
A link found that the gold lacks is wrong, even when it puts the project in the report's own place (true, but not
what the words say): the table shows how many of the wrong are such (wrong→home).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.extract.extractor import Extractor
from kg.extract.link import Linker
from kg.extract.metadata import read_facts, settle
from kg.extract.read import load_report, read_text
from kg.extract.reference import Reference
from kg.extract.reports import ReportMeta, load_meta, meta_path_for

COLUMNS = ("project", "place", "words", "note")
NO_PLACE = "#no-place"
_NOISE = re.compile(r"[\s“”\"‘’'「」《》]")


def tidy(name: str) -> str:
    """A project's name for matching: no spaces or quotes, brackets and dashes of one width."""
    return _NOISE.sub("", name).replace("（", "(").replace("）", ")").replace("—", "-").replace("－", "-")


def same_project(gold: str, found: str) -> bool:
    a, b = tidy(gold), tidy(found)
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a)))


@dataclass(frozen=True)
class GoldLink:
    project: str
    place: str  # a division's slug
    words: str
    line: int


@dataclass(frozen=True)
class FoundLink:
    project: str  # the linked project's name
    names: tuple[str, ...]  # that name and the names the text wrote it as
    place: str  # a division's slug

    def matches(self, gold: GoldLink) -> bool:
        return self.place == gold.place and any(same_project(gold.project, n) for n in self.names)


@dataclass
class TextScore:
    file: str
    gold: list[GoldLink]
    found: list[FoundLink]
    unplaced: list[str] = field(default_factory=list)  # projects the gold names without a place
    missed: list[GoldLink] = field(default_factory=list)
    wrong: list[FoundLink] = field(default_factory=list)
    home: frozenset[str] = frozenset()  # the report's own place and those above it
    # Project recognition, places aside: every project the gold names (placed or not) against every one found.
    named_missed: list[str] = field(default_factory=list)
    named_wrong: list[str] = field(default_factory=list)
    named_found: int = 0

    @property
    def wrong_home(self) -> int:
        """Wrong links that put a project in the report's own place (or above): true, but not the text's words."""
        return sum(f.place in self.home for f in self.wrong)

    @property
    def right(self) -> int:
        return len(self.gold) - len(self.missed)

    @property
    def named_gold(self) -> int:
        return len(dict.fromkeys([*(tidy(g.project) for g in self.gold), *(tidy(u) for u in self.unplaced)]))

    @property
    def named_right(self) -> int:
        return self.named_gold - len(self.named_missed)


def load_gold(path: Path, ref: Reference) -> tuple[list[GoldLink], list[str]]:
    """The links of one gold TSV (one per project and place) and the projects it leaves unplaced; a malformed row
    or a place the gazetteer does not resolve is an InputError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("gold file is missing", file=path) from None
    except UnicodeDecodeError:
        raise InputError("gold file must be UTF-8", file=path) from None
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header[:len(COLUMNS)]) != COLUMNS:
        raise InputError(f"header must be {' '.join(COLUMNS)} (tab-separated)", file=path, line=1)
    links: dict[tuple[str, str], GoldLink] = {}
    unplaced: list[str] = []
    for row in reader:
        line = reader.line_num
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 3 or len(row) > len(COLUMNS):
            raise InputError(f"a row has {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)}), "
                             f"this one {len(row)}", file=path, line=line)
        project, place, words = (c.strip() for c in row[:3])
        if not project or not place:
            raise InputError("a row needs a project and a place (or #no-place)", file=path, line=line)
        if place == NO_PLACE:
            unplaced.append(project)
            continue
        try:
            slug = ref.gazetteer.resolve(place)
        except InputError as exc:
            raise InputError(f"place {place!r}: {exc.message}", file=path, line=line) from None
        if not ref.gazetteer.is_division(slug):
            raise InputError(f"place {place!r} is not a division: give the division it lies in", file=path, line=line)
        links.setdefault((tidy(project), slug), GoldLink(project, slug, words, line))
    return list(links.values()), list(dict.fromkeys(unplaced))


def meta_of(path: Path, ref: Reference, data_reports: Path) -> ReportMeta:
    """The text's metadata: its copy's in data/reports when there is one (the seed reports), else from its words."""
    copy = meta_path_for(data_reports / path.name)
    if copy.is_file():
        return dataclasses.replace(load_meta(copy), path=path)
    source = read_text(load_report(path).text, path)
    settled = settle(read_facts(source, ref.gazetteer, ref.congress), ref.gazetteer)
    return ReportMeta(slug="scored", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=settled.delivered, plan_year=settled.plan_year, review_year=settled.review_year,
                      place=settled.place, language="zh")


def found_links(path: Path, ref: Reference, extractor: Extractor,
                data_reports: Path) -> tuple[list[FoundLink], str, list[tuple[str, ...]]]:
    """The links found in a text, the text's own place, and every named project found (its names), placed or not."""
    meta = meta_of(path, ref, data_reports)
    ex = extractor.extract(meta)
    linked = Linker(ref).link([ex])
    written: dict[str, set[str]] = {}
    for goal in ex.goals:
        for rec in goal.projects:
            slug = linked.project_slug.get(id(rec))
            if slug is not None:
                written.setdefault(slug, set()).add(rec.name)
    out: dict[tuple[str, str], FoundLink] = {}
    projects: list[tuple[str, ...]] = []
    for slug, proj in linked.projects.items():
        names = (proj.name_zh, *sorted(written.get(slug, set()) - {proj.name_zh}))
        if proj.is_programme:
            continue  # a programme (jjo:Programme: 民生工程) is no works on the ground: the gold reads works only
        if not proj.is_group:  # a counted group (jjo:ProjectGroup: 15个文体旅融合项目) names no one work
            projects.append(names)
        for place in proj.places:
            division = ref.gazetteer.anchor(place) or place
            out.setdefault((slug, division), FoundLink(proj.name_zh, names, division))
    return list(out.values()), meta.place, projects


def match_names(gold: list[str], found: list[tuple[str, ...]]) -> tuple[list[str], list[str]]:
    """Projects named, places aside: (gold names no found project matches, found projects no gold name matches),
    each gold name matching at most one found project, by the links' rule for names."""
    unmatched = list(found)
    missed = []
    for name in dict.fromkeys(gold):
        hit = next((f for f in unmatched if any(same_project(name, n) for n in f)), None)
        if hit is None:
            missed.append(name)
        else:
            unmatched.remove(hit)
    return missed, [f[0] for f in unmatched]


def score_text(path: Path, gold: list[GoldLink], unplaced: list[str], ref: Reference, extractor: Extractor,
               data_reports: Path) -> TextScore:
    found, home, projects = found_links(path, ref, extractor, data_reports)
    scored = TextScore(path.name, gold, found, unplaced=unplaced,
                       home=frozenset({home, *ref.place_ancestors(home)}) if home else frozenset())
    by_name = {tidy(g): g for g in [*(g.project for g in gold), *unplaced]}
    scored.named_missed, scored.named_wrong = match_names(list(by_name.values()), projects)
    scored.named_found = len(projects)
    unmatched = list(found)
    for g in gold:
        hit = next((f for f in unmatched if f.matches(g)), None)
        if hit is None:
            scored.missed.append(g)
        else:
            unmatched.remove(hit)
    scored.wrong = unmatched
    return scored


def text_for(name: str, corpus: Path, reports: Path) -> Path | None:
    """The text a gold file reads: ../shared/corpus/*/NAME.txt, else ../shared/reports/NAME.txt."""
    found = sorted(corpus.glob(f"*/{name}.txt"))
    if found:
        return found[0]
    seed = reports / f"{name}.txt"
    return seed if seed.is_file() else None


def has_texts(gold_dir: Path, corpus: Path, reports: Path | None = None) -> bool:
    """Whether any gold file's text is at hand (a corpus without them, as in a test, is not scored; one with some
    but not all is an error of score())."""
    reports = reports if reports is not None else corpus.parent / "reports"
    return any(text_for(tsv.stem, corpus, reports) for tsv in gold_dir.glob("*.tsv"))


def score(gold_dir: Path, corpus: Path, ref: Reference, reports: Path | None = None,
          data_reports: Path | None = None) -> list[TextScore]:
    """Every gold file of `gold_dir`, scored on its text."""
    from kg.settings import PROJECT_ROOT

    reports = reports if reports is not None else corpus.parent / "reports"
    data_reports = data_reports if data_reports is not None else PROJECT_ROOT / "data" / "reports"
    extractor = Extractor(ref)
    out = []
    for tsv in sorted(gold_dir.glob("*.tsv")):
        gold, unplaced = load_gold(tsv, ref)
        path = text_for(tsv.stem, corpus, reports)
        if path is None:
            raise InputError(f"no text {tsv.stem}.txt in {corpus}/*/ or {reports}", file=tsv)
        out.append(score_text(path, gold, unplaced, ref, extractor, data_reports))
    return out


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def totals(results: list[TextScore]) -> tuple[int, int, int]:
    """(gold, found, right) over all texts."""
    return (sum(len(s.gold) for s in results), sum(len(s.found) for s in results), sum(s.right for s in results))


def report(results: list[TextScore], ref: Reference, details: bool = False) -> str:
    def place(slug: str) -> str:
        return ref.gazetteer.places[slug].name_zh if slug in ref.gazetteer.places else slug

    lines = [f"{'projects → places':<28} {'gold':>5} {'found':>5} {'right':>5} {'recall':>7} {'precision':>9}"
             f" {'unplaced':>8} {'wrong→home':>10}"]
    for s in results:
        lines.append(f"{s.file:<28} {len(s.gold):>5} {len(s.found):>5} {s.right:>5} "
                     f"{ratio(s.right, len(s.gold)):>7.3f} {ratio(s.right, len(s.found)):>9.3f} {len(s.unplaced):>8} {s.wrong_home:>10}")
        if details:
            lines += [f"    missed  {g.project} → {place(g.place)}  « {g.words} »" for g in s.missed]
            lines += [f"    wrong   {f.project} → {place(f.place)}{'  (home)' if f.place in s.home else ''}"
                      for f in s.wrong]
    gold, found, right = totals(results)
    lines.append(f"{'whole reports':<28} {gold:>5} {found:>5} {right:>5} {ratio(right, gold):>7.3f} "
                 f"{ratio(right, found):>9.3f} {sum(len(s.unplaced) for s in results):>8} {sum(s.wrong_home for s in results):>10}")
    lines += ["", "projects named, places aside (every project of the gold, placed or not, against every one found):",
              f"{'projects named':<28} {'gold':>5} {'found':>5} {'right':>5} {'recall':>7} {'precision':>9}"]
    for s in results:
        lines.append(f"{s.file:<28} {s.named_gold:>5} {s.named_found:>5} {s.named_right:>5} "
                     f"{ratio(s.named_right, s.named_gold):>7.3f} {ratio(s.named_found - len(s.named_wrong), s.named_found):>9.3f}")
        if details:
            lines += [f"    missed  {n}" for n in s.named_missed] + [f"    wrong   {n}" for n in s.named_wrong]
    gold = sum(s.named_gold for s in results)
    found = sum(s.named_found for s in results)
    right, matched = sum(s.named_right for s in results), found - sum(len(s.named_wrong) for s in results)
    lines.append(f"{'whole reports':<28} {gold:>5} {found:>5} {right:>5} {ratio(right, gold):>7.3f} {ratio(matched, found):>9.3f}")
    return "\n".join(lines)
