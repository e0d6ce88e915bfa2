"""What a render run does: jobs planned from the catalog, their results and the summary."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sahel_analysis import project
from sahel_analysis.catalog import get_report, load_catalog, slug
from sahel_analysis.exceptions import NotebookError, ParameterError, RenderError
from sahel_analysis.params import validate_parameters

FORMATS = ("html", "pdf")
_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)"
                        r"(?::\d{1,5})?/?$")


class Status(StrEnum):
    """How a job ended: rendered now, reused from an earlier run, or failed."""

    FRESH = "fresh"
    REUSED = "reused"
    FAILED = "failed"


@dataclass(frozen=True)
class Job:
    """One report to render: a catalog report with validated parameters."""

    report: str
    title: str
    notebook: str
    parameters: dict[str, Any]
    slug: str
    compact: bool = False

    def result(self, status: Status, **details: Any) -> JobResult:
        """Return a result of this job with `status` (and seconds, error, outputs…)."""
        return JobResult(self.slug, self.report, self.title, self.parameters, status,
                         **details)


@dataclass
class JobResult:
    """What happened to one job."""

    slug: str
    report: str
    title: str
    parameters: dict[str, Any]
    status: Status
    seconds: float = 0.0
    error: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    rendered_at: str = ""


@dataclass
class RenderSummary:
    """The outcome of a render run."""

    results: list[JobResult]
    seconds: float
    output_dir: Path
    interrupted: bool = False

    def count(self, status: Status | str) -> int:
        """Return how many jobs ended with `status`."""
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[JobResult]:
        """Return the failed jobs."""
        return [r for r in self.results if r.status == Status.FAILED]

    def line(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        text = (f"rendered {self.count(Status.FRESH)}, reused {self.count(Status.REUSED)}, "
                f"failed {self.count(Status.FAILED)} in {self.seconds:.1f} s → "
                f"{self.output_dir}")
        return text + (" (interrupted)" if self.interrupted else "")

    def failures(self) -> dict[str, str]:
        """Return each failed report's slug with the reason it failed."""
        return {r.slug: r.error or "failed (no reason recorded)" for r in self.failed}

    def as_json(self) -> str:
        """Return the machine-readable summary: counts, each failure's reason, every result."""
        return json.dumps({
            "seconds": self.seconds, "output_dir": str(self.output_dir),
            "interrupted": self.interrupted,
            "counts": {status.value: self.count(status) for status in Status},
            "failed": self.failures(),
            "results": [asdict(r) for r in self.results]}, indent=2, default=str)


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """Return `formats` without repeats; refuse an empty list or an unknown format."""
    formats = tuple(dict.fromkeys(formats))
    bad = set(formats) - set(FORMATS)
    if bad or not formats:
        raise RenderError(f"Unknown formats {sorted(bad)}; choose from {list(FORMATS)}.")
    return formats


def check_options(timeout: int, scheduler: str | None) -> None:
    """Refuse a cell timeout that is not a positive number and a malformed scheduler address."""
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
        raise ParameterError(f"timeout must be a positive number of seconds per cell, got "
                             f"{timeout!r}.")
    if scheduler is not None and not _SCHEDULER.match(scheduler.strip()):
        shown = scheduler if len(scheduler) <= 60 else scheduler[:60] + "…"
        raise ParameterError(f"{shown!r} is not a Dask scheduler address: use tcp://HOST:PORT "
                             "(e.g. tcp://10.0.0.5:8786).")


def plan(reports: Iterable[str] | None = None, overrides: dict[str, Any] | None = None
         ) -> list[Job]:
    """Return the jobs for `reports` (default: the catalog's default run) with `overrides`.

    Every parameter set is validated here, before any kernel starts.
    """
    catalog = load_catalog()
    project.warn_edited_notebooks()
    names = list(reports) if reports else list(catalog)
    jobs = []
    for name in names:
        report = get_report(name, catalog)
        runs = project.runs_for(name, report.default_run)
        if overrides:
            if not reports and not set(overrides) <= set(report.model.model_fields):
                continue  # without named reports, overrides apply to the reports that take them
            runs = [{**run, **overrides} for run in runs]
        for explicit in runs:
            parameters = validate_parameters(name, explicit, report.model)
            check_notebook(report.notebook, name)
            jobs.append(Job(name, report.title, str(report.notebook), parameters,
                            slug(name, {k: parameters[k] for k in explicit}), report.compact))
    if not jobs:
        raise ParameterError(
            f"No report of the catalog takes the parameters {sorted(overrides or {})}.")
    seen = set()
    unique = []
    for job in jobs:
        if job.slug not in seen:
            seen.add(job.slug)
            unique.append(job)
    return unique


def check_notebook(path: Path, report: str) -> None:
    """Refuse a missing notebook, or one without a cell tagged `parameters`."""
    if not path.is_file():
        raise NotebookError(f"Notebook {path} of report {report!r} is missing: restore it or "
                            "fix notebooks/catalog.toml.")
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise NotebookError(f"Notebook {path} is not valid JSON ({error}).") from error
    tagged = any("parameters" in cell.get("metadata", {}).get("tags", [])
                 for cell in notebook.get("cells", []))
    if not tagged:
        raise NotebookError(
            f"Notebook {path} has no cell tagged 'parameters': papermill would inject the "
            "parameters at the top and ignore the defaults. Tag the defaults cell 'parameters'."
        )


def summary_json(summary: RenderSummary) -> str:
    """Return the summary as JSON (for schedulers); see :meth:`RenderSummary.as_json`."""
    return summary.as_json()
