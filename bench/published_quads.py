"""Is what a build publishes the same set of quads as before a change to the build? (issue 14)

`--save DIR` builds three data directories and writes, for each, what the build published: the dump's lines
(dataset.nq) and every quad of the store (its named graphs and its default graph) as sorted N-Quads, with blank
nodes named by what they take part in (the store names them anew at every load), and the manifest's counts.
`--compare DIR` builds the same data directories again with the code as it is now and says what differs.
Run `--save` on the commit before the change and `--compare` after; nothing of this is committed (a few MB).

The data directories (made once, kept under DIR/data-*):
  seeds   the repository's data/ (the two seed reports)
  real    data/ + three real reports of ../shared/corpus, added by `jjkg ingest` (a province, the nation, a
          prefecture's news digest)
  copies  data/ + 10 changed copies of the seeds on their own places (bench/build_profile.py's corpus)
  generated  data/ + 8 texts of bench/corpus_gen.py (seed 1), added by `jjkg ingest`

Every build here runs with the extraction and emission caches off (JJKG_EXTRACT_CACHE=off, JJKG_EMIT_CACHE=off),
unless `--compare … --warm`: then each data directory is built twice with both caches on, and the second build,
whose extractions and report graphs are all read back from the caches the first one filled, is the one compared
(issue 14: the caches must not change what is published).

    .venv/bin/python bench/published_quads.py --save /tmp/jjkg-eq       # before
    .venv/bin/python bench/published_quads.py --compare /tmp/jjkg-eq    # after: exit status 1 when anything differs
    .venv/bin/python bench/published_quads.py --compare /tmp/jjkg-eq --warm  # the same, from a warm extraction cache
    .venv/bin/python bench/published_quads.py --pair VAR_A VAR_B        # two builds of one data dir, already made
    .venv/bin/python bench/published_quads.py --pair VAR_A VAR_B --apart  # … each graph's blank nodes apart
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
from build_profile import make_corpus  # noqa: E402
from corpus_gen import generate  # noqa: E402

from kg.pipeline.build import build  # noqa: E402
from kg.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.store.embedded import DATABASE, DUMP  # noqa: E402

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
REAL = ["provinces-2026/fujian-2026.txt", "national/guowuyuan-2024.txt", "ladder-fujian/quanzhou-2026-news.txt"]
GENERATED = 8  # texts of the generated scenario: every layout, both scripts
MANIFEST_KEYS = ("version", "base", "reports", "quads", "goals", "found", "dropped", "skipped")
_BLANK = re.compile(r"_:[A-Za-z0-9_\-.]+")


def data_dirs(root: Path) -> dict[str, Path]:
    """The scenarios' data directories, made when missing."""
    out = {}
    seeds = root / "data-seeds" / "data"
    if not seeds.is_dir():
        shutil.copytree(PROJECT_ROOT / "data", seeds)
    out["seeds"] = seeds
    real = root / "data-real"
    if not (real / "data").is_dir():
        shutil.rmtree(real, ignore_errors=True)
        folder = real / "add"
        folder.mkdir(parents=True)
        for name in REAL:
            shutil.copy(CORPUS / name, folder / Path(name).name)
        shutil.copytree(PROJECT_ROOT / "data", real / "data")
        _ingest(folder, real / "data", real / "ingest-var")
    out["real"] = real / "data"
    copies = root / "data-copies"
    if not (copies / "data").is_dir():
        make_corpus(copies, 12)
    out["copies"] = copies / "data"
    generated = root / "data-generated"
    if not (generated / "data").is_dir():
        shutil.rmtree(generated, ignore_errors=True)
        generate(GENERATED, 1, generated / "gen")
        shutil.copytree(PROJECT_ROOT / "data", generated / "data")
        _ingest(generated / "gen" / "texts", generated / "data", generated / "ingest-var")
    out["generated"] = generated / "data"
    return out


