"""Before/after comparisons around a turn: equal windows, stated dates, no double counting.

Monthly windows (:func:`before_after`) compare the ``months`` months from the first day of the
turn's month (the turn's own month counts as *after*) with the ``months`` months before it.
Yearly windows (:func:`before_after_yearly`) compare the years before the turn's year with the
years after it and report the turn's own year in a column of its own. Both say when the data
do not cover a window (``covered`` False, deaths NaN) instead of using another window.

Uncertainty: UCDP's low and high estimates summed over each window, and a 95% interval for the
ratio from resampling events (a cluster bootstrap: one massacre is one draw, so the interval
widens where a few events carry the deaths). Windows describe change, never cause.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from sahel_analysis.countries import normalise
from sahel_analysis.exceptions import InvalidArgumentError, InvalidPeriodError
from sahel_analysis.periods import to_timestamp
from sahel_analysis.sources.ged_releases import GED_FIRST_YEAR, apply_final
from sahel_analysis.vocabulary import TIMELINE_BLOCS

BOOTSTRAP_DRAWS = 1000
WINDOW_COLUMNS = [
    "country_iso3", "before_start", "before_end", "after_start", "after_end", "deaths_before",
    "deaths_after", "deaths_before_low", "deaths_before_high", "deaths_after_low",
    "deaths_after_high", "events_before", "events_after", "ratio", "ratio_low", "ratio_high",
    "preliminary", "covered",
]


def _release_rank(version: str) -> tuple[int, ...]:
    """Order Candidate releases by their version numbers ("Candidate 26.0.1" → (26, 0, 1))."""
    numbers = re.findall(r"\d+", str(version))
    return tuple(int(n) for n in numbers)


def dedupe_releases(events: pd.DataFrame) -> pd.DataFrame:
    """Keep each event once: final GED rows win, then the newest Candidate release.

    A preliminary (Candidate) row is dropped when its id is among the final ids or when final
    rows cover its country and year (:func:`sahel_analysis.sources.ged_releases.apply_final`),
    or when a newer Candidate release has rows in the same month.
    """
    if events.empty:
        return events.copy()
    merged = apply_final(events[events["preliminary"]], events[~events["preliminary"]])
    candidates = merged[merged["preliminary"]]
    if len(candidates):
        month = candidates["date"].dt.to_period("M")
        rank = candidates["source_version"].map(_release_rank)
        older = rank < rank.groupby(month).transform("max")
        merged = merged.drop(index=candidates.index[older.to_numpy()])
    return merged.reset_index(drop=True)


def _final_months(events: pd.DataFrame, country: str | None = None) -> set[pd.Period]:
    """Months the final GED covers for `country` (None: any country of `events`).

    A country is covered from January 1989 to December of its last final year once the final
    rows include it (:func:`sahel_analysis.sources.ged_releases._final_span`); a country
    without final rows is not covered by them.
    """
    final = events[~events["preliminary"]]
    if country is not None:
        final = final[final["country_iso3"] == country]
    if final.empty:
        return set()
    return set(pd.period_range(pd.Period(f"{GED_FIRST_YEAR}-01", "M"),
                               pd.Period(f"{int(final['year'].max())}-12", "M"), freq="M"))


def release_months(version: str) -> set[pd.Period] | None:
    """Return the months a Candidate release was issued for, read from UCDP's version number.

    UCDP names monthly releases ``YY.0.M`` (``26.0.1``: January 2026) and cumulative ones
    ``YY.01.YY.MM`` (``21.01.21.12``: January–December 2021). None when the label follows
    neither pattern. A release also carries a few rows dated just before its months (events
    that began earlier); those do not make the earlier month covered.

    Example:
        >>> sorted(str(m) for m in release_months("Candidate 22.0.2"))
        ['2022-02']
    """
    numbers = [int(n) for n in re.findall(r"\d+", str(version))]
    if len(numbers) == 3 and numbers[1] == 0 and 1 <= numbers[2] <= 12:
        return {pd.Period(year=2000 + numbers[0], month=numbers[2], freq="M")}
    if len(numbers) == 4 and numbers[1] == 1 and 1 <= numbers[3] <= 12:
        return set(pd.period_range(pd.Period(year=2000 + numbers[0], month=1, freq="M"),
                                   pd.Period(year=2000 + numbers[2], month=numbers[3],
                                             freq="M"), freq="M"))
    return None


def covered_months(events: pd.DataFrame, country: str | None = None) -> set[pd.Period]:
    """Return the months the events cover: final GED years, each Candidate release's months.

    A month with no event inside a covered span counts as covered with zero deaths; a month
    outside every release is not covered. A Candidate release covers the months of its
    version number (:func:`release_months`), else the months its rows fall in; Candidate
    releases are global. Final GED covers only the countries it has rows for, so give
    `country` when the events mix countries. Pass the unfiltered event table.
    """
    months = _final_months(events, country)
    candidates = events[events["preliminary"]]
    for version, release in candidates.groupby("source_version"):
        issued = release_months(version)
        months.update(issued if issued is not None
                      else set(release["date"].dt.to_period("M")))
    return months


def windows_for(when, months: int = 12) -> dict[str, pd.Timestamp]:
    """Return the window dates around `when`: the after window starts on the turn's month.

    Example:
        >>> w = windows_for("2021-12-20", 12)
        >>> [str(w[k].date()) for k in ("before_start", "before_end", "after_start", "after_end")]
        ['2020-12-01', '2021-11-30', '2021-12-01', '2022-11-30']
    """
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InvalidPeriodError(f"months must be a whole number of months, at least 1, not "
                                 f"{months!r}.")
    if when is None:
        raise InvalidPeriodError("The turn's date is missing: give a date such as 2021-12-20.")
    after_start = to_timestamp(when).to_period("M").to_timestamp()
    return {
        "before_start": after_start - pd.DateOffset(months=months),
        "before_end": after_start - pd.Timedelta(days=1),
        "after_start": after_start,
        "after_end": after_start + pd.DateOffset(months=months) - pd.Timedelta(days=1),
    }


def bootstrap_ratio(before: np.ndarray, after: np.ndarray, draws: int = BOOTSTRAP_DRAWS,
                    level: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Return a percentile interval for sum(after)/sum(before), resampling events in each window.

    Events are the resampled units, so deaths that come in large clusters widen the interval.
    Returns (nan, nan) when either window has no event.
    """
    if len(before) == 0 or len(after) == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    sums_before = rng.choice(before, (draws, len(before))).sum(axis=1)
    sums_after = rng.choice(after, (draws, len(after))).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = sums_after / sums_before
    ratios = ratios[np.isfinite(ratios)]
    if len(ratios) == 0:
        return (float("nan"), float("nan"))
    alpha = (1 - level) / 2
    return (float(np.quantile(ratios, alpha)), float(np.quantile(ratios, 1 - alpha)))


