"""ACLED aggregated data, read only from a user's own ACLED access (never redistributed).

ACLED's Terms of Use forbid redistribution of its data, raw or derived: nothing from ACLED is
part of the embedded default. Download the aggregated workbooks with your own ACLED account
(https://acleddata.com/aggregated-data/) and read them with these functions, or point the
mirror at a folder holding them under ``acled_aggregated/``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import ALL_ISO3, iso3_or_none
from sahel_analysis.exceptions import DataUnavailableError
from sahel_analysis.sources.base import RemoteFile, Source

_DERIVED = "ACLED data need your own ACLED account (its terms forbid redistribution)."
_PAGE = "https://acleddata.com/aggregated-data/"

SOURCE = Source(
    key="acled",
    title="ACLED aggregated political violence events and fatalities",
    publisher="Armed Conflict Location & Event Data (ACLED)",
    version="as downloaded by the user",
    licence="ACLED Terms of Use: no redistribution",
    attribution="Source: Armed Conflict Location & Event Data (ACLED); www.acleddata.com.",
    landing_url="https://acleddata.com",
    redistributable=False,
    files={
        "country_year_events": RemoteFile(
            path="acled_aggregated/number_of_political_violence_events_by_country-year_as-of-06Mar2026.xlsx",
            url=_PAGE,
            sha256=None,
            derived=_DERIVED,
        ),
        "country_year_fatalities": RemoteFile(
            path="acled_aggregated/number_of_reported_fatalities_by_country-year_as-of-06Mar2026.xlsx",
            url=_PAGE,
            sha256=None,
            derived=_DERIVED,
        ),
        "country_month_events": RemoteFile(
            path="acled_aggregated/number_of_political_violence_events_by_country-month-year_as-of-24Oct2025_0.xlsx",
            url=_PAGE,
            sha256=None,
            derived=_DERIVED,
        ),
    },
)

_MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"], start=1)}


def _read(path: Path | str, sheet: str = "Sheet1") -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise DataUnavailableError(
            f"ACLED file {path} not found. Download it with your own ACLED account from "
            f"{_PAGE} and pass its path (ACLED data are never bundled with this package)."
        )
    return pd.read_excel(path, sheet_name=sheet)


def country_year(events_path: Path | str, fatalities_path: Path | str) -> pd.DataFrame:
    """Return ACLED political-violence events and reported fatalities per covered country-year."""
    events = _read(events_path)
    fatalities = _read(fatalities_path)
    merged = events.merge(fatalities, on=["COUNTRY", "YEAR"], how="outer")
    merged["country_iso3"] = iso3_or_none(merged["COUNTRY"])
    merged = merged[merged["country_iso3"].isin(ALL_ISO3)]
    return (
        merged.rename(columns={"YEAR": "year", "EVENTS": "events", "FATALITIES": "fatalities"})[
            ["country_iso3", "year", "events", "fatalities"]
        ]
        .astype({"year": "int64"})
        .sort_values(["country_iso3", "year"])
        .reset_index(drop=True)
    )


def country_month(path: Path | str) -> pd.DataFrame:
    """Return ACLED political-violence events per covered country and month."""
    raw = _read(path)
    raw["country_iso3"] = iso3_or_none(raw["COUNTRY"])
    raw = raw[raw["country_iso3"].isin(ALL_ISO3)]
    month = raw["MONTH"].map(_MONTHS)
    frame = pd.DataFrame(
        {
            "country_iso3": raw["country_iso3"],
            "month": pd.to_datetime(
                {"year": raw["YEAR"], "month": month, "day": 1}
            ).astype("datetime64[ns]"),
            "events": raw["EVENTS"].astype("int64"),
        }
    )
    return frame.sort_values(["country_iso3", "month"]).reset_index(drop=True)


def from_mirror() -> dict[str, pd.DataFrame]:
    """Read the ACLED workbooks from the configured mirror (a user's own ACLED downloads)."""
    return {
        "country_year": country_year(
            SOURCE.fetch("country_year_events"), SOURCE.fetch("country_year_fatalities")
        ),
        "country_month": country_month(SOURCE.fetch("country_month_events")),
    }
