"""Synthetic report graphs with the shape of the real one, at any size, for benchmarks.

Counties × years of reports, each with sections, themes, goals with passages (quote + position selectors
that really index into the report's text), figures as Data Cube observations, projects located in places
with reified links, and the shared reference data (places within counties, industries, indicators, units).
Per report the proportions follow the two real reports (about 50 triples a goal). Like a real build, every
triple is written twice: in its named graph, and once into the default graph, which is their union.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from kg.graph.namespaces import GRAPH, ID, JJO, OA

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SUBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
PREDICATE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>"
OBJECT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>"
STATEMENT = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>"
XSD = "http://www.w3.org/2001/XMLSchema#"
TRIPLES_PER_REPORT = 5250  # what one synthetic report of 130 goals holds (the real ones: 4800 and 7300)

WORDS = "推进实施建设新增打造提升完成加快深化开展项目工程产业园区城市乡村教育医疗文化生态交通住房企业投资收入养老托育学位"
TOWN_WORDS = "安海磁灶陈埭东石深沪金井池店内坑龙湖永和英林紫帽西滨青阳梅岭西园罗山新塘灵源"


def iri(path: str) -> str:
    return f"<{ID}{path}>"


def jjo(term: str) -> str:
    return f"<{JJO}{term}>"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


@dataclass
class Plan:
    counties: int
    years: int
    goals_per_report: int = 130

    @classmethod
    def for_triples(cls, triples: int, years: int = 10) -> "Plan":
        reports = max(1, round(triples / TRIPLES_PER_REPORT))
        years = min(years, reports)
        return cls(counties=max(1, round(reports / years)), years=years)


class Writer:
    """Writes each triple into its named graph and into the default graph (the union)."""

    def __init__(self, out: IO[bytes]):
        self.out = out
        self.triples = 0
        self._buffer: list[str] = []

    def add(self, graph: str, s: str, p: str, o: str) -> None:
        self._buffer.append(f"{s} {p} {o} {graph} .\n{s} {p} {o} .\n")
        self.triples += 1
        if len(self._buffer) >= 10_000:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self._buffer).encode("utf-8"))
        self._buffer.clear()


def _text(rng: random.Random, n: int, town: str = "") -> str:
    body = "".join(rng.choice(WORDS) for _ in range(n))
    return (town + body) if town else body


def _reference(w: Writer, plan: Plan, rng: random.Random) -> dict:
    g = f"<{GRAPH}reference>"
    w.add(g, iri("place/province"), RDF_TYPE, jjo("Place"))
    w.add(g, iri("place/province"), LABEL, lit("某省", "zh"))
    counties = []
    for c in range(plan.counties):
        county = f"county{c:04d}"
        counties.append(county)
        s = iri(f"place/{county}")
        for cls in ("Place", "County"):
            w.add(g, s, RDF_TYPE, jjo(cls))
        w.add(g, s, LABEL, lit(f"第{c}县", "zh"))
        w.add(g, s, jjo("within"), iri("place/province"))
        w.add(g, s, jjo("divisionCode"), lit(f"{350000 + c:06d}"))
        for t in range(15):
            town = iri(f"place/{county}-town{t:02d}")
            w.add(g, town, RDF_TYPE, jjo("Place"))
            w.add(g, town, RDF_TYPE, jjo("Town"))
            w.add(g, town, LABEL, lit(TOWN_WORDS[(2 * t) % len(TOWN_WORDS):][:2] + f"镇{c}", "zh"))
            w.add(g, town, jjo("within"), s)
            w.add(g, town, jjo("placeType"), lit("town"))
            if t < 10:
                site = iri(f"place/{county}-town{t:02d}-site")
                w.add(g, site, RDF_TYPE, jjo("Place"))
                w.add(g, site, LABEL, lit(f"{t}号山{c}", "zh"))
                w.add(g, site, jjo("within"), town)
        for p in range(60):
            proj = iri(f"project/{county}-p{p:02d}")
            w.add(g, proj, RDF_TYPE, jjo("Project"))
            w.add(g, proj, LABEL, lit(_text(rng, 8) + "项目", "zh"))
    for i in range(50):
        ind = iri(f"industry/industry{i:02d}")
        w.add(g, ind, RDF_TYPE, jjo("Industry"))
        w.add(g, ind, LABEL, lit(f"产业{i}", "zh"))
    for i in range(300):
        ind = iri(f"indicator/indicator{i:03d}")
        w.add(g, ind, RDF_TYPE, jjo("Indicator"))
        w.add(g, ind, LABEL, lit(_text(rng, 6), "zh"))
    return {"counties": counties}


def _report(w: Writer, plan: Plan, rng: random.Random, county: str, year: int) -> None:
    slug = f"{county}-{year}"
    g = f"<{GRAPH}{slug}>"
    r = iri(f"report/{slug}")
    goals = []
    offset = 0
    for k in range(plan.goals_per_report):
        town = rng.randrange(15)
        text = _text(rng, rng.randrange(12, 40), TOWN_WORDS[(2 * town) % len(TOWN_WORDS):][:2] if k % 5 == 0 else "")
        goals.append((k, text, offset, town))
        offset += len(text) + 1
    full = "\n".join(t for _, t, _, _ in goals)
    for p, o in ((RDF_TYPE, jjo("Report")), (LABEL, lit(f"{county} {year}年政府工作报告", "zh")),
                 (jjo("planYear"), lit(str(year), datatype="gYear")),
                 (jjo("reviewYear"), lit(str(year - 1), datatype="gYear")),
                 (jjo("aboutPlace"), iri(f"place/{county}")), (jjo("fullText"), lit(full))):
        w.add(g, r, p, o)
    for s in range(1, 8):
        sec = iri(f"section/{slug}-s{s:02d}")
        w.add(g, sec, RDF_TYPE, jjo("Section"))
        w.add(g, sec, LABEL, lit(_text(rng, 10), "zh"))
        w.add(g, sec, jjo("report"), r)
        w.add(g, sec, jjo("number"), lit(str(s), datatype="integer"))
    for k, text, start, town in goals:
        key = f"s{k % 7 + 1:02d}-t{k % 4 + 1}-{k}"
        goal = iri(f"goal/{slug}-{key}")
        passage = _passage(w, g, r, f"{slug}-{key}", text, start, k + 1)
        kind = "Result" if k % 9 == 0 else "Target"
        for p, o in ((RDF_TYPE, jjo("Goal")), (LABEL, lit(text, "zh")), (jjo("key"), lit(key)), (jjo("report"), r),
                     (jjo("kind"), jjo(kind)), (jjo("year"), lit(str(year if kind == "Target" else year - 1), datatype="gYear")),
                     (jjo("readingOrder"), lit(str(k), datatype="integer")),
                     (jjo("inSection"), iri(f"section/{slug}-s{k % 7 + 1:02d}")), (DERIVED, passage)):
            w.add(g, goal, p, o)
        if k % 5 == 0:
            w.add(g, goal, jjo("mentionsPlace"), iri(f"place/{county}-town{town:02d}"))
        if k % 5 < 3:  # three goals in five state a figure
            f = iri(f"figure/{slug}-{key}-f1")
            fp = _passage(w, g, r, f"{slug}-{key}-f1", text[:4], start, k + 1)
            w.add(g, fp, "<http://purl.org/dc/terms/isPartOf>", passage)
            for p, o in ((RDF_TYPE, jjo("Figure")), (RDF_TYPE, "<http://purl.org/linked-data/cube#Observation>"),
                         (jjo("indicator"), iri(f"indicator/indicator{rng.randrange(300):03d}")),
                         (jjo("refPlace"), iri(f"place/{county}")),
                         (jjo("year"), lit(str(year if kind == "Target" else year - 1), datatype="gYear")),
                         (jjo("kind"), jjo(kind)), (jjo("statistic"), jjo("Level")),
                         (jjo("value"), lit(str(rng.randrange(1, 100000)), datatype="decimal")),
                         (jjo("unit"), iri("unit/ge")), (jjo("report"), r), (LABEL, lit(text[:10], "zh")),
                         (jjo("numberText"), lit(f"{rng.randrange(1, 1000)}个", "zh")),
                         (DERIVED, fp)):
                w.add(g, f, p, o)
            w.add(g, goal, jjo("hasFigure"), f)
        if k % 10 < 3:  # three goals in ten name a project, located in a town
            proj = iri(f"project/{county}-p{rng.randrange(60):02d}")
            place = iri(f"place/{county}-town{town:02d}")
            pp = _passage(w, g, r, f"{slug}-{key}-p1", text[:6], start, k + 1)
            w.add(g, goal, jjo("involvesProject"), proj)
            w.add(g, proj, DERIVED, pp)
            w.add(g, proj, jjo("appearsIn"), r)
            w.add(g, proj, jjo("location"), place)
            a = iri(f"assertion/{slug}-{key}-l1")
            for p, o in ((RDF_TYPE, STATEMENT), (SUBJECT, proj), (PREDICATE, jjo("location")), (OBJECT, place),
                         (DERIVED, pp), (jjo("report"), r)):
                w.add(g, a, p, o)
            w.add(g, proj, jjo("industry"), iri(f"industry/industry{rng.randrange(50):02d}"))


def _passage(w: Writer, g: str, report: str, slug: str, quote: str, start: int, line: int) -> str:
    p = iri(f"passage/{slug}")
    q = f"_:q{slug}"
    pos = f"_:p{slug}"
    for pred, o in ((RDF_TYPE, jjo("Passage")), (f"<{OA}hasSource>", report), (jjo("line"), lit(str(line), datatype="integer")),
                    (f"<{OA}hasSelector>", q), (f"<{OA}hasSelector>", pos)):
        w.add(g, p, pred, o)
    w.add(g, q, RDF_TYPE, f"<{OA}TextQuoteSelector>")
    w.add(g, q, f"<{OA}exact>", lit(quote))
    w.add(g, pos, RDF_TYPE, f"<{OA}TextPositionSelector>")
    w.add(g, pos, f"<{OA}start>", lit(str(start), datatype="integer"))
    w.add(g, pos, f"<{OA}end>", lit(str(start + len(quote)), datatype="integer"))
    return p


def generate(out: IO[bytes], plan: Plan, seed: int = 0, progress=lambda _m: None) -> int:
    """Write the synthetic dataset as N-Quads; return the number of distinct triples (each written twice)."""
    rng = random.Random(seed)
    w = Writer(out)
    ref = _reference(w, plan, rng)
    for i, county in enumerate(ref["counties"]):
        for year in range(2026 - plan.years, 2026):
            _report(w, plan, rng, county, year)
        if i % 10 == 0:
            progress(f"county {i + 1}/{plan.counties}: {w.triples:,} triples")
    w.flush()
    return w.triples


def reports(plan: Plan) -> Iterator[str]:
    for c in range(plan.counties):
        for year in range(2026 - plan.years, 2026):
            yield f"county{c:04d}-{year}"
