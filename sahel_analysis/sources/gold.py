"""Gold price in US dollars per troy ounce (World Bank Pink Sheet, via datahub.io)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.sources.base import RemoteFile, Source

_BASE = "https://raw.githubusercontent.com/datasets/gold-prices/main/data/"

SOURCE = Source(
    key="gold",
    title="Gold prices (USD per troy ounce), monthly and annual",
    publisher="World Bank Commodity Markets (Pink Sheet) 1960-; packaged by datahub.io",
    version="datapackage 0.2.0, data to 2026-06",
    licence="PDDL 1.0",
    attribution=(
        "Gold price: World Bank Commodity Markets (Pink Sheet) 1960-, Timothy Green 1833-1959, "
        "via datahub.io/core/gold-prices (PDDL 1.0)."
    ),
    landing_url="https://datahub.io/core/gold-prices",
    redistributable=True,
    files={
        "monthly": RemoteFile(
            path="gold/monthly.csv",
            url=_BASE + "monthly.csv",
            sha256="afcb15f04abc1da9d4aed11d7582f2954b7d3f3d3f191ef2629e596cdba9cab1",
        ),
    },
)

FIRST_YEAR = 1990


def tidy(path: Path) -> pd.DataFrame:
    """Return the monthly gold price from 1990 (month start dates, nominal USD per troy oz)."""
    raw = pd.read_csv(path, encoding="utf-8")
    tidy = pd.DataFrame(
        {
            "date": pd.to_datetime(raw["Date"], format="%Y-%m").astype("datetime64[ns]"),
            "price_usd_per_oz": raw["Price"].astype("float64"),
        }
    )
    tidy = tidy[tidy["date"].dt.year >= FIRST_YEAR]
    return tidy.sort_values("date").reset_index(drop=True)
