"""UCDP/PRIO Armed Conflict Dataset (v25.1): state-based armed conflicts, conflict-years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import GW_TO_ISO3
from sahel_analysis.sources.base import RemoteFile, Source

SOURCE = Source(
    key="ucdp_acd",
    title="UCDP/PRIO Armed Conflict Dataset",
    publisher="Uppsala Conflict Data Program (UCDP) and Peace Research Institute Oslo (PRIO)",
    version="25.1",
    licence="CC BY 4.0",
    attribution=(
        "UCDP/PRIO Armed Conflict Dataset version 25.1; Gleditsch, Wallensteen, Eriksson, "
        "Sollenberg & Strand (2002), Armed Conflict 1946-2001: A New Dataset, JPR 39(5); "
        "Davies, Pettersson, Sollenberg & Öberg (2025), JPR 62(4). CC BY 4.0."
    ),
    landing_url="https://ucdp.uu.se/downloads/#armedconflict",
    redistributable=True,
    files={
        "conflicts": RemoteFile(
            path="ucdp_acd/UcdpPrioConflict_v25_1.csv",
            url="https://ucdp.uu.se/downloads/ucdpprio/ucdp-prio-acd-251-csv.zip",
            sha256="a7a2ff6caf6c854f4fafb1b17f616da1ed6bbc00612943ec6e071511ebea7a81",
            member="UcdpPrioConflict_v25_1.csv",
        )
    },
)

INCOMPATIBILITY = {1: "territory", 2: "government", 3: "territory and government"}
CONFLICT_TYPE = {
    1: "extrasystemic",
    2: "interstate",
    3: "intrastate",
    4: "internationalised intrastate",
}


def explode_locations(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Return one row per covered country listed in a ', '-separated Gleditsch-Ward column."""
    codes = frame[column].astype(str).str.split(",")
    exploded = frame.assign(_gw=codes).explode("_gw")
    exploded["_gw"] = pd.to_numeric(exploded["_gw"].str.strip(), errors="coerce")
    exploded = exploded[exploded["_gw"].isin(GW_TO_ISO3)].copy()
    exploded["country_iso3"] = exploded["_gw"].astype("int64").map(GW_TO_ISO3)
    return exploded.drop(columns="_gw")


def _text(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().replace("", pd.NA)


def tidy(path: Path) -> pd.DataFrame:
    """Return state-based conflict-years located in the covered countries."""
    raw = explode_locations(pd.read_csv(path), "gwno_loc")
    return pd.DataFrame(
        {
            "dataset": "UCDP/PRIO ACD 25.1",
            "conflict_id": raw["conflict_id"].astype("int64"),
            "year": raw["year"].astype("int64"),
            "country_iso3": raw["country_iso3"],
            "side_a": _text(raw["side_a"]),
            "side_a_2nd": _text(raw["side_a_2nd"]),
            "side_b": _text(raw["side_b"]),
            "side_b_2nd": _text(raw["side_b_2nd"]),
            "incompatibility": raw["incompatibility"].map(INCOMPATIBILITY).astype("string"),
            "intensity_level": raw["intensity_level"].astype("Int64"),
            "type_of_conflict": raw["type_of_conflict"].map(CONFLICT_TYPE).astype("string"),
            "deaths_best": pd.array([pd.NA] * len(raw), dtype="Int64"),
            "deaths_low": pd.array([pd.NA] * len(raw), dtype="Int64"),
            "deaths_high": pd.array([pd.NA] * len(raw), dtype="Int64"),
        }
    ).reset_index(drop=True)