def before_after(events: pd.DataFrame, when, months: int = 12, *, countries=None,
                 value: str = "deaths_best",
                 coverage: set[pd.Period] | dict[str, set[pd.Period]] | None = None,
                 deduplicated: bool = False) -> pd.DataFrame:
    """Compare deaths in the `months` months from the turn's month with the `months` before.

    Returns one row per country with the columns of ``WINDOW_COLUMNS``: the four window dates,
    the deaths (best, low, high) and events in each window, the ratio after/before with a 95%
    cluster-bootstrap interval, ``preliminary`` (Candidate rows in a window) and ``covered``.
    Where the events do not cover every month of both windows, ``covered`` is False and the
    deaths are NaN. Final GED rows win over Candidate rows of the same months. `value` picks
    the column summed (e.g. ``deaths_civilians``; UCDP's low/high are summed only for
    ``deaths_best``); `coverage` overrides the months judged covered, one set for every country
    or a set per country (default: :func:`covered_months` of `events` for each country);
    `deduplicated` says the events already went through :func:`dedupe_releases`.
    """
    columns = ["event_id", "date", "year", "country_iso3", "preliminary", "source_version",
               "deaths_low", "deaths_high", value]
    if value not in events.columns:
        raise InvalidArgumentError(f"value must be a column of the events, such as deaths_best or "
                             f"deaths_civilians, not {value!r}.")
    events = events[list(dict.fromkeys(columns))]
    if not deduplicated:
        events = dedupe_releases(events)
    dates = windows_for(when, months)
    needed = set(pd.period_range(dates["before_start"], dates["after_end"], freq="M"))
    codes = normalise(countries) if countries is not None else sorted(
        events["country_iso3"].unique())
    rows = []
    for code in codes:
        if coverage is None:
            covered = covered_months(events, code)
        else:
            covered = coverage.get(code, set()) if isinstance(coverage, dict) else coverage
        all_covered = needed <= covered
        own = events[events["country_iso3"] == code]
        before = own[(own["date"] >= dates["before_start"]) & (own["date"] <= dates["before_end"])]
        after = own[(own["date"] >= dates["after_start"]) & (own["date"] <= dates["after_end"])]
        row = {"country_iso3": code, **dates, "covered": all_covered,
               "preliminary": bool(before["preliminary"].any() or after["preliminary"].any())}
        if all_covered:
            low, high = bootstrap_ratio(before[value].to_numpy(), after[value].to_numpy())
            total_before, total_after = float(before[value].sum()), float(after[value].sum())
            if value == "deaths_best":
                row.update({
                    "deaths_before_low": float(before["deaths_low"].sum()),
                    "deaths_before_high": float(before["deaths_high"].sum()),
                    "deaths_after_low": float(after["deaths_low"].sum()),
                    "deaths_after_high": float(after["deaths_high"].sum()),
                })
            row.update({
                "deaths_before": total_before, "deaths_after": total_after,
                "events_before": len(before), "events_after": len(after),
                "ratio": total_after / total_before if total_before else float("nan"),
                "ratio_low": low, "ratio_high": high,
            })
        rows.append(row)
    return pd.DataFrame(rows).reindex(columns=WINDOW_COLUMNS)


