"""What a report depends on in the data: the tables it reads and their content hashes.

A report's fingerprint holds the hashes of the tables its module lists in ``TABLES_READ``
(every table when the report has no module), so a new Candidate month re-renders the reports
reading ``events`` and nothing else. Hand-written tables are hashed from their files, so an
edit re-renders the reports that read them before the manifest is rebuilt.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from sahel_analysis import config

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
    entries = config.read_manifest()["tables"]
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
