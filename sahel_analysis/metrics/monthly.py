"""Months of event data: which month leads a briefing, its source, comparisons and gaps.

Pure functions over an events table (:func:`sahel_analysis.data.events`). Two sources are
told apart and never mixed in one comparison: the final (checked) UCDP GED and UCDP's
Candidate releases (preliminary). Which months each covers follows
:func:`sahel_analysis.metrics.windows.covered_months`: final GED from its first year to December
of its last year, a Candidate release the months of its version number.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sahel_analysis.countries import AES, name
from sahel_analysis.metrics.violence import change
from sahel_analysis.metrics.windows import _release_rank, covered_months

FINAL = "final"
CANDIDATE = "candidate"
MEAN_MONTHS = 12
# "far below its own 12-month mean": under 40% of the mean number of events of the 12 months
# before, where that mean is at least 20 events. With a mean of 20, fewer than 8 events has a
# Poisson probability below 0.1%; the floor keeps countries with a handful of events a month
# (whose counts swing by chance) from being flagged.
INCOMPLETE_SHARE = 0.4
INCOMPLETE_MIN_MEAN = 20.0


def month_start(day: pd.Timestamp) -> pd.Timestamp:
    """Return the first day of the month of `day`."""
    return pd.Timestamp(day).to_period("M").to_timestamp()


def latest_full_month(as_of: pd.Timestamp) -> pd.Timestamp:
    """Return the first day of the last complete month on or before `as_of`.

    Example:
        >>> latest_full_month(pd.Timestamp("2023-06-15"))
        Timestamp('2023-05-01 00:00:00')
    """
    as_of = pd.Timestamp(as_of)
    month = as_of.to_period("M")
    if as_of.normalize() != (month.to_timestamp() + pd.offsets.MonthEnd(0)):
        month -= 1
    return month.to_timestamp()


def months_between(later: pd.Timestamp, earlier: pd.Timestamp) -> int:
    """Return the number of calendar months from `earlier` to `later` (same month: 0)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def source_events(events: pd.DataFrame, source: str) -> pd.DataFrame:
    """Return the rows of one source: final GED rows, or Candidate rows (newest release per month).

    Where two Candidate releases have rows in one month, the newer release's rows are kept.
    """
    if source == FINAL:
        return events[~events["preliminary"]]
    candidates = events[events["preliminary"]]
    if candidates.empty:
        return candidates
    month = candidates["date"].dt.to_period("M")
    rank = candidates["source_version"].map(_release_rank)
    return candidates[(rank == rank.groupby(month).transform("max")).to_numpy()]


def source_months(events: pd.DataFrame, source: str) -> set[pd.Timestamp]:
    """Return the first days of the months `source` (final or candidate) covers in `events`."""
    rows = events[events["preliminary"] == (source == CANDIDATE)]
    return {month.to_timestamp() for month in covered_months(rows)}


@dataclass(frozen=True)
class LeadMonth:
    """The month a briefing leads with and the source that covers it.

    `releases` names the Candidate release(s) with rows in the month (empty for final GED).
    """

    month: pd.Timestamp
    source: str
    releases: tuple[str, ...] = ()

    @property
    def preliminary(self) -> bool:
        """True when only Candidate (preliminary) data cover the month."""
        return self.source == CANDIDATE

    @property
    def label(self) -> str:
        """Name the source: "final UCDP GED" or "UCDP Candidate 26.0.1, preliminary"."""
        if not self.preliminary:
            return "final UCDP GED"
        names = ", ".join(self.releases) if self.releases else "Candidate"
        return f"UCDP {names}, preliminary"


def lead_month(events: pd.DataFrame, as_of: pd.Timestamp) -> LeadMonth | None:
    """Return the newest complete month up to `as_of` that any source covers (None: none).

    Final GED wins when it covers the month; else the month is led by Candidate data.
    """
    last = latest_full_month(as_of)
    final = {m for m in source_months(events, FINAL) if m <= last}
    candidate = {m for m in source_months(events, CANDIDATE) if m <= last}
    if not final and not candidate:
        return None
    month = max(final | candidate)
    if month in final:
        return LeadMonth(month, FINAL)
    rows = month_events(events, month, CANDIDATE)
    releases = tuple(sorted(rows["source_version"].unique(), key=_release_rank))
    return LeadMonth(month, CANDIDATE, releases)


def checked_month(events: pd.DataFrame, as_of: pd.Timestamp) -> pd.Timestamp | None:
    """Return the newest complete month to `as_of` that final GED covers with the 12 before it."""
    final = events[~events["preliminary"] & (events["date"] <= as_of)]
    if final.empty:
        return None
    months = source_months(final, FINAL)
    month = min(latest_full_month(as_of), month_start(final["date"].max()))
    needed = pd.date_range(month - pd.DateOffset(months=MEAN_MONTHS), month, freq="MS")
    return month if set(needed) <= months else None


