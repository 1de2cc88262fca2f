"""The shape of the code (DESIGN.md, Layout): apps never import each other in a circle, and no API imports an
admin. Imports are read from the source (every ``import`` statement, those inside functions included), so a
cycle cannot hide behind an import written inside a function."""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gongkai"
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").is_file())


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute (relative imports resolved), names imported from it included
    (``from gongkai.search import tasks`` gives ``gongkai.search`` and ``gongkai.search.tasks``)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "gongkai" and parts[1] in APPS else None


def app_graph() -> dict[str, dict[str, list[str]]]:
    """app -> {imported app: [files that import it]}."""
    graph: dict[str, dict[str, list[str]]] = {app: defaultdict(list) for app in APPS}
    for app in APPS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            for module in imported_modules(path):
                other = app_of(module)
                if other and other != app and str(path) not in graph[app][other]:
                    graph[app][other].append(str(path.relative_to(PACKAGE.parent)))
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """One cycle through each strongly connected group of apps (Tarjan), as a path a -> b -> ... -> a."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in graph.get(app, {}):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in graph:
        if app not in index:
            visit(app)
    return [_path_through(graph, group) for group in groups]


def _path_through(graph, group: list[str]) -> list[str]:
    start, members = group[0], set(group)
    paths = [[start]]
    while paths:
        path = paths.pop(0)
        for other in graph.get(path[-1], {}):
            if other == start:
                return [*path, start]
            if other in members and other not in path:
                paths.append([*path, other])
    return group


def test_imports_inside_functions_and_relative_imports_are_read():
    attachments = PACKAGE / "publishing" / "services" / "attachments.py"
    assert "gongkai.publishing.uploads" in imported_modules(
        attachments
    )  # `from ..uploads import` in a function
    assert app_of("gongkai.publishing.models") == "publishing" and app_of("django.db") is None


def test_a_cycle_is_found_and_shown_as_a_path():
    graph = {"a": {"b": ["x"]}, "b": {"c": ["y"]}, "c": {"a": ["z"]}, "d": {"a": ["w"]}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b": ["x"]}, "b": {}}) == []


def test_no_import_cycle_between_apps():
    graph = app_graph()
    found = cycles(graph)
    explained = [
        " -> ".join(cycle)
        + "\n"
        + "\n".join(f"    {a} -> {b}: {', '.join(graph[a][b])}" for a, b in itertools.pairwise(cycle))
        for cycle in found
    ]
    assert not found, "apps import each other in a circle:\n" + "\n".join(explained)


def test_search_imports_no_other_app_but_core():
    """Search learns its documents from the registry the apps fill (search_sources.py); it imports none of them."""
    assert set(app_graph()["search"]) <= {"core"}


def test_no_api_imports_an_admin():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in sorted(PACKAGE.rglob("api.py"))
        for module in sorted(imported_modules(path))
        if module.startswith("gongkai.") and "admin" in module.split(".")
    ]
    assert not offenders, "an API imports an admin module:\n" + "\n".join(offenders)
