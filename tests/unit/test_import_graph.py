"""No circular imports among the package's modules (docs/architecture.md).

The graph is read from the source: every ``import`` of an ``accredkit`` module — at
module level, inside a function (a deferred import is still a dependency), and under
``TYPE_CHECKING`` (a circle of types is a circle of ideas) — is an edge. A strongly
connected component of more than one module is a circle, and the test names it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import accredkit

SRC = Path(accredkit.__file__).parent.parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "accredkit").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if MODULES[module].name != "__init__.py":
        package.pop()
    package = package[: len(package) - node.level + 1]
    return ".".join([*package, *([node.module] if node.module else [])])


def _edges(module: str) -> set[str]:
    """The package modules ``module`` imports (a name that is a submodule counts as it)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            target = _imported(module, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return (found & set(MODULES)) - {module}


def _circles(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    yield sorted(component)


def test_the_graph_covers_the_package() -> None:
    graph = {m: _edges(m) for m in MODULES}
    assert len(graph) > 200
    assert (
        "accredkit.services.journal.table" in graph["accredkit.services.applications.applications"]
    )


def test_a_circle_is_found_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert list(_circles(graph)) == [["a", "b", "c"]]


def test_no_module_of_the_package_imports_itself_in_a_circle() -> None:
    graph = {m: _edges(m) for m in MODULES}
    assert list(_circles(graph)) == []