def month_events(events: pd.DataFrame, month: pd.Timestamp, source: str) -> pd.DataFrame:
    """Return the events of `source` that start in `month`."""
    rows = source_events(events, source)
    return rows[rows["date"].dt.to_period("M").dt.to_timestamp() == month]


def windows(month: pd.Timestamp) -> dict[str, pd.Timestamp]:
    """Return the compared windows of `month`: the month before, a year earlier, the 12 months."""
    return {"latest": month, "previous": month - pd.DateOffset(months=1),
            "year_earlier": month - pd.DateOffset(months=12),
            "mean_first": month - pd.DateOffset(months=MEAN_MONTHS),
            "mean_last": month - pd.DateOffset(months=1)}


def covered_windows(events: pd.DataFrame, month: pd.Timestamp, source: str) -> dict[str, bool]:
    """Say which compared windows of `month` the same `source` covers (previous, year, mean)."""
    months = source_months(events, source)
    win = windows(month)
    mean = set(pd.date_range(win["mean_first"], win["mean_last"], freq="MS"))
    return {"previous": win["previous"] in months, "year_earlier": win["year_earlier"] in months,
            "mean_12": mean <= months}


def _monthly_totals(events: pd.DataFrame, source: str, first: pd.Timestamp,
                    last: pd.Timestamp, codes, value: str) -> pd.DataFrame:
    """Per month (rows, first..last) and country (columns, plus "AES"): deaths or events."""
    rows = source_events(events, source)
    rows = rows[rows["country_iso3"].isin(codes)]
    rows = rows.assign(month=rows["date"].dt.to_period("M").dt.to_timestamp(), events=1)
    totals = rows.pivot_table(index="month", columns="country_iso3", values=value,
                              aggfunc="sum", fill_value=0)
    totals = totals.reindex(index=pd.date_range(first, last, freq="MS"), columns=list(codes),
                            fill_value=0).astype(float)
    totals["AES"] = totals[list(codes)].sum(axis=1)
    return totals


def compare_month(events: pd.DataFrame, month: pd.Timestamp, source: str,
                  codes=AES) -> pd.DataFrame:
    """Deaths (best) and events per country in `month` against earlier months of one source.

    Returns one row per country plus an "AES" total: events, latest, previous, year_earlier,
    mean_12 and the three relative changes. A window the same source does not cover is NaN
    (never filled from another source).
    """
    win = windows(month)
    covered = covered_windows(events, month, source)
    deaths = _monthly_totals(events, source, win["mean_first"], month, codes, "deaths_best")
    counts = _monthly_totals(events, source, month, month, codes, "events")
    mean_window = deaths.loc[win["mean_first"]:win["mean_last"]]
    nan = float("nan")
    rows = []
    for code in [*codes, "AES"]:
        latest = float(deaths.loc[month, code])
        previous = float(deaths.loc[win["previous"], code]) if covered["previous"] else nan
        year_earlier = (float(deaths.loc[win["year_earlier"], code])
                        if covered["year_earlier"] else nan)
        mean_12 = float(mean_window[code].mean()) if covered["mean_12"] else nan
        rows.append({"country_iso3": code, "country": "AES total" if code == "AES" else name(code),
                     "events": int(counts.loc[month, code]), "latest": latest,
                     "previous": previous, "year_earlier": year_earlier, "mean_12": mean_12,
                     "change_previous": change(latest, previous),
                     "change_year": change(latest, year_earlier),
                     "change_mean": change(latest, mean_12)})
    return pd.DataFrame(rows)


def incomplete_months(events: pd.DataFrame, month: pd.Timestamp, source: str, codes=AES, *,
                      share: float = INCOMPLETE_SHARE,
                      min_mean: float = INCOMPLETE_MIN_MEAN) -> pd.DataFrame:
    """Flag countries whose events in `month` fall far below their own 12-month mean.

    The mean counts the events of the same source in the 12 months before `month`; a country is
    ``flagged`` (possibly incompletely coded) when the month holds fewer than `share` of that
    mean and the mean is at least `min_mean` events. Without 12 covered months before, nothing
    is flagged. Columns: country_iso3, country, events, previous_events, mean_events, flagged.
    """
    win = windows(month)
    counts = _monthly_totals(events, source, win["mean_first"], month, codes, "events")
    covered = covered_windows(events, month, source)
    rows = []
    for code in codes:
        count = float(counts.loc[month, code])
        mean = (float(counts.loc[win["mean_first"]:win["mean_last"], code].mean())
                if covered["mean_12"] else float("nan"))
        previous = float(counts.loc[win["previous"], code]) if covered["previous"] else float(
            "nan")
        flagged = bool(pd.notna(mean) and mean >= min_mean and count < share * mean)
        rows.append({"country_iso3": code, "country": name(code), "events": int(count),
                     "previous_events": previous, "mean_events": mean, "flagged": flagged})
    return pd.DataFrame(rows)
