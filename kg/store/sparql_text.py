"""SPARQL text as a lexer sees it: what is syntax and what is not (strings, IRIs, comments).

Both the remote store (which looks for FROM and the query form before sending a query) and the guard (which
counts nesting) must skip what lies inside strings, IRIs and comments; this is the one definition they share.
"""

from __future__ import annotations

import re

# What brackets inside must not count: strings (all four quotings), IRIs, comments. A string left open ends
# where it stops being a string (its closing quote is optional), so that no character is scanned twice.
NOT_SYNTAX = re.compile("|".join([
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:""")?',
    r"'''(?:[^'\\]|\\.|'(?!''))*(?:''')?",
    r'"(?:[^"\\\n\r]|\\.)*"?',
    r"'(?:[^'\\\n\r]|\\.)*'?",
    r'<[^<>"{}|^`\\\x00-\x20]*>',
    r"#[^\n\r]*",
]), re.DOTALL)
