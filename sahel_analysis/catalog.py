"""The declarative report catalog (``notebooks/catalog.toml``), kept apart from the runner."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, field_validator

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


class CatalogEntry(BaseModel):
    """The schema of one ``[report]`` table of ``catalog.toml`` (unknown keys are refused)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: str = Field(min_length=1)
    notebook: str = Field(min_length=1)
    parameters: str
    description: str = ""
    default_run: list[dict[str, Any]] = Field(default_factory=lambda: [{}])
    compact: bool = False

    @field_validator("parameters")
    @classmethod
    def _known_schema(cls, value: str) -> str:
        if value not in MODELS:
            raise ValueError(f"unknown parameter schema {value!r}; known: {', '.join(MODELS)}")
        return value


class Catalog(RootModel[dict[str, CatalogEntry]]):
    """The schema of ``catalog.toml``: report names, each with a CatalogEntry table."""


def _problems(error: ValidationError) -> str:
    """Return the validation errors as "name.key: problem" items joined by "; "."""
    items = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "catalog"
        text = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            text = "unknown key"
        elif item["type"] == "missing":
            text = "missing (every report needs title, notebook and parameters)"
        elif item["type"] in ("model_type", "dict_type") and "." not in where:
            text = "must be a table ([name] followed by its keys)"
        elif len(item["loc"]) > 1 and item["loc"][1] == "default_run":
            text = 'must be a list of parameter tables, e.g. default_run = [{ country = "MLI" }]'
            where = ".".join(str(part) for part in item["loc"][:2])
        items.append(f"{where}: {text}")
    return "; ".join(items[:5]) + (f"; and {len(items) - 5} more" if len(items) > 5 else "")


def read_catalog_file(path: Path) -> dict[str, CatalogEntry]:
    """Read and validate ``catalog.toml`` at `path`; raise NotebookError saying what to fix."""
    fix = "fix it (see notebooks/catalog.toml in the package) or reinstall the package"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise NotebookError(f"The report catalog {path} is not UTF-8 text ({error.reason} at "
                            f"byte {error.start}): save it as UTF-8, or {fix}.") from None
    except tomllib.TOMLDecodeError as error:
        raise NotebookError(f"The report catalog {path} is not valid TOML ({error}): "
                            f"{fix}.") from None
    except OSError as error:
        raise NotebookError(f"Cannot read the report catalog {path} ({error.strerror}): "
                            f"{fix}.") from None
    try:
        entries = Catalog.model_validate(raw).root
    except ValidationError as error:
        raise NotebookError(f"The report catalog {path} is malformed: {_problems(error)}. "
                            f"{fix[0].upper()}{fix[1:]}.") from None
    if not entries:
        raise NotebookError(f"The report catalog {path} names no report: {fix}.")
    return entries


def load_catalog(folder: Path | None = None) -> dict[str, Report]:
    """Read the catalog, checked against its schema (:class:`CatalogEntry`)."""
    folder = folder or config.notebooks_dir()
    path = folder / CATALOG_FILE
    if not path.is_file():
        raise NotebookError(f"No report catalog at {path}: reinstall the package.")
    return {
        name: Report(name=name, title=entry.title, notebook=folder / entry.notebook,
                     description=entry.description, model=MODELS[entry.parameters],
                     default_run=list(entry.default_run), compact=entry.compact)
        for name, entry in read_catalog_file(path).items()
    }


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
