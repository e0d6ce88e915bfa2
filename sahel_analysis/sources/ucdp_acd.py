"""UCDP/PRIO Armed Conflict Dataset (v25.1): state-based armed conflicts, conflict-years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.sources.base import (  # noqa: F401  (explode_locations: older import path)
    RemoteFile,
    Source,
    conflict_rows,
    explode_locations,
    missing,
)

RELEASE = "25.1"
SOURCE = Source(
    key="ucdp_acd",
    title="UCDP/PRIO Armed Conflict Dataset",
    publisher="Uppsala Conflict Data Program (UCDP) and Peace Research Institute Oslo (PRIO)",
    version=RELEASE,
    licence="CC BY 4.0",
    attribution=(
        f"UCDP/PRIO Armed Conflict Dataset version {RELEASE}; Gleditsch, Wallensteen, Eriksson, "
        "Sollenberg & Strand (2002), Armed Conflict 1946-2001: A New Dataset, JPR 39(5); "
        "Davies, Pettersson, Sollenberg & Öberg (2025), JPR 62(4). CC BY 4.0."
    ),
    landing_url="https://ucdp.uu.se/downloads/#armedconflict",
    redistributable=True,
    release=RELEASE,
    citation="UCDP/PRIO Armed Conflict Dataset {release} ({licence})",
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


def tidy(path: Path) -> pd.DataFrame:
    """Return state-based conflict-years located in the covered countries."""
    raw = explode_locations(pd.read_csv(path, encoding="utf-8"), "gwno_loc")
    return conflict_rows(
        raw, f"UCDP/PRIO ACD {RELEASE}", "side_a", "side_b",
        incompatibility=raw["incompatibility"].map(INCOMPATIBILITY).astype("string"),
        intensity_level=raw["intensity_level"].astype("Int64"),
        type_of_conflict=raw["type_of_conflict"].map(CONFLICT_TYPE).astype("string"),
        deaths_best=missing(raw, "Int64"),
        deaths_low=missing(raw, "Int64"),
        deaths_high=missing(raw, "Int64"),
    )
