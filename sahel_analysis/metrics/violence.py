"""Violence series: deaths and events by period, country, admin1, type; rolling sums; rates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sahel_analysis.exceptions import InvalidArgumentError

FREQUENCIES = {"day": "D", "month": "M", "quarter": "Q", "year": "Y"}
DEATH_COLUMNS = ["deaths_best", "deaths_low", "deaths_high"]


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """Return the first day of the day/month/quarter/year that each date falls in."""
    if freq not in FREQUENCIES:
        raise InvalidArgumentError(f"freq must be one of {list(FREQUENCIES)}, not {freq!r}.")
    return dates.dt.to_period(FREQUENCIES[freq]).dt.to_timestamp()


def event_series(
    events: pd.DataFrame,
    freq: str = "month",
    by: Sequence[str] = ("country_iso3",),
    *,
    fill: bool = True,
) -> pd.DataFrame:
    """Sum deaths (best, low, high) and count events per period and grouping columns.

    With `fill`, periods with no event inside the span of the data appear with zeros.

    Example:
        >>> event_series(events, "month", by=["country_iso3", "violence_type"])
    """
    if freq not in FREQUENCIES:
        raise InvalidArgumentError(f"freq must be one of {list(FREQUENCIES)}")
    _refuse_missing_deaths(events)
    frame = events.assign(period=period_start(events["date"], freq))
    keys = ["period", *by]
    grouped = frame.groupby(keys, as_index=False, observed=True).agg(
        deaths_best=("deaths_best", "sum"),
        deaths_low=("deaths_low", "sum"),
        deaths_high=("deaths_high", "sum"),
        events=("event_id", "size"),
    )
    if fill and not grouped.empty:
        periods = pd.period_range(grouped["period"].min(), grouped["period"].max(),
                                  freq=FREQUENCIES[freq]).to_timestamp()
        groups = grouped[list(by)].drop_duplicates() if by else pd.DataFrame(index=[0])
        grid = groups.merge(pd.DataFrame({"period": periods}), how="cross")
        grouped = grid.merge(grouped, on=keys, how="left")
        grouped[[*DEATH_COLUMNS, "events"]] = grouped[[*DEATH_COLUMNS, "events"]].fillna(0)
        grouped = grouped.astype({c: "int64" for c in [*DEATH_COLUMNS, "events"]})
    return grouped[[*keys, *DEATH_COLUMNS, "events"]].sort_values(keys).reset_index(drop=True)


def _refuse_missing_deaths(events: pd.DataFrame) -> None:
    """Refuse events whose deaths are missing (a sum would count 0) or negative."""
    for column in DEATH_COLUMNS:
        if column not in events:
            continue
        missing, negative = int(events[column].isna().sum()), int((events[column] < 0).sum())
        if missing:
            raise InvalidArgumentError(
                f"{column} is missing in {missing} of {len(events)} events: a sum would count "
                "them as 0 deaths. Drop those rows or fill them with a sourced figure first.")
        if negative:
            raise InvalidArgumentError(
                f"{column} is negative in {negative} of {len(events)} events: deaths are "
                "counts, 0 or more. Check the table (data.events() never has negative deaths).")


def rolling_sum(series: pd.DataFrame, window: int, value: str = "deaths_best",
                by: Sequence[str] = ("country_iso3",)) -> pd.DataFrame:
    """Add a column `<value>_roll<window>`: the sum over the last `window` periods per group.

    The first window-1 periods of each group are NaN (not enough history). `window` is a
    whole number of periods, 1 or more.
    """
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 1:
        raise InvalidArgumentError(f"window must be a whole number of periods, 1 or more "
                                   f"(e.g. window=12 for a year of months), not {window!r}.")
    frame = series.sort_values([*by, "period"]).copy()
    column = f"{value}_roll{window}"
    if by:
        frame[column] = frame.groupby(list(by))[value].transform(
            lambda s: s.rolling(window, min_periods=window).sum()
        )
    else:
        frame[column] = frame[value].rolling(window, min_periods=window).sum()
    return frame.reset_index(drop=True)


def yearly_totals(fatalities: pd.DataFrame) -> pd.DataFrame:
    """Sum the country-year table over violence types: one row per country_iso3 and year."""
    return fatalities.groupby(["country_iso3", "year"], as_index=False)[DEATH_COLUMNS].sum()


def per_100k(frame: pd.DataFrame, population: pd.DataFrame, value: str = "deaths_best"
             ) -> pd.DataFrame:
    """Add `<value>_per_100k` using population (country_iso3, year, value) from the WDI table.

    Years without a population figure (missing, or 0 or less) get NaN (never a guessed
    population).
    """
    pop = population.rename(columns={"value": "population"})[["country_iso3", "year",
                                                               "population"]]
    pop = pop.assign(population=pop["population"].where(pop["population"] > 0))
    merged = frame.merge(pop, on=["country_iso3", "year"], how="left")
    merged[f"{value}_per_100k"] = merged[value] / merged["population"] * 100_000
    return merged


def change(current: float, previous: float) -> float:
    """Return the relative change from `previous` to `current` (NaN when previous is 0)."""
    if previous == 0 or pd.isna(previous) or pd.isna(current):
        return float("nan")
    return (current - previous) / previous


def compare_periods(values: pd.DataFrame, value: str, period_column: str,
                    current: Sequence, previous: Sequence,
                    by: Sequence[str] = ("country_iso3",)) -> pd.DataFrame:
    """Sum `value` over two sets of periods per group and return both with the change."""
    now = values[values[period_column].isin(current)].groupby(list(by))[value].sum()
    before = values[values[period_column].isin(previous)].groupby(list(by))[value].sum()
    table = pd.DataFrame({"current": now, "previous": before}).fillna(0)
    table["change"] = [change(c, p) for c, p in zip(table["current"], table["previous"],
                                                    strict=True)]
    return table.reset_index()


def deadliest_events(events: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Return the `n` deadliest events, deadliest first (ties: earlier first).

    Columns: event_id, date, country_iso3, place (UCDP's ``where_coordinates``), admin1,
    side_a, side_b, violence_type, deaths_civilians, deaths_best, preliminary.
    """
    columns = ["event_id", "date", "country_iso3", "place", "admin1", "side_a", "side_b",
               "violence_type", "deaths_civilians", "deaths_best", "preliminary"]
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InvalidArgumentError(f"n must be a whole number of events, at least 1, not {n!r}.")
    ordered = events.sort_values(["deaths_best", "date", "event_id"],
                                 ascending=[False, True, True])
    return ordered.head(n).reindex(columns=columns).reset_index(drop=True)
