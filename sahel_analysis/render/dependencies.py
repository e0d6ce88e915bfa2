"""What a report depends on: the tables it reads and the package code it runs, by hash.

A report's fingerprint holds the hashes of the tables its module lists in ``TABLES_READ``
(every table when the report has no module), so a new Candidate month re-renders the reports
reading ``events`` and nothing else. Hand-written tables are hashed from their files, so an
edit re-renders the reports that read them before the manifest is rebuilt.

It also holds the source hash of the report's module, of the package modules its notebook
imports and of every package module those import in turn (as Quarto's freeze keeps a
document's code), so an edited measure re-renders the reports that run it. Imports are found
by reading the files (any ``import`` line, also inside functions), never by importing them.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sahel_analysis import config, datastore

_DECLARATION = re.compile(r"^TABLES_READ\s*=\s*([\[(].*?[\])])\s*$", re.MULTILINE | re.DOTALL)


@lru_cache(maxsize=64)
def _declared_tables(path: str, mtime: float) -> tuple[str, ...] | None:
    """Return the module's ``TABLES_READ`` literal, found by its assignment (no parsing)."""
    match = _DECLARATION.search(Path(path).read_text(encoding="utf-8"))
    if match is None:
        return None
    return tuple(ast.literal_eval(match.group(1)))


def tables_read(report: str) -> list[str] | None:
    """Return the tables report `report` reads (``TABLES_READ``), or None when unknown.

    The module is read, not imported (importing a report pulls in matplotlib and geopandas).
    """
    try:
        spec = importlib.util.find_spec(f"sahel_analysis.reports.{report}")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    tables = _declared_tables(spec.origin, Path(spec.origin).stat().st_mtime)
    return list(tables) if tables is not None else None


def table_hashes(tables: Iterable[str] | None = None) -> dict[str, str]:
    """Return the content hash of each table (all tables of the manifest when None)."""
    from sahel_analysis.hashing import sha256_of

    hand_written = config.HAND_WRITTEN
    entries = datastore.read_manifest()["tables"]
    names = sorted(set(entries) | set(hand_written) if tables is None else set(tables))
    hashes = {}
    for name in names:
        entry = entries.get(name, {})
        if name in hand_written:
            path = config.data_dir() / entry.get("file", hand_written[name][0])
            if path.is_file():
                hashes[name] = sha256_of(path)
                continue
        hashes[name] = entry.get("content_sha256") or entry.get("file_sha256") or "missing"
    return hashes


def data_fingerprint(report: str, parameters: dict[str, Any]) -> dict[str, str]:
    """Return what a report's fingerprint holds about the data it reads."""
    hashes = table_hashes(tables_read(report))
    if parameters.get("event_source") == "acled":
        from sahel_analysis.sources.acled_api import cache_fingerprint

        hashes["acled"] = cache_fingerprint()
    return hashes


PACKAGE = "sahel_analysis"
SOURCE_DIR = config.PACKAGE_DIR  # where the package's modules are read from
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>\.+[\w.]*|sahel_analysis(?:\.\w+)*)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|[^\n#;]+)|import[ \t]+(?P<modules>sahel_analysis[^\n#;]*))",
    re.MULTILINE)


def _module_file(module: str) -> Path | None:
    """Return the source file of package module `module` (dotted name), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = SOURCE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Return the package modules `source` (of module `module`) may import, found by reading.

    ``from sahel_analysis.x import y`` counts ``x`` and, when it is a module, ``x.y``;
    relative imports are resolved against `module`'s package.

    Example:
        >>> sorted(imported_modules("from . import common", "sahel_analysis.reports.briefing"))
        ['sahel_analysis.reports', 'sahel_analysis.reports.common']
    """
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for match in _IMPORT.finditer(source):
        if match["modules"]:
            found |= {name.split()[0] for name in match["modules"].split(",") if name.strip()}
            continue
        base = match["base"]
        if base.startswith("."):
            dots = len(base) - len(base.lstrip("."))
            anchor = package.split(".")[: len(package.split(".")) - dots + 1]
            base = ".".join(anchor + ([base.lstrip(".")] if base.lstrip(".") else []))
        found.add(base)
        names = re.sub(r"#[^\n]*", "", match["names"]).strip("() \t\n\\")
        found |= {f"{base}.{name.split()[0]}" for name in names.split(",") if name.strip()}
    return {name for name in found if name.startswith(PACKAGE)}


@lru_cache(maxsize=512)
def _scanned(path: str, mtime_ns: int, size: int, module: str) -> tuple[str, frozenset[str]]:
    """Return a module file's sha256 and the package modules it imports (cached by stat)."""
    from sahel_analysis.hashing import sha256_bytes

    data = Path(path).read_bytes()
    is_package = Path(path).name == "__init__.py"
    return sha256_bytes(data), frozenset(imported_modules(data.decode("utf-8", "replace"),
                                                          module, is_package))


def _parents(module: str) -> list[str]:
    """Return the packages Python imports before `module` (``a``, ``a.b`` for ``a.b.c``)."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def code_hashes(modules: Iterable[str]) -> dict[str, str]:
    """Return {path in the package: sha256} of `modules` and all they import, transitively."""
    hashes: dict[str, str] = {}
    todo, seen = list(modules), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_file(module)
        if path is None:  # a name imported from a module, not a module
            continue
        stat = path.stat()
        digest, imports = _scanned(str(path), stat.st_mtime_ns, stat.st_size, module)
        hashes[path.relative_to(SOURCE_DIR).as_posix()] = digest
        todo += [*imports, *_parents(module)]
    return dict(sorted(hashes.items()))


@lru_cache(maxsize=64)
def _notebook_imports(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    """Return the package modules the code cells of a notebook import."""
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return frozenset()  # a broken notebook is refused by the planner, not here
    found: set[str] = set()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            found |= imported_modules(source, PACKAGE)
    return frozenset(found)


def code_fingerprint(report: str, notebook: str | Path) -> dict[str, str]:
    """Return the hashes of the package code a report runs: its module and what it imports."""
    roots = {f"{PACKAGE}.reports.{report}"}
    path = Path(notebook)
    if path.is_file():
        stat = path.stat()
        roots |= _notebook_imports(str(path), stat.st_mtime_ns, stat.st_size)
    return code_hashes(roots)