def _ingest(folder: Path, data: Path, var: Path) -> None:
    env = {"JJKG_DATA_DIR": str(data), "JJKG_VAR_DIR": str(var), "JJKG_EXTRACT_CACHE": "off", "JJKG_EMIT_CACHE": "off"}
    done = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(folder), "--format", "tsv"],
                          capture_output=True, text=True, env={**os.environ, **env}, cwd=PROJECT_ROOT, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed:\n{done.stderr[-3000:]}")
    shutil.rmtree(var, ignore_errors=True)


def canonical(lines: list[str]) -> list[str]:
    """N-Quads lines with each blank node named by a hash of the lines it appears in (itself written `_:x`)."""
    where: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        for b in set(_BLANK.findall(line)):  # another blank node on the line is `_:y` (parsers' labels are random)
            where[b].append(_BLANK.sub(lambda m, b=b: "_:x" if m.group(0) == b else "_:y", line))
    names = {b: "_:c" + hashlib.sha256("\n".join(sorted(ls)).encode()).hexdigest()[:20] for b, ls in where.items()}
    return sorted(_BLANK.sub(lambda m: names[m.group(0)], line) for line in lines)


def published(data: Path, var: Path, warm: bool = False) -> dict[str, object]:
    shutil.rmtree(var, ignore_errors=True)
    caches = {"extract_cache": "on" if warm else "off"}
    if hasattr(Settings, "emit_cache") or "emit_cache" in {f.name for f in dataclasses.fields(Settings)}:
        caches["emit_cache"] = caches["extract_cache"]  # (absent from the code before branch emit14)
    settings = dataclasses.replace(Settings.from_env(), data_dir=data, var_dir=var, **caches)
    if warm:
        build(settings)  # fills the caches
    manifest = build(settings)
    if warm:
        print(f"  (warm cache: {manifest['extractions_reused']} extractions read back, "
              f"{manifest['extractions_made']} made; {manifest.get('graphs_reused')} report graphs read back, "
              f"{manifest.get('graphs_made')} made)", flush=True)
        if manifest["extractions_made"] or manifest.get("graphs_made"):
            raise SystemExit("the second build extracted or emitted reports again: the cache was not warm")
    path = Path(manifest["path"])
    dump = (path / DUMP).read_text(encoding="utf-8").splitlines()
    store = ox.Store.read_only(str(path / DATABASE))
    text = ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    quads = text.splitlines()
    del store
    shutil.rmtree(var, ignore_errors=True)
    return {"dump": sorted(dump), "dump-canonical": canonical(dump), "store": canonical(quads),
            "manifest": {k: manifest.get(k) for k in MANIFEST_KEYS}}


def _untimed(manifest: dict) -> dict:
    """The manifest without the seconds each report's extraction took."""
    found = {slug: {k: v for k, v in f.items() if k != "seconds"} for slug, f in (manifest.get("found") or {}).items()}
    return {**manifest, "found": found}


