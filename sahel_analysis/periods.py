"""Parse and check periods given as ISO strings, years, dates or datetimes."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from sahel_analysis.exceptions import InvalidPeriodError

DateLike = str | int | dt.date | dt.datetime | pd.Timestamp | None

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def to_timestamp(value: DateLike, *, end: bool = False) -> pd.Timestamp | None:
    """Return the first (or, with `end`, the last) day that `value` designates.

    "2020" means the whole year, "2020-05" the whole month, "2020-05-17" that day.

    Example:
        >>> to_timestamp("2020-02", end=True)
        Timestamp('2020-02-29 00:00:00')
    """
    if value is None:
        return None
    if isinstance(value, int) or (isinstance(value, str) and _YEAR.match(value.strip())):
        year = int(value)
        return pd.Timestamp(year=year, month=12, day=31) if end else pd.Timestamp(year=year,
                                                                                  month=1, day=1)
    if isinstance(value, str) and _MONTH.match(value.strip()):
        start = pd.Timestamp(value.strip() + "-01")
        return start + pd.offsets.MonthEnd(0) if end else start
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as error:
        raise InvalidPeriodError(
            f"Cannot read {value!r} as a date: use an ISO date such as 2023-07-26, a month "
            "such as 2023-07, or a year such as 2023."
        ) from error
    if pd.isna(stamp):
        raise InvalidPeriodError(f"{value!r} is not a date.")
    return stamp.normalize().tz_localize(None) if stamp.tzinfo else stamp.normalize()


def parse_period(start: DateLike, end: DateLike) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Return (first day, last day) of a period, raising InvalidPeriodError if inverted."""
    first = to_timestamp(start)
    last = to_timestamp(end, end=True)
    if first is not None and last is not None and first > last:
        raise InvalidPeriodError(
            f"The period is inverted: start {first.date()} is after end {last.date()}. "
            "Swap them or pick an end after the start."
        )
    return first, last


def year_bounds(start: DateLike, end: DateLike) -> tuple[int | None, int | None]:
    """Return the first and last calendar year touched by a period."""
    first, last = parse_period(start, end)
    return (first.year if first is not None else None, last.year if last is not None else None)
