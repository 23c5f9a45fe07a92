"""Issue 28 asks whether a tokenizer should cut indicator names: how often would the noun phrase jieba cuts before a
figure (its part-of-speech tags, with a user dictionary of every curated indicator name and alias) name the figure as
the shared gold does? Tune split only (held-out texts skipped). The phrase: the run of noun-like tokens that ends the
figure's clause before its words, once trailing verbs, prepositions and adverbs are dropped.

    .venv/bin/python -m pip install --target /tmp/jiebapkg jieba==0.42.1
    PYTHONPATH=. .venv/bin/python bench/tokenizer_names.py /tmp/jiebapkg
"""
import csv
import sys

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else "/tmp/jiebapkg")  # jieba is no dependency: a --target install
from pathlib import Path

import jieba
import jieba.posseg as pseg

from kg.extract.read import normalise
from kg.extract.reference import Reference

jieba.setLogLevel(60)
ref = Reference.load(Path("data/reference"))
for i in ref.indicators:
    for n in (i.name_zh, *i.aliases):
        jieba.add_word(n, freq=10**6, tag="n")
held = {l.strip() for l in Path("tests/quality/real/held-out.txt").read_text().splitlines() if l.strip() and not l.startswith("#")}
NOUNY = ("n", "vn", "nz", "ng", "an", "j", "l", "nr", "ns", "nt", "b", "f", "m")  # m: 规上 etc sometimes
total = hit = 0
examples = []
for tsv in sorted(Path("../shared/corpus/gold").glob("*.tsv")):
    for row in csv.reader(tsv.open(encoding="utf-8"), delimiter="\t"):
        if len(row) < 10 or row[0] == "file" or row[2] == "#left-out" or row[0] in held:
            continue
        file, anchor, names, words = row[0], row[1], row[2].split("|"), row[8]
        path = next(Path("../shared/corpus").glob(f"*/{file}"))
        text = normalise(path.read_text(encoding="utf-8", errors="replace"))
        p = text.find(anchor)
        w = text.find(normalise(words), p)
        if p < 0 or w < 0:
            continue
        start = max(text.rfind(c, p, w) for c in "，。；：") + 1
        clause = text[start:w]
        toks = list(pseg.cut(clause))
        # drop trailing verbs of the figure (增长, 达到, 为 …), then keep the noun run at the end
        while toks and toks[-1].flag.startswith(("v", "p", "d", "u", "c")) and toks[-1].flag != "vn":
            toks.pop()
        run = []
        for t in reversed(toks):
            if t.flag.startswith(NOUNY) or t.word in ("规上",):
                run.insert(0, t.word)
            else:
                break
        name = "".join(run)
        total += 1
        ok = name in names
        hit += ok
        if not ok and len(examples) < 12:
            examples.append(f"{names[0]}  ←jieba→ {name!r}   [{clause[-20:]}] {[(t.word, t.flag) for t in toks[-5:]]}")
print(f"tune gold rows {total}: jieba noun run names {hit} as the gold does ({hit/total:.3f})")
print("\n".join(examples))
