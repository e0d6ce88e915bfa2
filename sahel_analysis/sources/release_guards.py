"""Checks a downloaded UCDP event release passes before it replaces any row of the events.

* Candidate rows outside the months the release declares (by its version number) are set
  aside: they never widen the months the release replaces.
* A final release that would remove more than :data:`MAX_REMOVED_SHARE` of the final events
  of a country, drop a country, or end or start the years of a country earlier or later than
  the final rows it replaces is refused (unless the caller accepts shrinking).
* Rows dated after the release could have been published, and rows that break the events
  schema, refuse the whole release, naming it and the row. (Non-numeric or negative counts
  and impossible dates are refused while reading, by :func:`ucdp_ged.read_ged`.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import pandas as pd

from sahel_analysis import schemas
from sahel_analysis.exceptions import ReleaseRefusedError, SchemaValidationError
from sahel_analysis.sources import ged_releases

MAX_REMOVED_SHARE = 0.05  # a final release may withdraw up to 5% of a country's final events
ACCEPT_HINT = ("If the publisher really withdrew them, run again with --accept-shrinking "
               "(update, data refresh) or accept_shrinking=True.")


@dataclass(frozen=True)
class ReleaseStep:
    """What one event release did to the table: rows added, replaced, set aside."""

    release: str
    rows: int
    added: int
    replaced: int
    removed: int
    set_aside: int

    def as_dict(self) -> dict:
        """Return the step as a JSON-ready dict."""
        return asdict(self)


def latest_possible_date(final: bool, version: str, months: Iterable[str],
                         today: dt.date | None = None) -> pd.Timestamp:
    """Return the last date an event of the release can have (after it: not yet happened).

    A final GED ``YY.1`` is published during 20YY; a Candidate release within the month after
    its last declared month. `today` (the run's date) bounds both.
    """
    if final:
        latest = pd.Timestamp(year=2000 + int(version.split(".")[0]), month=12, day=31)
    else:
        last = max(pd.Period(m, "M") for m in months) if months else None
        latest = (last + 1).to_timestamp(how="end").normalize() if last is not None \
            else pd.Timestamp.max.normalize()
    if today is not None:
        latest = min(latest, pd.Timestamp(today))
    return latest


def check_dates(rows: pd.DataFrame, label: str, latest: pd.Timestamp) -> None:
    """Refuse `rows` when an event starts or ends after `latest`, naming the first one."""
    late = (rows["date"] > latest) | (rows["date_end"] > latest)
    if late.any():
        row = rows[late].iloc[0]
        raise ReleaseRefusedError(
            f"{label} refused: {int(late.sum())} event(s) are dated after "
            f"{latest:%Y-%m-%d}, when the release could have been published at the latest; "
            f"first event id {row['event_id']}, dated {row['date']:%Y-%m-%d} to "
            f"{row['date_end']:%Y-%m-%d}. The release was not used or cached; the publisher "
            "must correct it.")


def validated(rows: pd.DataFrame, label: str) -> pd.DataFrame:
    """Return `rows` validated against the events schema; refuse the release otherwise."""
    try:
        return schemas.validate(rows, schemas.EVENTS)
    except SchemaValidationError as error:
        cases = getattr(error.__cause__, "failure_cases", None)
        detail = cases.head(10).to_string() if cases is not None else str(error)
        raise ReleaseRefusedError(
            f"{label} refused: its rows do not match the events schema:\n{detail}\nThe release "
            "was not used or cached; the rest of the update went on.") from error


def split_declared(rows: pd.DataFrame, months: Iterable[str]) -> tuple[pd.DataFrame,
                                                                       pd.DataFrame]:
    """Return (rows in the declared `months`, rows outside them)."""
    inside = rows["date"].dt.strftime("%Y-%m").isin(set(months))
    return rows[inside], rows[~inside]


def shrinking(events: pd.DataFrame, final: pd.DataFrame) -> list[str]:
    """Return what a final release would remove of the final rows in `events` (empty: nothing).

    Per country: withdrawn events beyond :data:`MAX_REMOVED_SHARE`, a country it lacks, or
    years it no longer covers.
    """
    old = events[~events["preliminary"]]
    problems = []
    kept_ids = set(final["event_id"])
    for country, rows in old.groupby("country_iso3"):
        new = final[final["country_iso3"] == country]
        if new.empty:
            problems.append(f"remove all {len(rows):,} final events of {country} (the release "
                            "has none)")
            continue
        removed = int((~rows["event_id"].isin(kept_ids)).sum())
        if removed > MAX_REMOVED_SHARE * len(rows):
            problems.append(f"remove {removed:,} of the {len(rows):,} final events of {country} "
                            f"({removed / len(rows):.0%})")
        first, last = int(rows["year"].min()), int(rows["year"].max())
        new_first, new_last = int(new["year"].min()), int(new["year"].max())
        if new_last < last or new_first > first:
            problems.append(f"cover {country} in {new_first}-{new_last} only, where the final "
                            f"rows cover {first}-{last}")
    return problems


def check_shrinking(events: pd.DataFrame, final: pd.DataFrame, label: str) -> None:
    """Refuse a final release that would shrink the final rows (see :func:`shrinking`)."""
    problems = shrinking(events, final)
    if problems:
        raise ReleaseRefusedError(
            f"{label} refused: it would {'; '.join(problems)}. Nothing was replaced and the "
            f"file was not cached. {ACCEPT_HINT}")


def apply_release(events: pd.DataFrame, rows: pd.DataFrame, label: str, *, final: bool,
                  months: Iterable[str] = (), latest: pd.Timestamp | None = None,
                  accept_shrinking: bool = False) -> tuple[pd.DataFrame, ReleaseStep]:
    """Return `events` with the checked release `rows` applied, and what the step did.

    Raises ReleaseRefusedError (nothing applied) when a check fails.
    """
    months = tuple(months)
    rows = validated(rows, label)
    if latest is not None:
        check_dates(rows, label, latest)
    set_aside = rows.iloc[0:0]
    if final:
        if not accept_shrinking:
            check_shrinking(events, rows, label)
        merged = ged_releases.apply_final(events, rows)
    else:
        if months:
            rows, set_aside = split_declared(rows, months)
        merged = ged_releases.apply_candidate(events, rows, months)
    merged = validated(merged, label)
    before, after = set(events["event_id"]), set(merged["event_id"])
    own = set(rows["event_id"]) & after
    removed = len(before - after)
    step = ReleaseStep(label, len(rows) + len(set_aside), added=len(after - before),
                       replaced=len(before & own) + removed, removed=removed,
                       set_aside=len(set_aside))
    return merged, step
