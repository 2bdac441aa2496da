"""The package's shape: stages import one way, no module cycles, no imports hidden in
functions to dodge a cycle, one home for locale questions.

The layers themselves are declared once, in pyproject.toml's ``[tool.importlinter]``
contract (interface > reply, schedule > publish > kinds > render > plan > load > i18n >
foundation); import-linter's graph includes imports inside functions, so a lazy import
cannot smuggle a reverse dependency past it.
"""

from __future__ import annotations

import ast
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"

#: The interface layer: click commands import their work lazily so ``selfserve --help``
#: and ``validate`` start without loading the renderers (matplotlib, WeasyPrint, PyAV).
#: Nothing imports these modules back, so a lazy import here cannot hide a cycle.
LAZY_ALLOWED = ("generator/cli.py", "generator/commands/")


def _modules() -> dict[str, Path]:
    mods = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        rel = f.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        mods[name[: -len(".__init__")] if name.endswith(".__init__") else name] = f
    return mods


def _imports(mod: str, path: Path) -> list[tuple[ast.stmt, str, bool]]:
    """(node, imported generator module, inside a function) for every import in ``path``."""
    tree = ast.parse(path.read_text("utf-8"))
    parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = [f"{target}.{a.name}" for a in node.names] + [target]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        inside, up = False, node
        while up in parents:
            up = parents[up]
            if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside = True
                break
        for t in targets:
            if t == "generator" or t.startswith("generator."):
                found.append((node, t, inside))
    return found


def _resolve(name: str, mods: dict[str, Path]) -> str | None:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def test_the_stage_contract_holds(tmp_path: Path) -> None:
    from importlinter.cli import lint_imports

    cwd = os.getcwd()
    os.chdir(ROOT)  # import-linter reads pyproject.toml from the working folder
    try:
        status = lint_imports(no_cache=True, no_logo=True)
    finally:
        os.chdir(cwd)
    assert status == 0, "a stage imports a later one: see the contract report above"


def test_no_module_imports_itself_back() -> None:
    """No cycle between modules (a package's ``__init__`` importing its own submodules is
    how Python packages work and is not counted)."""
    mods = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for mod, path in mods.items():
        for _node, target, _inside in _imports(mod, path):
            dep = _resolve(target, mods)
            if dep and dep != mod and not mod.startswith(dep + ".") and not dep.startswith(mod + "."):
                graph[mod].add(dep)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(mods):
        if v not in index:
            visit(v)
    assert cycles == []


def test_no_import_hides_inside_a_function() -> None:
    """Below the interface, modules import each other at the top, where the contract and
    a reader see them. Only an optional dependency guarded by ``try/except ImportError``
    may be imported late."""
    mods = _modules()
    hidden = []
    for mod, path in mods.items():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(LAZY_ALLOWED):
            continue
        tree_parents = None
        for node, target, inside in _imports(mod, path):
            if not inside:
                continue
            if tree_parents is None:
                tree = ast.parse(path.read_text("utf-8"))
                tree_parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
                by_line = {(n.lineno, type(n)): n for n in ast.walk(tree) if isinstance(n, ast.stmt)}
            same = by_line.get((node.lineno, type(node)))
            if same is not None and isinstance(tree_parents.get(same), ast.Try):
                continue  # an optional dependency, reported when missing
            hidden.append(f"{rel}:{node.lineno}: {target}")
    assert hidden == []


def test_one_home_for_language_and_direction() -> None:
    """``locale -> language`` and the right-to-left question are answered by
    :mod:`generator.i18n.locales` only (there were eight copies and two RTL lists)."""
    copy = re.compile(r"""replace\(["']_["'], ["']-["']\)\.split\(["']-["']\)\[0\]|"ar", "he", "fa\"""")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in PACKAGE.rglob("*.py")
                 for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
                 if copy.search(line) and p.name != "locales.py"]
    assert offenders == []


@pytest.mark.parametrize("locale,lang,rtl", [
    ("de_AT.UTF-8", "de", False), ("ar", "ar", True), ("he-IL", "he", True), ("iw", "he", True),
    ("fa", "fa", True), ("ckb", "ckb", True), ("ur_PK", "ur", True), ("pt-BR", "pt", False),
    ("", "en", False), (None, "en", False), ("x!", "en", False),
])
def test_language_and_direction(locale: str | None, lang: str, rtl: bool) -> None:
    from generator.i18n.locales import is_rtl, language

    assert language(locale) == lang
    assert is_rtl(locale) is rtl


def test_root_modules_are_the_interface_and_the_foundation() -> None:
    """Everything else lives in the folder of its stage."""
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "cli.py", "environment.py", "errors.py",
                     "icons.py", "outcome.py", "paths.py", "starter.py", "terminal.py"]


def test_comments_point_inside_the_repository() -> None:
    """A docstring citing ``shared/PLATFORMS.md`` sent readers to a folder no checkout has."""
    outside = re.compile(r"(?<![\w/])(?:\.\./|shared/)[\w./-]+\.md")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in PACKAGE.rglob("*.py")
             for n, line in enumerate(p.read_text("utf-8").splitlines(), 1) if outside.search(line)]
    assert found == []


def test_the_wheel_declares_its_types() -> None:
    """PEP 561: ``py.typed`` is in the package and in its package data, so type checkers of
    projects that import selfserve use its hints."""
    import tomllib

    assert (PACKAGE / "py.typed").is_file()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "py.typed" in data["tool"]["setuptools"]["package-data"]["generator"]
