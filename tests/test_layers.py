"""Imports run one way through the stages (docs/architecture.md): extract → graph → store → sparql → views →
pipeline → api → cli, and no two modules import each other, directly or round a longer loop.

The layer contract is import-linter's (`[tool.importlinter]` in pyproject.toml); the loops are found here over
the syntax tree, counting imports inside functions too (a lazy import is still an arrow)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from kg.settings import PROJECT_ROOT

PACKAGES = ("kg", "api")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The project modules `path` imports (a name imported from a package counts as its module if it is one)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    files = [p for pkg in PACKAGES for p in (PROJECT_ROOT / pkg).rglob("*.py")]
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) for p in files}


def loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each a set of modules importing round."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        # The limit is the whole process's: left raised, it let later tests' parsers recurse where they must not
        # (test_workers.py::test_queries_too_deep_for_the_server_thread_parse_in_a_worker failed after this one).
        sys.setrecursionlimit(limit)
    return found


def lint_imports() -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    return subprocess.run([exe, "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_no_module_imports_a_later_stage():
    res = lint_imports()
    assert res.returncode == 0 and "0 broken" in res.stdout, res.stdout + res.stderr


def test_no_two_modules_import_each_other():
    assert loops(import_graph()) == []


def test_the_loop_finder_finds_a_loop():
    """Control: a graph with a loop through three modules is reported, one without is not."""
    assert loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert loops({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_function_level_imports():
    """Control: the CLI imports the web shell inside a function (`jjkg serve`), and the graph has that arrow."""
    assert "api.serving" in import_graph()["kg.cli"]
