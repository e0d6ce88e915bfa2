"""Stale data: a report whose newest data are older than a limit (exit code 4 of the CLI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Staleness:
    """How old the newest data of one rendered report are."""

    slug: str
    newest: dt.date
    age_days: int

    def line(self) -> str:
        """Return a one-line message for logs and alerts."""
        return (f"STALE {self.slug}: newest data {self.newest.isoformat()} "
                f"({self.age_days} days old)")


def reference_day(parameters: dict[str, Any], today: dt.date | None = None) -> dt.date:
    """Return the day a report is written as of: its ``as_of`` date if given, else today (UTC)."""
    as_of = parameters.get("as_of")
    if isinstance(as_of, str) and as_of != "latest":
        return dt.date.fromisoformat(as_of[:10])
    return today or dt.datetime.now(dt.UTC).date()  # UTC, as rendered_at


def stale_reports(results: Iterable[Any], max_age_days: int | None,
                  today: dt.date | None = None, tables_manifest: dict | None = None
                  ) -> list[Staleness]:
    """Return the reports (JobResult-like: slug, report, parameters) with data too old."""
    if max_age_days is None:
        return []
    from sahel_analysis.data import manifest, newest_data
    from sahel_analysis.render.dependencies import tables_read

    entries = tables_manifest if tables_manifest is not None else manifest()["tables"]
    stale = []
    for result in results:
        tables = tables_read(result.report) or list(entries)
        newest = newest_data(tables, entries)
        if newest is None:
            continue
        age = (reference_day(result.parameters, today) - newest).days
        if age > max_age_days:
            stale.append(Staleness(result.slug, newest, age))
    return stale
