"""UCDP Country-Year Dataset on Organized Violence within Country Borders (v25.1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import GW_TO_ISO3
from sahel_analysis.sources.base import RemoteFile, Source

RELEASE = "25.1"
SOURCE = Source(
    key="ucdp_orgvio_cy",
    title="UCDP Country-Year Dataset on Organized Violence within Country Borders",
    publisher="Uppsala Conflict Data Program (UCDP)",
    version=RELEASE,
    licence="CC BY 4.0",
    attribution=(
        f"UCDP Country-Year Dataset on Organized Violence v{RELEASE}, Uppsala Conflict Data "
        "Program; "
        "Davies, Pettersson, Sollenberg & Öberg (2025), Organized violence 1989-2024, and the "
        "challenges of identifying civilian victims, Journal of Peace Research 62(4); "
        "Sundberg & Melander (2013), JPR 50(4). CC BY 4.0."
    ),
    landing_url="https://ucdp.uu.se/downloads/",
    redistributable=True,
    release=RELEASE,
    citation="UCDP Organized Violence country-year dataset v{release} ({licence})",
    files={
        "country_year": RemoteFile(
            path="ucdp_orgvio_cy/organizedviolencecy_v25_1.csv",
            url="https://ucdp.uu.se/downloads/organizedviolencecy/organizedviolencecy-251-csv.zip",
            sha256="6937c55e59e677def1796d58ac9a814682570ead7120bdc663500423c21e8572",
            member="organizedviolencecy_v25_1.csv",
        )
    },
)

VIOLENCE_PREFIX = {"state_based": "sb_total", "non_state": "ns_total", "one_sided": "os_total"}
DYAD_COLUMN = {
    "state_based": "sb_dyad_names_cy",
    "non_state": "ns_dyad_names_cy",
    "one_sided": "os_dyad_names_cy",
}
SOURCE_LABEL = "UCDP Organized Violence country-year v25.1"


def read(path: Path) -> pd.DataFrame:
    """Read the raw country-year file, keeping the countries the package covers."""
    raw = pd.read_csv(path)
    raw = raw[raw["country_id_cy"].isin(GW_TO_ISO3)].copy()
    raw["country_iso3"] = raw["country_id_cy"].map(GW_TO_ISO3)
    return raw


def tidy_fatalities(raw: pd.DataFrame) -> pd.DataFrame:
    """Return one row per country, year and violence type with best/low/high deaths."""
    frames = []
    for violence_type, prefix in VIOLENCE_PREFIX.items():
        frame = pd.DataFrame(
            {
                "country_iso3": raw["country_iso3"],
                "year": raw["year_cy"].astype("int64"),
                "violence_type": violence_type,
                "deaths_best": raw[f"{prefix}_deaths_best_cy"].astype("int64"),
                "deaths_low": raw[f"{prefix}_deaths_low_cy"].astype("int64"),
                "deaths_high": raw[f"{prefix}_deaths_high_cy"].astype("int64"),
            }
        )
        frames.append(frame)
    tidy = pd.concat(frames, ignore_index=True)
    tidy["source"] = SOURCE_LABEL
    return tidy.sort_values(["country_iso3", "year", "violence_type"]).reset_index(drop=True)


def tidy_civilian_killings(raw: pd.DataFrame) -> pd.DataFrame:
    """Return civilians killed in one-sided violence by governments and by non-state groups."""
    rows = []
    for perpetrator, stem in (("government", "os_any_govt_killings"),
                              ("non_state_group", "os_nsgroup_killings")):
        rows.append(
            pd.DataFrame(
                {
                    "country_iso3": raw["country_iso3"],
                    "year": raw["year_cy"].astype("int64"),
                    "perpetrator": perpetrator,
                    "deaths_best": raw[f"{stem}_best_cy"].astype("int64"),
                    "deaths_low": raw[f"{stem}_low_cy"].astype("int64"),
                    "deaths_high": raw[f"{stem}_high_cy"].astype("int64"),
                }
            )
        )
    tidy = pd.concat(rows, ignore_index=True)
    tidy["source"] = SOURCE_LABEL
    return tidy.sort_values(["country_iso3", "year", "perpetrator"]).reset_index(drop=True)


def tidy_dyads(raw: pd.DataFrame) -> pd.DataFrame:
    """Return the named dyads active in each country-year, one row per dyad."""
    rows = []
    for violence_type, column in DYAD_COLUMN.items():
        for iso3, year, names in raw[["country_iso3", "year_cy", column]].itertuples(index=False):
            if not isinstance(names, str) or names == "NO_DYAD":
                continue
            for dyad in names.split("; "):
                rows.append((iso3, int(year), violence_type, dyad.strip()))
    tidy = pd.DataFrame(rows, columns=["country_iso3", "year", "violence_type", "dyad_name"])
    tidy = tidy.drop_duplicates()
    tidy["source"] = SOURCE_LABEL
    return tidy.sort_values(["country_iso3", "year", "violence_type", "dyad_name"]).reset_index(
        drop=True
    )
