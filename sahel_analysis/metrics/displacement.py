"""Displacement: refugees and asylum-seekers by origin and host, IDPs, burden per 1,000."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sahel_analysis.exceptions import InvalidArgumentError
from sahel_analysis.vocabulary import DISPLACEMENT_MEASURES

CROSS_BORDER = ("refugees", "asylum_seekers")


def totals(displacement: pd.DataFrame, measures: Sequence[str], by: str = "origin_iso3"
           ) -> pd.DataFrame:
    """Sum `measures` per year and `by` (origin_iso3 or host_iso3), one column per measure.

    A known measure with no row in `displacement` is a column of zeros; an unknown one (or
    none) raises InvalidArgumentError.
    """
    measures = [measures] if isinstance(measures, str) else list(measures)
    unknown = [m for m in measures if m not in DISPLACEMENT_MEASURES]
    if unknown or not measures:
        raise InvalidArgumentError(f"measures must name one or more of "
                                   f"{', '.join(DISPLACEMENT_MEASURES)}; got {measures!r}.")
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


def unchanged_since(idp_table: pd.DataFrame, measure: str) -> pd.Series:
    """Return, per row of :func:`idps`, the first year of a run of identical `measure` values.

    A stock repeated exactly from one year to the next was most likely not updated (for
    example Burkina Faso's government count, the same from end-2023 on); the first year of
    the run says since when.

    Args:
        idp_table: Output of :func:`idps` (year, country_iso3, idps_idmc, idps_unhcr).
        measure: "idps_idmc" or "idps_unhcr".

    Returns:
        A float Series aligned with `idp_table`: the first year of the run, NaN where the
        value changed (or is missing, zero, or the first year).
    """
    from sahel_analysis.metrics.crosscheck import unchanged_since as runs

    result = pd.Series(float("nan"), index=idp_table.index, dtype="float64")
    if measure not in idp_table:
        return result
    for _, group in idp_table.groupby("country_iso3"):
        by_year = group.set_index("year")[measure]
        since = runs(by_year)
        result.loc[group.index] = since.reindex(group["year"]).to_numpy()
    return result


def large_changes(stocks: pd.DataFrame, value: str, by: str, min_ratio: float = 1.5,
                  min_people: int = 20_000) -> pd.DataFrame:
    """Return year-on-year stock changes large enough to ask what they are.

    A stock that jumps can reflect new arrivals, or people who arrived earlier and were
    registered (or re-counted) that year: the data do not say which.

    Args:
        stocks: One row per year and `by` with the stock in `value`.
        value: Stock column.
        by: Group column (e.g. origin_iso3 or host_iso3).
        min_ratio: Smallest ratio of the new stock to the previous one flagged (or its
            inverse for falls).
        min_people: Smallest absolute change flagged.

    Returns:
        Columns `by`, year, previous, value, change, ratio; largest changes first.
    """
    frame = stocks[[by, "year", value]].sort_values([by, "year"])
    previous = frame.assign(year=frame["year"] + 1).rename(columns={value: "previous"})
    merged = frame.merge(previous, on=[by, "year"], how="inner").rename(columns={value: "value"})
    merged["change"] = merged["value"] - merged["previous"]
    merged["ratio"] = merged["value"] / merged["previous"].where(merged["previous"] > 0)
    big = merged[(merged["change"].abs() >= min_people)
                 & ((merged["ratio"] >= min_ratio) | (merged["ratio"] <= 1 / min_ratio))]
    return big.sort_values("change", key=abs, ascending=False).reset_index(drop=True)
