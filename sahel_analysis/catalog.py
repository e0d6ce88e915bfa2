"""The declarative report catalog (``notebooks/catalog.toml``), kept apart from the runner."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_analysis import config, params
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
    """Return a readable, file-name-safe identifier unique to a report and its parameters.

    Countries are named bare, other parameters as ``name-value`` in name order, so
    ``start=2015-01-01`` and ``end=2015-01-01`` give different files.

    Example:
        >>> slug("country_profile", {"country": "MLI", "start": "2015-01-01"})
        'country_profile-MLI-start-2015-01-01'
    """
    parts = [report]
    for key in ("country", "countries"):
        value = explicit.get(key)
        parts.extend(value if isinstance(value, list) else [value] if value else [])
    for key in sorted(set(explicit) - {"country", "countries"}):
        value = explicit[key]
        if value != "latest":
            parts.extend([key, *(value if isinstance(value, list) else [value])])
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(str(p) for p in parts))


def validate_parameters(report: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    """Check `parameters` of catalog report `report`; return them normalised (ISO3, ISO dates).

    Raises UnknownReportError for a report not in the catalog, ParameterError naming each bad
    parameter and what is allowed.

    Example:
        >>> validate_parameters("country_profile", {"country": "niger"})["country"]
        'NER'
    """
    return params.validate_parameters(report, parameters, get_report(report).model)
