"""Displacement: refugees and asylum-seekers by origin and host, IDPs, burden per 1,000."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

CROSS_BORDER = ("refugees", "asylum_seekers")


def totals(displacement: pd.DataFrame, measures: Sequence[str], by: str = "origin_iso3"
           ) -> pd.DataFrame:
    """Sum `measures` per year and `by` (origin_iso3 or host_iso3), one column per measure."""
    frame = displacement[displacement["measure"].isin(measures)]
    table = frame.pivot_table(index=["year", by], columns="measure", values="value",
                              aggfunc="sum", fill_value=0)
    for measure in measures:
        if measure not in table:
            table[measure] = 0
    table = table[list(measures)].reset_index()
    table.columns.name = None
    return table


def idps(displacement: pd.DataFrame) -> pd.DataFrame:
    """Return IDPs per country and year from both UNHCR and IDMC (two concepts, not added)."""
    frame = displacement[displacement["measure"].isin(["idps_unhcr", "idps_idmc"])
                         & (displacement["origin_iso3"] == displacement["host_iso3"])]
    table = frame.pivot_table(index=["year", "origin_iso3"], columns="measure", values="value",
                              aggfunc="sum")
    table.columns.name = None
    return table.reset_index().rename(columns={"origin_iso3": "country_iso3"})


def top_hosts(displacement: pd.DataFrame, origins: Sequence[str], year: int, n: int = 8,
              measures: Sequence[str] = CROSS_BORDER) -> pd.DataFrame:
    """Return the `n` largest host countries of refugees/asylum-seekers from `origins` in `year`."""
    frame = displacement[
        displacement["origin_iso3"].isin(origins) & displacement["measure"].isin(measures)
        & (displacement["year"] == year)
        & (displacement["host_iso3"] != displacement["origin_iso3"])
    ]
    table = frame.groupby(["origin_iso3", "host_iso3", "host_name"], as_index=False)["value"].sum()
    table["year"] = year
    return table.sort_values("value", ascending=False).groupby("origin_iso3").head(n).reset_index(
        drop=True)


def per_1000(frame: pd.DataFrame, population: pd.DataFrame, value: str,
             country_column: str = "host_iso3") -> pd.DataFrame:
    """Add `<value>_per_1000` inhabitants of `country_column` (population from WDI, no guessing)."""
    pop = population.rename(columns={"value": "population", "country_iso3": country_column})
    merged = frame.merge(pop[[country_column, "year", "population"]],
                         on=[country_column, "year"], how="left")
    merged[f"{value}_per_1000"] = merged[value] / merged["population"] * 1000
    return merged