def store_lines(var: Path, apart: bool = False) -> tuple[list[str], list[str]]:
    """The published store of a var directory: its dump's lines and every quad of its store, canonical. `apart`: the
    named graphs and the default graph canonical each on its own (a store whose default graph holds copies of the named
    graphs' blank nodes, as before branch incr14, against one whose default graph shares them)."""
    path = (var / "store").resolve()
    dump = [line for line in (path / DUMP).read_text(encoding="utf-8").splitlines() if line]
    store = ox.Store.read_only(str(path / DATABASE))
    text = ox.serialize(store.quads_for_pattern(None, None, None, None), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    del store
    if not apart:
        return canonical(dump), canonical(text.splitlines())
    lines = text.splitlines()
    named = [line for line in lines if _named(line)]
    default = [line for line in lines if not _named(line)]
    return canonical(dump), canonical(named) + ["# the default graph"] + canonical(default)


def _named(line: str) -> bool:
    """Whether an N-Quads line of pyoxigraph's is in a named graph (its last term an IRI after the object)."""
    return len(_TERMS.findall(line)) == 4


_TERMS = re.compile(r'<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?')


def pair(first: Path, second: Path, apart: bool = False) -> bool:
    """Compare the stores two builds published (of the same data, by two versions of the code)."""
    same = True
    for name, a, b in zip(("dump", "store"), store_lines(first, apart), store_lines(second, apart), strict=True):
        if a == b:
            print(f"{name}: same {len(a)} lines")
        else:
            same = False
            print(f"{name}: DIFFERENT: {len(set(a) - set(b))} only in the first, {len(set(b) - set(a))} only in the second")
    return same


def save(root: Path) -> None:
    for name, data in data_dirs(root).items():
        got = published(data, root / f"var-{name}")
        out = root / name
        out.mkdir(exist_ok=True)
        for key in ("dump", "dump-canonical", "store"):
            (out / f"{key}.nq").write_text("\n".join(got[key]) + "\n", encoding="utf-8")
        (out / "manifest.json").write_text(json.dumps(got["manifest"], ensure_ascii=False, indent=1, sort_keys=True))
        print(f"{name}: {len(got['dump'])} dump lines, {len(got['store'])} store quads saved", flush=True)


def compare(root: Path, warm: bool = False) -> bool:
    same = True
    for name, data in data_dirs(root).items():
        got = published(data, root / f"var-{name}", warm)
        before = root / name
        for key in ("dump", "dump-canonical", "store"):
            old = set((before / f"{key}.nq").read_text(encoding="utf-8").splitlines()) - {""}
            new = set(got[key]) - {""}
            lines = [line for line in got[key] if line]
            if old == new and len(lines) == len(new):
                print(f"{name} {key}: same {len(new)} lines")
                continue
            if key == "dump" and not (old ^ new):
                print(f"{name} {key}: same set, but {len(lines) - len(new)} repeated line(s)")
            else:
                note = " (its blank node labels: rdflib labels the ontology's lists at random; see dump-canonical)" \
                    if key == "dump" else ""
                print(f"{name} {key}: DIFFERENT: {len(old - new)} gone, {len(new - old)} new "
                      f"(of {len(old)} → {len(new)}){note}")
                for line in sorted(old - new)[:5]:
                    print(f"    - {line[:200]}")
                for line in sorted(new - old)[:5]:
                    print(f"    + {line[:200]}")
            if key != "dump":  # the dump's blank node labels from the ontology's Turtle are random; its canonical form is not
                same = False
        old_manifest = _untimed(json.loads((before / "manifest.json").read_text(encoding="utf-8")))
        new_manifest = _untimed(json.loads(json.dumps(got["manifest"], ensure_ascii=False)))
        if old_manifest != new_manifest:
            same = False
            for k in MANIFEST_KEYS:
                if old_manifest.get(k) != new_manifest.get(k):
                    print(f"{name} manifest: DIFFERENT {k}: {json.dumps(old_manifest.get(k), ensure_ascii=False)[:300]}"
                          f" → {json.dumps(new_manifest.get(k), ensure_ascii=False)[:300]}")
        else:
            print(f"{name} manifest: same")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="build and save what is published under this folder")
    group.add_argument("--compare", type=Path, help="build and compare with what --save saved there")
    group.add_argument("--pair", type=Path, nargs=2, metavar="VAR_DIR",
                       help="compare what two builds published (their JJKG_VAR_DIRs), building nothing")
    parser.add_argument("--warm", action="store_true",
                        help="with --compare: build twice with the extraction cache on, compare the second build")
    parser.add_argument("--apart", action="store_true",
                        help="with --pair: the named graphs and the default graph canonical each on its own (a store "
                             "from before branch incr14, whose default graph copies the blank nodes, against one after)")
    args = parser.parse_args()
    if args.pair:
        if not pair(*args.pair, apart=args.apart):
            sys.exit(1)
    elif args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        save(args.save)
    elif not compare(args.compare, args.warm):
        sys.exit(1)


if __name__ == "__main__":
    main()
