"""The module graph: no import cycles, and the heavy libraries only where they belong.

Every `import` of a jwtfix module counts, at module level or inside a function
(a function-level import is still a dependency, only a later one); imports
under `if TYPE_CHECKING:` do not, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "jwtfix"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in ROOT.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    found: set[str] = set()
    base = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for statement in node.orelse:
                visit(statement)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            origin = node.module or ""
            if node.level:
                anchor = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                origin = f"{anchor}.{origin}" if origin else anchor
            found.add(origin)
            # `from jwtfix.ops import diagnose` imports the module jwtfix.ops.diagnose.
            found.update(f"{origin}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name in MODULES and name != module}


def graph() -> dict[str, set[str]]:
    edges = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        edges[name] = _imports(tree, name, path.name == "__init__.py")
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle found by a depth-first search (one per back edge)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                walk(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            walk(node)
    return found


def test_the_graph_sees_the_known_edges() -> None:
    # The checker would pass on an empty graph: show that it reads real imports,
    # at module level and inside functions.
    edges = graph()
    assert "jwtfix.jws" in edges["jwtfix.keys"]
    assert "jwtfix.ops.diagnose" in edges["jwtfix.ops.verify"]
    assert "jwtfix.cli._app" in edges["jwtfix.cli"]


def test_cycles_are_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_jwtfix_modules() -> None:
    # Package __init__ modules re-export their children (checks registers its
    # checks), so an edge child -> its own package is the normal shape; any other
    # cycle is a design fault.
    edges = graph()
    for name, targets in edges.items():
        edges[name] = {t for t in targets if not name.startswith(t + ".")}
    assert cycles(edges) == []


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("jwt", {"jwtfix.jws", "jwtfix.keys"}),
        ("cryptography", {"jwtfix.jws", "jwtfix.keys", "jwtfix.ops.keygen"}),
    ],
)
def test_signature_libraries_only_in_their_modules(library: str, allowed: set[str]) -> None:
    users = set()
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(n == library or n.startswith(library + ".") for n in names):
                users.add(name)
    assert users <= allowed
