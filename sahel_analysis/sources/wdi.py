"""World Bank World Development Indicators (featured series, long format)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import ALL_ISO3
from sahel_analysis.sources.base import RemoteFile, Source

_DERIVED = (
    "it stacks the per-indicator data.csv files of the 'datasets/world-development-indicators' "
    "repository (a monthly mirror of the World Bank API) for the Sahel and its neighbours; the "
    "same values come from https://api.worldbank.org/v2/country/<ISO3>/indicator/<CODE>."
)

RELEASE = "2026-07-01"
SOURCE = Source(
    key="wdi",
    title="World Development Indicators",
    publisher="World Bank",
    version=f"update of {RELEASE} (325 featured indicators)",
    licence="CC BY 4.0",
    attribution=(
        f"World Bank, World Development Indicators (update of {RELEASE}), "
        "https://databank.worldbank.org/source/world-development-indicators. CC BY 4.0. "
        "Military expenditure series are SIPRI data re-published by the World Bank."
    ),
    landing_url="https://databank.worldbank.org/source/world-development-indicators",
    redistributable=True,
    release=RELEASE,
    citation="World Bank, World Development Indicators, update {release} ({licence})",
    files={
        "long": RemoteFile(
            path="wdi/wdi_sahel_long.csv",
            url="https://github.com/datasets/world-development-indicators",
            sha256="2e172a8245c628f9cca5aa11a87f0b82d03980f3d5e0620abc85df0df0905f8b",
            derived=_DERIVED,
        ),
        "indicators": RemoteFile(
            path="wdi/wdi_indicators.csv",
            url="https://github.com/datasets/world-development-indicators",
            sha256="d6627d16ce50f226d47926521ef9eaccc96417139baf3eb7ae4f96bdccab02a2",
            derived=_DERIVED,
        ),
    },
)

# The series the reports use (lower-case codes as in the origin files).
INDICATORS: dict[str, str] = {
    "sp.pop.totl": "Population, total",
    "ny.gdp.pcap.cd": "GDP per capita (current US$)",
    "ny.gdp.mktp.cd": "GDP (current US$)",
    "ny.gdp.mktp.kd.zg": "GDP growth (annual %)",
    "ms.mil.xpnd.gd.zs": "Military expenditure (% of GDP)",
    "ms.mil.xpnd.zs": "Military expenditure (% of general government expenditure)",
    "dt.oda.odat.cd": "Net official development assistance received (current US$)",
    "dt.oda.odat.pc.zs": "Net ODA received per capita (current US$)",
    "dt.oda.odat.gn.zs": "Net ODA received (% of GNI)",
    "tx.val.mmtl.zs.un": "Ores and metals exports (% of merchandise exports)",
    "tx.val.mrch.cd.wt": "Merchandise exports (current US$)",
    "sp.dyn.le00.in": "Life expectancy at birth, total (years)",
}
FIRST_YEAR = 1990


def tidy(long_path: Path, catalog_path: Path) -> pd.DataFrame:
    """Return the selected indicators for the covered countries, one row per code/country/year."""
    raw = pd.read_csv(long_path, encoding="utf-8")
    raw = raw[
        raw["indicator_code"].isin(INDICATORS)
        & raw["Country Code"].isin(ALL_ISO3)
        & (raw["Year"] >= FIRST_YEAR)
    ]
    names = pd.read_csv(catalog_path, encoding="utf-8").set_index("indicator_code")[
        "indicator_name"]
    tidy = pd.DataFrame(
        {
            "indicator_code": raw["indicator_code"].str.upper(),
            "indicator_name": raw["indicator_code"].map(names).fillna(
                raw["indicator_code"].map(INDICATORS)
            ),
            "country_iso3": raw["Country Code"],
            "year": raw["Year"].astype("int64"),
            "value": pd.to_numeric(raw["Value"], errors="coerce").astype("float64"),
        }
    ).dropna(subset=["value"])
    return tidy.sort_values(["indicator_code", "country_iso3", "year"]).reset_index(drop=True)
