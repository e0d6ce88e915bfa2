"""The declarative report catalog (``notebooks/catalog.toml``), kept apart from the runner."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_analysis import config
from sahel_analysis.exceptions import NotebookError, UnknownReportError
from sahel_analysis.params import MODELS, ReportParameters, describe

CATALOG_FILE = "catalog.toml"


@dataclass(frozen=True)
class Report:
    """One report of the catalog."""

    name: str
    title: str
    notebook: Path
    description: str
    model: type[ReportParameters]
    default_run: list[dict[str, Any]] = field(default_factory=list)
    compact: bool = False

    def parameters(self) -> list[dict[str, Any]]:
        """Return the parameter descriptions (name, type, default, allowed, description)."""
        return describe(self.model)


def load_catalog(folder: Path | None = None) -> dict[str, Report]:
    """Read the catalog; every notebook it names must exist."""
    folder = folder or config.notebooks_dir()
    path = folder / CATALOG_FILE
    if not path.is_file():
        raise NotebookError(f"No report catalog at {path}: reinstall the package.")
    raw = tomllib.loads(path.read_text())
    reports = {}
    for name, entry in raw.items():
        model = MODELS.get(entry["parameters"])
        if model is None:
            raise NotebookError(f"Catalog entry {name!r} names unknown schema "
                                f"{entry['parameters']!r}; known: {sorted(MODELS)}")
        reports[name] = Report(
            name=name,
            title=entry["title"],
            notebook=folder / entry["notebook"],
            description=entry.get("description", ""),
            model=model,
            default_run=list(entry.get("default_run", [{}])),
            compact=bool(entry.get("compact", False)),
        )
    return reports


def get_report(name: str, catalog: dict[str, Report] | None = None) -> Report:
    """Return one report, or raise UnknownReportError listing the valid names."""
    catalog = catalog or load_catalog()
    if name not in catalog:
        raise UnknownReportError(
            f"Unknown report {name!r}. Valid reports: {', '.join(catalog)}. "
            "Run `sahel-analysis list` to see them with their parameters."
        )
    return catalog[name]


def slug(report: str, explicit: dict[str, Any]) -> str:
    """Return a file-name-safe identifier of a report and its explicit parameters."""
    values = []
    for value in explicit.values():
        values.extend(value if isinstance(value, list) else [value])
    text = "-".join([report, *[str(v) for v in values if v != "latest"]])
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)
