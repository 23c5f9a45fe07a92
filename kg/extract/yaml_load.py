"""YAML text parsed by libyaml (CSafeLoader) when PyYAML was built with it and the text has the plain shape of our
metadata files, else by the pure-Python SafeLoader.

libyaml is ~8× faster on a report's `.meta.yaml`, which every build reads for every report. Both loaders build
objects with the same constructor and resolver, but their scanners differ at the edges (tabs after a value, a BOM
or NEL inside the text, a block scalar's header: fuzzing found each one loading on one side and refused or read
otherwise on the other). So libyaml only reads texts made of lines both scanners read alike: blank lines, comments
from the first column, and `key: value` at the top level with a plain, single- or double-quoted (no escapes) value
on that line. Everything else, and anything libyaml refuses, goes to the pure-Python loader: its objects and its
errors (problem and line) are what the user always got.
"""

from __future__ import annotations

import re

import yaml

_FAST = getattr(yaml, "CSafeLoader", None)

# Characters both scanners treat alike: printable, no tab or CR, none of YAML's other line breaks or a BOM.
_ODD = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN = r"""[^\s\-?:,\[\]{}#&*!|>'"%@`](?:[^\s:#\[\]{}]|:(?=\S)|(?<=\S)#| (?=[^\s:#]))*"""
_LINE = re.compile(rf"""(?:#.*|[A-Za-z_][A-Za-z0-9_]{{0,63}}:(?: (?:{_PLAIN}|"[^"\\]*"|'(?:[^']|'')*'))?|)""")


def _simple(text: str) -> bool:
    return not _ODD.search(text) and all(_LINE.fullmatch(line) for line in text.split("\n"))


def load(text: str):
    """The parsed YAML `text`; raises yaml.YAMLError as the pure-Python SafeLoader does."""
    if _FAST is not None and _simple(text):
        try:
            return yaml.load(text, Loader=_FAST)  # noqa: S506 (CSafeLoader is the safe loader)
        except yaml.YAMLError:
            pass  # the error below is the pure-Python parser's, as before
    return yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
