"""UCDP Non-State Conflict Dataset (v22.1): conflicts between organised armed groups."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.sources.base import (
    RemoteFile,
    Source,
    conflict_rows,
    explode_locations,
    missing,
)

RELEASE = "22.1"
SOURCE = Source(
    key="ucdp_nonstate",
    title="UCDP Non-State Conflict Dataset",
    publisher="Uppsala Conflict Data Program (UCDP)",
    version=f"{RELEASE} (old release: ends in 2021)",
    licence="CC BY 4.0",
    attribution=(
        f"UCDP Non-State Conflict Dataset version {RELEASE}; Sundberg, Eck & Kreutz (2012), "
        "Introducing the UCDP Non-State Conflict Dataset, JPR 49(2); Davies, Pettersson & "
        "Öberg (2022), JPR 59(4). CC BY 4.0."
    ),
    landing_url="https://ucdp.uu.se/downloads/#nonstate",
    redistributable=True,
    release=RELEASE,
    citation="UCDP Non-State Conflict Dataset {release} ({licence})",
    files={
        "dyad_years": RemoteFile(
            path="ucdp_nonstate/ucdp-nonstate-221.csv",
            url="https://ucdp.uu.se/downloads/nsos/ucdp-nonstate-221-csv.zip",
            sha256="94bc4e6baabcc5549bb257d2fab26692b7fd042575db35055f3ad6cc5e914ac7",
            member="ucdp-nonstate-221.csv",
        )
    },
)

ORGANISATION = {1: "formally organised", 2: "party supporters", 3: "informally organised"}


def tidy(path: Path) -> pd.DataFrame:
    """Return non-state dyad-years located in the covered countries, in the conflicts layout."""
    raw = explode_locations(pd.read_csv(path, encoding="utf-8"), "gwno_location")
    return conflict_rows(
        raw, f"UCDP Non-State {RELEASE}", "side_a_name", "side_b_name",
        incompatibility=missing(raw, "string"),
        intensity_level=missing(raw, "Int64"),
        type_of_conflict="non-state (" + raw["org"].map(ORGANISATION).fillna("?") + ")",
        deaths_best=raw["best_fatality_estimate"].astype("Int64"),
        deaths_low=raw["low_fatality_estimate"].astype("Int64"),
        deaths_high=raw["high_fatality_estimate"].astype("Int64"),
    )
