"""Event windows: N periods before and after a timeline event, rate ratio and exact 95% CI.

The confidence interval is the exact (conditional binomial, Clopper-Pearson) interval for the
ratio of two Poisson rates. Deaths are clustered (one massacre adds hundreds), so the Poisson
assumption understates uncertainty: read the interval as a lower bound on it.
"""

from __future__ import annotations

import math

import pandas as pd

FREQ_CODES = {"month": "M", "year": "Y"}


def rate_ratio_ci(before: float, after: float, periods_before: int = 1,
                  periods_after: int = 1, level: float = 0.95) -> tuple[float, float, float]:
    """Return (rate ratio after/before, lower, upper) with the exact Poisson interval.

    Example:
        >>> rate_ratio_ci(10, 20)  # doctest: +ELLIPSIS
        (2.0, 0.89..., 4.78...)
    """
    from scipy.special import betaincinv  # beta quantile; lighter than scipy.stats

    before, after = int(round(before)), int(round(after))
    total = before + after
    if total == 0:
        return (math.nan, math.nan, math.nan)
    exposure = periods_before / periods_after
    alpha = 1 - level
    p_low = 0.0 if after == 0 else betaincinv(after, total - after + 1, alpha / 2)
    p_high = 1.0 if after == total else betaincinv(after + 1, total - after, 1 - alpha / 2)
    ratio = math.inf if before == 0 else (after / periods_after) / (before / periods_before)
    low = p_low / (1 - p_low) * exposure
    high = math.inf if p_high >= 1 else p_high / (1 - p_high) * exposure
    return (ratio, float(low), float(high))


def event_window(series: pd.DataFrame, when: pd.Timestamp, periods: int, value: str,
                 freq: str = "month") -> dict:
    """Sum `value` over the `periods` full periods before and after the period of `when`.

    `series` has a `period` column (period start dates) and `value`; a window that reaches
    outside the covered periods is reported with status "not covered" and no ratio.
    """
    code = FREQ_CODES[freq]
    center = pd.Timestamp(when).to_period(code)
    before = pd.period_range(center - periods, center - 1, freq=code).to_timestamp()
    after = pd.period_range(center + 1, center + periods, freq=code).to_timestamp()
    indexed = series.set_index("period")[value]
    covered = set(indexed.index)
    if not (set(before) <= covered and set(after) <= covered):
        return {"before": math.nan, "after": math.nan, "rate_ratio": math.nan,
                "ci_low": math.nan, "ci_high": math.nan, "status": "not covered"}
    total_before = float(indexed.loc[before].sum())
    total_after = float(indexed.loc[after].sum())
    ratio, low, high = rate_ratio_ci(total_before, total_after, periods, periods)
    return {"before": total_before, "after": total_after, "rate_ratio": ratio,
            "ci_low": low, "ci_high": high, "status": "ok"}


def window_table(series: pd.DataFrame, timeline: pd.DataFrame, periods: int,
                 value: str = "deaths_best", freq: str = "month") -> pd.DataFrame:
    """Return one row per timeline event: before, after, rate ratio, 95% CI, status."""
    rows = []
    for event in timeline.itertuples(index=False):
        result = event_window(series, event.date, periods, value, freq)
        rows.append({"date": event.date, "country": event.country, "category": event.category,
                     "title": event.title, **result})
    columns = ["date", "country", "category", "title", "before", "after", "rate_ratio",
               "ci_low", "ci_high", "status"]
    return pd.DataFrame(rows, columns=columns)


def mixed_window_table(monthly: pd.DataFrame, yearly: pd.DataFrame, timeline: pd.DataFrame,
                       months: int = 6, years: int = 1, value: str = "deaths_best"
                       ) -> pd.DataFrame:
    """Window table using monthly data where it covers an event, else annual data.

    `monthly` and `yearly` have a `period` column (period start) and `value`. The `basis`
    column says which was used ("6 months", "1 year" or "not covered").
    """
    rows = []
    for event in timeline.itertuples(index=False):
        result = event_window(monthly, event.date, months, value, "month")
        basis = f"{months} months"
        if result["status"] != "ok":
            result = event_window(yearly, event.date, years, value, "year")
            basis = f"{years} year" + ("s" if years > 1 else "")
        if result["status"] != "ok":
            basis = "not covered"
        rows.append({"date": event.date, "country": event.country, "category": event.category,
                     "title": event.title, "basis": basis, **result})
    columns = ["date", "country", "category", "title", "basis", "before", "after", "rate_ratio",
               "ci_low", "ci_high", "status"]
    return pd.DataFrame(rows, columns=columns)
