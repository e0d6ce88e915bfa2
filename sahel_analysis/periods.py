"""Parse and check periods given as ISO strings, years, dates or datetimes.

``None`` means "no bound": ``(None, "2020")`` is everything up to the end of 2020.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re

import pandas as pd

from sahel_analysis.exceptions import InvalidPeriodError

DateLike = str | int | float | dt.date | dt.datetime | pd.Timestamp | None

_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")
_HINT = "use an ISO date such as 2023-07-26, a month such as 2023-07, or a year such as 2023"


def _short(value: object, limit: int = 60) -> str:
    """Return repr(value), cut to `limit` characters so huge inputs are not echoed whole."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


def _year_of(value: object) -> int | None:
    """Return the year a number designates (numpy ints, integral floats), None if not a number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if value != value:  # NaN
        raise InvalidPeriodError(f"{_short(value)} is not a date: {_HINT}.")
    if not float(value).is_integer():
        raise InvalidPeriodError(f"{_short(value)} is not a whole year: {_HINT}.")
    return int(value)


def _from_year(year: int, end: bool) -> pd.Timestamp:
    if not 1 <= year <= 9999:
        raise InvalidPeriodError(f"Year {year} is out of range: {_HINT}.")
    return pd.Timestamp(year=year, month=12, day=31) if end else pd.Timestamp(year=year, month=1,
                                                                              day=1)


def _from_text(text: str, end: bool) -> pd.Timestamp:
    text = text.strip()
    if _YEAR.match(text):
        return _from_year(int(text), end)
    if _MONTH.match(text):
        start = pd.Timestamp(text + "-01")
        return start + pd.offsets.MonthEnd(0) if end else start
    if not _DAY.match(text):
        raise InvalidPeriodError(f"Cannot read {_short(text)} as a date: {_HINT}.")
    return pd.Timestamp(text)


def to_timestamp(value: DateLike, *, end: bool = False) -> pd.Timestamp | None:
    """Return the first (or, with `end`, the last) day that `value` designates.

    "2020" means the whole year, "2020-05" the whole month, "2020-05-17" that day. Years may
    be Python or numpy integers or integral floats; dates may be ``date``, ``datetime``,
    ``pd.Timestamp`` or ``numpy.datetime64``. ``None`` means no bound. Anything else (``True``,
    2020.5, lists, text with trailing characters) raises InvalidPeriodError.

    Example:
        >>> to_timestamp("2020-02", end=True)
        Timestamp('2020-02-29 00:00:00')
    """
    if value is None:
        return None
    try:
        year = _year_of(value)
        if year is not None:
            return _from_year(year, end)
        if isinstance(value, str):
            stamp = _from_text(value, end)
        elif isinstance(value, dt.date | pd.Timestamp) or type(value).__name__ == "datetime64":
            stamp = pd.Timestamp(value)
        else:
            raise InvalidPeriodError(f"{_short(value)} is not a date: {_HINT}.")
    except (ValueError, TypeError, OverflowError) as error:
        if isinstance(error, InvalidPeriodError):
            raise
        raise InvalidPeriodError(f"Cannot read {_short(value)} as a date: {_HINT}.") from error
    if pd.isna(stamp):
        raise InvalidPeriodError(f"{_short(value)} is not a date: {_HINT}.")
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
