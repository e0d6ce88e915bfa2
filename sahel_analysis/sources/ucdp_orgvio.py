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
SOURCE_LABEL = f"UCDP Organized Violence country-year v{RELEASE}"


def read(path: Path) -> pd.DataFrame:
    """Read the raw country-year file, keeping the countries the package covers."""
    raw = pd.read_csv(path, encoding="utf-8")
    raw = raw[raw["country_id_cy"].isin(GW_TO_ISO3)].copy()
    raw["country_iso3"] = raw["country_id_cy"].map(GW_TO_ISO3)
    return raw


def _estimates(raw: pd.DataFrame, column: str, value: str, columns: str) -> pd.DataFrame:
    """Return country-years with `column` = `value` and the best/low/high deaths of `columns`.

    `columns` names the wide columns with ``{}`` for the estimate (``os_..._{}_cy``).
    """
    return pd.DataFrame(
        {
            "country_iso3": raw["country_iso3"],
            "year": raw["year_cy"].astype("int64"),
            column: value,
            **{f"deaths_{e}": raw[columns.format(e)].astype("int64")
               for e in ("best", "low", "high")},
        }
    )


def tidy_fatalities(raw: pd.DataFrame) -> pd.DataFrame:
    """Return one row per country, year and violence type with best/low/high deaths."""
    frames = [_estimates(raw, "violence_type", violence_type, f"{prefix}_deaths_{{}}_cy")
              for violence_type, prefix in VIOLENCE_PREFIX.items()]
    tidy = pd.concat(frames, ignore_index=True)
    tidy["source"] = SOURCE_LABEL
    return tidy.sort_values(["country_iso3", "year", "violence_type"]).reset_index(drop=True)


def tidy_civilian_killings(raw: pd.DataFrame) -> pd.DataFrame:
    """Return civilians killed in one-sided violence by governments and by non-state groups."""
    rows = [_estimates(raw, "perpetrator", perpetrator, f"{stem}_{{}}_cy")
            for perpetrator, stem in (("government", "os_any_govt_killings"),
                                      ("non_state_group", "os_nsgroup_killings"))]
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
