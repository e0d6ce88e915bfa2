"""Cross-source check: the same country-year from two or more sources, side by side.

Sources count different things (UCDP: deaths in organised violence, with UCDP's own
thresholds; OWID: UCDP GED deaths in active armed conflicts; ACLED: reported fatalities in all
its event types), so their levels differ by design. What should agree is the direction of
change from one year to the next: where two sources disagree on it, the reader should know.
A value identical to the previous year's in a source is flagged too: it is often a figure that
was carried forward rather than updated.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd


def side_by_side(sources: Mapping[str, pd.DataFrame], value: str = "deaths",
                 min_repeated: float = 100) -> pd.DataFrame:
    """Put each source's country-year figure side by side with its change on the previous year.

    Args:
        sources: Source label -> frame with country_iso3, year and `value` (one row per
            country-year; sum beforehand if the source splits by type).
        value: Name of the value column in every frame.
        min_repeated: Smallest value flagged when repeated (small counts repeat by chance).

    Returns:
        One row per country-year present in any source, with for each label: ``<label>``
        (the value), ``<label>_change`` (value minus the previous year's value of the same
        source, NaN when either is missing) and ``<label>_unchanged`` (True when the value
        equals the previous year's and is at least `min_repeated`); then ``disagree`` (True
        when two sources changed in opposite directions) and ``note`` (which sources
        disagree, which did not move).
    """
    merged = None
    labels = list(sources)
    for label, frame in sources.items():
        part = frame.groupby(["country_iso3", "year"], as_index=False)[value].sum(min_count=1)
        part = part.sort_values(["country_iso3", "year"])
        previous = part.assign(year=part["year"] + 1).rename(columns={value: "_prev"})
        part = part.merge(previous, on=["country_iso3", "year"], how="left")
        part[f"{label}_change"] = part[value] - part["_prev"]
        part[f"{label}_unchanged"] = ((part[value] == part["_prev"])
                                      & (part[value] >= min_repeated))
        part = part.drop(columns="_prev").rename(columns={value: label})
        merged = part if merged is None else merged.merge(part, on=["country_iso3", "year"],
                                                          how="outer")
    if merged is None:
        return pd.DataFrame(columns=["country_iso3", "year", "disagree", "note"])
    for label in labels:
        merged[f"{label}_unchanged"] = merged[f"{label}_unchanged"].fillna(False).astype(bool)
    signs = pd.DataFrame({label: np.sign(merged[f"{label}_change"]) for label in labels})
    merged["disagree"] = (signs == 1).any(axis=1) & (signs == -1).any(axis=1)
    notes = []
    for index in merged.index:
        parts = []
        if merged.at[index, "disagree"]:
            up = [label for label in labels if signs.at[index, label] == 1]
            down = [label for label in labels if signs.at[index, label] == -1]
            parts.append(f"{' and '.join(up)} up, {' and '.join(down)} down")
        stale = [label for label in labels if merged.at[index, f"{label}_unchanged"]]
        if stale:
            parts.append(f"{' and '.join(stale)}: same figure as the year before")
        notes.append("; ".join(parts))
    merged["note"] = notes
    return merged.sort_values(["country_iso3", "year"]).reset_index(drop=True)


def unchanged_since(series: pd.Series) -> pd.Series:
    """Return, for each year, the first year of the run of identical values it belongs to.

    A figure repeated exactly from one year to the next was most likely not updated: the
    first year of the run is the last date the figure was produced.

    Args:
        series: Values indexed by consecutive years (one country, one measure).

    Returns:
        Same index; the first year of the run where the value repeats the previous year's,
        else NaN (a value that changed, the first year, a missing value or zero).
    """
    values = series.sort_index()
    result = pd.Series(np.nan, index=values.index, dtype="float64")
    start = None
    previous_year = previous = None
    for year, value in values.items():
        same = (previous is not None and pd.notna(value) and value != 0 and value == previous
                and previous_year == year - 1)
        if same:
            result.loc[year] = start
        else:
            start = year
        previous_year, previous = year, value
    return result
