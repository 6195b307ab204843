"""The layers hold: a module imports only its own layer or lower ones, and no module cycles.

The layers, lowest first: ``parley.dossier`` < ``parley.files`` < ``parley.present``
< ``parley.export`` < ``parley.ui`` < ``parley.cli``. Textual belongs to ``parley.ui``
alone. Every import counts for the layers, even one inside a function or under
``TYPE_CHECKING``; for cycles only the imports that run when a module loads count (a
later one cannot deadlock).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
LAYERS = [
    "parley.dossier",
    "parley.files",
    "parley.present",
    "parley.export",
    "parley.ui",
    "parley.cli",
]
UI = "parley.ui"


@dataclass(frozen=True)
class Import:
    """One import in a module: what it names, its line, and whether it runs on loading."""

    target: str
    line: int
    at_load: bool


def modules(root: Path) -> dict[str, Path]:
    """Every module under ``root/parley`` by its dotted name (a package by its own)."""
    found = {}
    for path in sorted((root / "parley").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, at_load: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Every node under ``node``, with whether it runs when the module loads."""
    for child in ast.iter_child_nodes(node):
        later = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        later = later or (isinstance(child, ast.If) and _is_type_checking(child))
        yield child, at_load and not later
        yield from _walk(child, at_load and not later)


def imports(name: str, path: Path, known: set[str]) -> list[Import]:
    """The modules ``name`` imports (a submodule when ``from pkg import sub`` names one)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node, at_load in _walk(ast.parse(path.read_text("utf-8")), True):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno, at_load) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append(Import(sub if sub in known else base, node.lineno, at_load))
    return found


def layer(module: str) -> int | None:
    """The layer a parley module belongs to; None for the package itself and ``__main__``."""
    for n, top in enumerate(LAYERS):
        if module == top or module.startswith(top + "."):
            return n
    return None


def layer_violations(root: Path) -> list[str]:
    """``module:line imports target`` for each import that reaches up a layer or into Textual."""
    found = modules(root)
    wrong = []
    for name, path in found.items():
        own = layer(name)
        for imp in imports(name, path, set(found)):
            if imp.target.split(".")[0] == "textual" and not (
                name == UI or name.startswith(UI + ".")
            ):
                wrong.append(f"{name}:{imp.line} imports {imp.target} outside {UI}")
                continue
            theirs = layer(imp.target)
            if own is not None and theirs is not None and theirs > own:
                wrong.append(f"{name}:{imp.line} imports {imp.target}, a higher layer")
    return wrong


def cycles(root: Path) -> list[list[str]]:
    """The import cycles among the modules, by the imports that run when each loads."""
    found = modules(root)
    graph = {
        name: sorted({i.target for i in imports(name, path, set(found)) if i.at_load} & set(found))
        for name, path in found.items()
    }
    done: set[str] = set()
    loops: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            loops.append([*trail[trail.index(name) :], name])
            return
        if name in done:
            return
        for target in graph[name]:
            visit(target, [*trail, name])
        done.add(name)

    for name in graph:
        visit(name, [])
    return loops


def test_no_layer_imports_a_higher_one_and_only_the_ui_imports_textual() -> None:
    assert layer_violations(SRC) == []


def test_no_import_cycles() -> None:
    assert cycles(SRC) == []


def test_every_module_is_in_a_layer() -> None:
    unplaced = [name for name in modules(SRC) if layer(name) is None]
    assert sorted(unplaced) == ["parley", "parley.__main__"]


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "parley" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def test_the_checks_catch_an_import_upwards_textual_below_the_ui_and_a_cycle(
    tmp_path: Path,
) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "dossier/__init__.py": "",
            "dossier/model.py": "def f():\n    from parley.ui import app\n",
            "dossier/index.py": "import parley.dossier.search\n",
            "dossier/search.py": "from parley.dossier import index\n",
            "present/__init__.py": "",
            "present/panes.py": "from textual.widget import Widget\n",
            "files/__init__.py": "",
            "files/atomic.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from parley.present.panes import Row\n",
            "ui/__init__.py": "",
            "ui/app.py": "import textual\nfrom parley.dossier.model import f\n",
        },
    )
    assert layer_violations(root) == [
        "parley.dossier.model:2 imports parley.ui.app, a higher layer",
        "parley.files.atomic:3 imports parley.present.panes, a higher layer",
        "parley.present.panes:1 imports textual.widget outside parley.ui",
    ]
    assert cycles(root) == [
        ["parley.dossier.index", "parley.dossier.search", "parley.dossier.index"]
    ]
