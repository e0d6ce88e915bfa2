"""Our World in Data: deaths in armed conflicts by country (UCDP-based, to 2025)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import ALL_ISO3
from sahel_analysis.sources.base import RemoteFile, Source

SOURCE = Source(
    key="owid_conflict",
    title="Deaths in armed conflicts by country (best/low/high), OWID processing of UCDP GED",
    publisher="Our World in Data, based on the Uppsala Conflict Data Program",
    version="OWID update on UCDP GED 26.1 (inferred; data to 2025, latest year may be preliminary)",
    licence="CC BY 4.0",
    attribution=(
        "Uppsala Conflict Data Program (2026) - processed by Our World in Data, "
        "'Deaths in armed conflicts' (ourworldindata.org/grapher/deaths-in-armed-conflicts). "
        "CC BY 4.0."
    ),
    landing_url="https://ourworldindata.org/grapher/deaths-in-armed-conflicts",
    redistributable=True,
    citation="UCDP, processed by Our World in Data, 'Deaths in armed conflicts' ({licence})",
    files={
        "deaths": RemoteFile(
            path="owid_conflict/deaths-in-armed-conflicts.csv",
            url="https://ourworldindata.org/grapher/deaths-in-armed-conflicts.csv",
            sha256="37899c3801d9909fd14c3c4c7e42b2dea66b062175149d38adee496c9c8ca4f8",
        )
    },
    notes=(
        "Different method from the UCDP country-year table: only events of active conflicts "
        "(active_year == 1), assigned to countries by coordinates. Never add it to UCDP totals."
    ),
)

SOURCE_LABEL = "OWID deaths in armed conflicts (UCDP GED, active conflicts only)"


def tidy(path: Path) -> pd.DataFrame:
    """Return one row per covered country and year with best/low/high deaths."""
    raw = pd.read_csv(path, encoding="utf-8")
    raw = raw[raw["Code"].isin(ALL_ISO3)]
    tidy = pd.DataFrame(
        {
            "country_iso3": raw["Code"].astype(str),
            "year": raw["Year"].astype("int64"),
            "deaths_best": raw["Best estimate"].astype("int64"),
            "deaths_low": raw["Low estimate"].astype("int64"),
            "deaths_high": raw["High estimate"].astype("int64"),
        }
    )
    tidy["source"] = SOURCE_LABEL
    return tidy.sort_values(["country_iso3", "year"]).reset_index(drop=True)
