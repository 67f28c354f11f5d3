"""The code's layers, checked from its source: file formats import no service, and no two
modules import each other, directly or round a longer circle.

Only imports that run count: those under ``if TYPE_CHECKING:`` name types for the reader and
the type checker, and import nothing when the tracker runs. An import inside a function runs
too (later), so it counts."""

from __future__ import annotations

import ast
from pathlib import Path

from tracker.config import ROOT

PACKAGE = ROOT / "tracker"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(name: str) -> set[str]:
    """The tracker modules ``name`` imports when it runs: ``from tracker.services import
    revisions`` imports the module ``tracker.services.portfolio.revisions``, not the package."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))  # fmt: skip
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(), str(path)))
    return {module for module in found if module in MODULES and module != name}


def import_circles() -> list[list[str]]:
    """Every circle of imports, each as the modules round it (Tarjan's strongly connected
    components of more than one module)."""
    graph = {name: runtime_imports(name) for name in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def connect(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for other in graph[name]:
            if other not in index:
                connect(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            connect(name)
    return circles


def test_file_formats_import_no_service():
    reaching = {
        name: sorted(module for module in runtime_imports(name)
                     if module.startswith("tracker.services"))
        for name in MODULES
        if name.startswith("tracker.formats")
    }  # fmt: skip
    assert {name: found for name, found in reaching.items() if found} == {}


def test_no_module_imports_itself_round_a_circle():
    assert import_circles() == []


def test_the_check_sees_a_circle_and_ignores_type_only_imports():
    # The checks above would pass on a reader that found nothing: show that it finds.
    assert "tracker.vocabulary" in runtime_imports("tracker.formats.json_api")
    assert "tracker.services.portfolio.activity" not in runtime_imports("tracker.formats.json_api")
    assert "tracker.services.portfolio.revisions" in runtime_imports(
        "tracker.services.portfolio.statuses"
    )