def before_after_yearly(cy: pd.DataFrame, year: int, years: int = 1, *, countries=None
                        ) -> pd.DataFrame:
    """Compare country-year deaths in the `years` years before and after the turn's year.

    `cy` is UCDP's country-year table (:func:`sahel_analysis.data.fatalities`). The turn's own
    year is reported apart (``deaths_turn_year``), never silently dropped nor split. A window
    whose years are not all in `cy` has NaN deaths; ``covered`` says whether all are. Columns:
    country_iso3, before_years, turn_year, after_years ("2021–2022"), deaths_before,
    deaths_turn_year, deaths_after (and _low/_high), covered.
    """
    year = to_timestamp(year).year
    before_years = list(range(year - years, year))
    after_years = list(range(year + 1, year + years + 1))
    totals = cy.groupby(["country_iso3", "year"])[["deaths_best", "deaths_low",
                                                    "deaths_high"]].sum()
    codes = normalise(countries) if countries is not None else sorted(
        cy["country_iso3"].unique())
    available = set(cy["year"].unique())
    covered = set(before_years + [year] + after_years) <= available
    rows = []
    for code in codes:
        row = {"country_iso3": code, "before_years": _span(before_years), "turn_year": year,
               "after_years": _span(after_years), "covered": covered}
        for label, span in (("before", before_years), ("turn_year", [year]),
                            ("after", after_years)):
            in_data = set(span) <= available
            for column, suffix in (("deaths_best", ""), ("deaths_low", "_low"),
                                   ("deaths_high", "_high")):
                values = [totals[column].get((code, y), 0) for y in span]
                row[f"deaths_{label}{suffix}"] = float(sum(values)) if in_data else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def turn_date(row) -> str:
    """Format a timeline row's date at its precision ("Dec 2021" for a month-precision date)."""
    precision = getattr(row, "date_precision", "day")
    return f"{row.date:%b %Y}" if precision == "month" else (
        str(row.date.year) if precision == "year" else f"{row.date:%d %b %Y}")


def turn_windows(events: pd.DataFrame, turns: pd.DataFrame, months: int = 12, *,
                 countries=None, value: str = "deaths_best") -> pd.DataFrame:
    """Return :func:`before_after` for each turn; turns with identical windows share one row.

    `turns` has ``date`` and ``title``. The ``turns`` column lists the turns (date and title)
    of each row; ``first_turn`` is the earliest date in it. Rows are per country.
    """
    if turns.empty:
        return pd.DataFrame(columns=["turns", "first_turn", *WINDOW_COLUMNS])
    frame = turns.assign(_month=turns["date"].dt.to_period("M")).sort_values("date")
    events = dedupe_releases(events)
    countries = normalise(countries) if countries is not None else sorted(
        events["country_iso3"].unique())
    coverage = {code: covered_months(events, code) for code in countries}
    events = events[events["country_iso3"].isin(countries)]
    rows = []
    for month, group in frame.groupby("_month", sort=True):
        label = "; ".join(f"{row.title} ({turn_date(row)})"
                          for row in group.itertuples(index=False))
        table = before_after(events, month.to_timestamp(), months, countries=countries,
                             value=value, coverage=coverage, deduplicated=True)
        table.insert(0, "first_turn", group["date"].min())
        table.insert(0, "turns", label)
        rows.append(table)
    return pd.concat(rows, ignore_index=True)


WINDOW_KINDS = ("coup", "foreign_force", "un", "alliance", "sanctions")
WINDOW_CATEGORIES = ("ecowas",)  # the ECOWAS exit steps, whatever their kind

def turns_in_scope(timeline: pd.DataFrame, country: str, kinds=WINDOW_KINDS) -> pd.DataFrame:
    """Return the turns that concern `country`: its own, and the bloc turns it was part of.

    Bloc rows (``country`` AES, G5S, ECOWAS, UN) count for their members only
    (:data:`sahel_analysis.vocabulary.TIMELINE_BLOCS`; UN rows are the missions in Mali).
    Only turns of the given `kinds` are kept: a before/after of deaths around an economic
    deal or a massacre says nothing useful.
    """
    members = timeline["country"].map(lambda scope: TIMELINE_BLOCS.get(scope, (scope,)))
    mine = members.map(lambda codes: country in codes)
    if "kind" in timeline.columns and kinds is not None:
        mine &= timeline["kind"].isin(kinds) | timeline["category"].isin(WINDOW_CATEGORIES)
    return timeline[mine].reset_index(drop=True)
