"""Dated archive: a copy of each report per data month (``reports/archive/2026-02/…``)."""

from __future__ import annotations

import html
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sahel_analysis.render import store
from sahel_analysis.render.jobs import Status
from sahel_analysis.render.store import ARCHIVE_DIR


def data_month(report: str, parameters: dict[str, Any],
               tables_manifest: dict | None = None) -> str | None:
    """Return the month (YYYY-MM) of a report's newest data, capped at its ``as_of``."""
    from sahel_analysis.data import manifest, newest_data
    from sahel_analysis.render.dependencies import tables_read

    entries = tables_manifest if tables_manifest is not None else manifest()["tables"]
    newest = newest_data(tables_read(report) or list(entries), entries)
    if newest is None:
        return None
    as_of = parameters.get("as_of")
    month = newest.strftime("%Y-%m")
    if isinstance(as_of, str) and as_of != "latest":
        month = min(month, as_of[:7])
    return month


def archive_results(output: Path, results: Iterable[Any],
                    formats: Iterable[str] = ("html", "pdf")) -> list[Path]:
    """Copy each rendered report into the archive folder of its data month; return new copies.

    A fresh report replaces the copy of its month; a reused one is copied when its copy is
    missing or differs from it (a copy cut short is made again). Each copy is checked before it
    takes its name: a full disk leaves no copy, and a warning says which. A link among the
    archive folders is refused (OutputNotWritableError); a link in the place of a copy is
    replaced, never written through.
    """
    output = Path(output)
    copied = []
    for result in results:
        if result.status == Status.FAILED:
            continue
        month = data_month(result.report, result.parameters)
        if month is None:
            continue
        store.refuse_links(output, [Path(ARCHIVE_DIR) / month])
        folder = output / ARCHIVE_DIR / month
        for fmt in formats:
            source = output / f"{result.slug}.{fmt}"
            target = folder / source.name
            if not source.is_file() or (result.status != Status.FRESH
                                        and store.same_file_content(source, target)):
                continue
            try:
                folder.mkdir(parents=True, exist_ok=True)
                store.copy_verified(source, target)
            except OSError as error:
                warnings.warn(f"{target} was not archived ({error.strerror or error}); the next "
                              "run with --archive makes it.", stacklevel=2)
                continue
            copied.append(target)
    return copied


def history(output: Path) -> list[tuple[str, list[Path]]]:
    """Return the archived months, newest first, each with its files (no link, no partial copy)."""
    root = Path(output) / ARCHIVE_DIR
    if root.is_symlink() or not root.is_dir():
        return []
    months = sorted((p for p in root.iterdir() if _real(p) and p.is_dir()), reverse=True)
    return [(p.name, sorted(f for f in p.iterdir() if _real(f) and f.is_file())) for p in months]


def _real(path: Path) -> bool:
    """Return True for an archive entry that is neither a link nor hidden (a copy under way)."""
    return not path.is_symlink() and not path.name.startswith(".")


def history_html(output: Path) -> str:
    """Return the index section listing the archive, newest month first ('' when empty)."""
    rows = []
    for month, files in history(output):
        links = " · ".join(
            f'<a href="{ARCHIVE_DIR}/{month}/{html.escape(f.name)}">{html.escape(f.name)}</a>'
            for f in files)
        rows.append(f"<tr><td>{month}</td><td>{links}</td></tr>")
    if not rows:
        return ""
    return ("<h2>History (by data month, newest first)</h2><table><thead><tr><th>Data month"
            "</th><th>Files</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
