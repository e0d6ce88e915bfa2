"""Realignment: arms imports by supplier bloc, Russia's share, spending, aid, gold."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sahel_analysis.sources.sipri import BLOCS


def arms_by_bloc(deliveries: pd.DataFrame, by: Sequence[str] = ("year",)) -> pd.DataFrame:
    """Sum SIPRI TIV delivered per supplier bloc and `by`, one column per bloc (fixed order)."""
    table = deliveries.pivot_table(index=list(by), columns="supplier_bloc",
                                   values="tiv_delivered", aggfunc="sum", fill_value=0.0)
    for bloc in BLOCS:
        if bloc not in table:
            table[bloc] = 0.0
    table = table[list(BLOCS)]
    table.columns.name = None
    return table.reset_index()


def bloc_shares_by_period(deliveries: pd.DataFrame, periods: dict[str, tuple[int, int]]
                          ) -> pd.DataFrame:
    """Return each bloc's share of TIV delivered in named year ranges (inclusive)."""
    rows = []
    for label, (first, last) in periods.items():
        part = deliveries[deliveries["year"].between(first, last)]
        total = part["tiv_delivered"].sum()
        shares = part.groupby("supplier_bloc")["tiv_delivered"].sum() / total if total else None
        row = {"period": label, "total_tiv": total}
        for bloc in BLOCS:
            row[bloc] = float(shares.get(bloc, 0.0)) if shares is not None else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def indicator_wide(indicators: pd.DataFrame, code: str) -> pd.DataFrame:
    """Return one WDI indicator as a year x country table."""
    part = indicators[indicators["indicator_code"] == code.upper()]
    table = part.pivot_table(index="year", columns="country_iso3", values="value")
    table.columns.name = None
    return table


def annual_gold_price(gold: pd.DataFrame) -> pd.DataFrame:
    """Return the calendar-year mean of the monthly gold price (years with 12 months only)."""
    frame = gold.assign(year=gold["date"].dt.year)
    table = frame.groupby("year").agg(price_usd_per_oz=("price_usd_per_oz", "mean"),
                                      months=("price_usd_per_oz", "size"))
    return table[table["months"] == 12].drop(columns="months").reset_index()


def correlation_with_gold(series: pd.DataFrame, gold_annual: pd.DataFrame, value: str = "value"
                          ) -> float:
    """Return the Pearson correlation of an annual series (year, value) with the gold price."""
    merged = series.merge(gold_annual, on="year").dropna(subset=[value, "price_usd_per_oz"])
    if len(merged) < 3:
        return float("nan")
    return float(merged[value].corr(merged["price_usd_per_oz"]))
