"""Metadata and reference YAML read by libyaml (kg/extract/yaml_load.py) give what the pure-Python SafeLoader gave:
the same objects for every YAML file of the repository and for mutated metadata, and for bad YAML the same error,
problem and line (read_yaml's InputError)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract import yaml_load
from kg.extract.reference import read_yaml
from kg.settings import PROJECT_ROOT

META = (PROJECT_ROOT / "data" / "reports" / "000_4f93ed80d38190e7.meta.yaml").read_text(encoding="utf-8")


def outcome(load, text: str):
    try:
        return "ok", repr(load(text))
    except yaml.YAMLError as exc:
        return "error", str(exc)


def pure(text: str):
    return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_libyaml_reads_the_metadata_we_write():
    assert yaml_load._FAST is yaml.CSafeLoader  # installed with PyYAML's wheels: the point of the module
    seeds = sorted((PROJECT_ROOT / "data" / "reports").glob("*.meta.yaml"))
    assert seeds and all(yaml_load._simple(p.read_text(encoding="utf-8")) for p in seeds)
    # As `jjkg ingest` writes it (kg/pipeline/ingest.write_report): comments, then safe_dump's lines.
    meta = {"slug": "a-b", "title": "Plan: 2025, #1 [draft]", "report_title": "2025年晋江市政府工作报告", "publisher": "",
            "source_url": "https://x.cn/a?b=1#c", "author": "", "delivered": dt.date(2025, 1, 2), "plan_year": 2025,
            "review_year": 2024, "place": "jinjiangshi", "language": "zh"}
    text = "# Added by `jjkg ingest x.txt`; what it found:\n# place: 晋江市\n" + yaml.safe_dump(
        meta, allow_unicode=True, sort_keys=False)
    assert yaml_load._simple(text) and yaml_load.load(text) == meta


def test_every_yaml_file_of_the_repository_loads_the_same():
    files = [p for d in ("data", "tests", "shapes", "ontology") for p in (PROJECT_ROOT / d).rglob("*.y*ml")]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert outcome(yaml_load.load, text) == outcome(pure, text), path


BAD = [
    "slug: a\ntitle: [x\n",
    "slug: a\n  title: b\n",
    "slug: a\ntitle: \"open\n",
    "a: b: c\n",
    "- a\nb: c\n",
    "slug: a\n\ttitle: b\n",
    "slug: !!python/object:os.system x\n",
    "slug: a\ntitle: \x07\n",
    "key: &a [1]\nother: *b\n",
    "{a: 1\n",
    "a: 1\n...\nb: 2\n",
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "title: \"a\"\t\n",  # libyaml reads this, the pure-Python scanner refuses the tab
    "publisher: >#:x\n",
]


def read_error(path: Path) -> tuple:
    with pytest.raises(InputError) as info:
        read_yaml(path)
    return str(info.value), info.value.file, info.value.line


@pytest.mark.parametrize("text", BAD)
def test_bad_yaml_gives_the_pure_python_error_and_line(tmp_path, monkeypatch, text):
    assert outcome(yaml_load.load, text) == outcome(pure, text), repr(text)
    path = tmp_path / "x.meta.yaml"
    path.write_text(text, encoding="utf-8")
    fast = read_error(path)
    monkeypatch.setattr(yaml_load, "_FAST", None)  # as on a PyYAML without libyaml, and as before
    assert fast == read_error(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_metadata_loads_or_fails_the_same(data):
    """A metadata file with a few characters cut, doubled or replaced (YAML's own punctuation among them)."""
    text = META
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        what = data.draw(st.sampled_from(["cut", "insert"]))
        if what == "cut":
            text = text[:at] + text[at + data.draw(st.integers(1, 8)):]
        else:
            text = text[:at] + data.draw(st.text(alphabet=":-[]{}\"'#&*!|>%@`\t\r\x85\ufeff\n ,?abc1年", max_size=4)) + text[at:]
    assert outcome(yaml_load.load, text) == outcome(pure, text), repr(text)
