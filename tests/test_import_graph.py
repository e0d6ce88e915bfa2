"""The package's modules import each other without cycles (lazy imports count too)."""

import ast
from pathlib import Path

import sahel_analysis

ROOT = Path(sahel_analysis.__file__).parent


def _modules() -> dict[str, Path]:
    modules = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    return modules


def import_edges() -> dict[str, set[str]]:
    """Return, for each module of the package, the package modules it imports anywhere."""
    modules = _modules()
    edges = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.add(full if full in modules else base)
        edges[name] = {m for m in found if m in modules and m != name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in edges:
        if node not in index:
            visit(node)
    return groups


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_no_import_cycles_in_the_package():
    assert cycles(import_edges()) == []


def test_params_holds_schemas_only_and_index_reads_from_store():
    edges = import_edges()
    assert "sahel_analysis.catalog" not in edges["sahel_analysis.params"]
    assert "sahel_analysis.render.runner" not in edges["sahel_analysis.render.index"]
    assert "sahel_analysis.render.store" in edges["sahel_analysis.render.index"]


def test_the_runner_stays_small():
    lines = (ROOT / "render" / "runner.py").read_text(encoding="utf-8").count("\n")
    assert lines < 200, "render/runner.py holds render and the executors only"
