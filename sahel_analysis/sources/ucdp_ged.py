"""UCDP Georeferenced Event Dataset: final GED, per-country exports and Candidate releases.

All share one layout (the per-country exports name the estimates ``best_est``/``high_est``/
``low_est`` and drop ``gwnoa``/``gwnob``); :func:`read_ged` reads any of them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import GW_TO_ISO3
from sahel_analysis.sources.base import RemoteFile, Source

_CANDIDATE_URL = "https://ucdp.uu.se/downloads/candidateged/GEDEvent_v{}.csv"

RELEASE = "24.1"  # the final GED the per-country exports most likely come from
SOURCE = Source(
    key="ucdp_ged",
    title="UCDP Georeferenced Event Dataset (final GED) and UCDP Candidate Events Dataset",
    publisher="Uppsala Conflict Data Program (UCDP)",
    version=(
        f"GED final, most likely {RELEASE} (per-country exports for Mali, Burkina Faso, Niger, "
        "events to 2023-12-31); Candidate 21.01.21.12 (2021), 22.0.2 (Feb 2022), 26.0.1 (Jan 2026)"
    ),
    licence="CC BY 4.0",
    attribution=(
        f"UCDP Georeferenced Event Dataset (GED) Global version {RELEASE} and UCDP Candidate "
        "Events Dataset 21.01.21.12, 22.0.2 and 26.0.1, Uppsala Conflict Data Program; Sundberg & "
        "Melander (2013), Introducing the UCDP Georeferenced Event Dataset, JPR 50(4); Hegre, "
        "Croicu, Eck & Högbladh (2020), Introducing the UCDP Candidate Events Dataset, Research & "
        "Politics 7(3); Davies, Engström, Pettersson & Öberg (2024), JPR 61(4). CC BY 4.0."
    ),
    landing_url="https://ucdp.uu.se/downloads/",
    redistributable=True,
    release=RELEASE,
    citation="UCDP GED final (most likely v{release}, events to {last:%b %Y}), {licence}",
    files={
        "final_mli": RemoteFile(
            path="ucdp_ged_sahel/Mali.csv",
            url="https://ucdp.uu.se/country/432",
            sha256="676f4f8ec85255607c78b5ff5e1c3523301c53d8eba384168ba4148bd5986334",
            derived="it is UCDP's per-country GED export for Mali (country page download).",
        ),
        "final_bfa": RemoteFile(
            path="ucdp_ged_sahel/Burkina.csv",
            url="https://ucdp.uu.se/country/439",
            sha256="b6dc2da85b32161022f3863e63dd94e74848f07c2cdc96449318d47c491da937",
            derived="it is UCDP's per-country GED export for Burkina Faso.",
        ),
        "final_ner": RemoteFile(
            path="ucdp_ged_sahel/Niger_reconstructed.csv",
            url="https://ucdp.uu.se/country/436",
            sha256="f932a1f07e264631de91c1e7c7ae46c02af988ac81ad4dddae746da977ff4c98",
            derived=(
                "it is a documented reconstruction of a spreadsheet-mangled per-country export "
                "for Niger (see shared/data/ucdp_ged_sahel/README.txt)."
            ),
        ),
        "candidate_2021": RemoteFile(
            path="ucdp_ged/GEDEvent_v21_01_21_12_africa.csv",
            url=_CANDIDATE_URL.format("21_01_21_12"),
            sha256="937a2e53912048ab94eeba465633299dee115019597aaeef5b345a869619c694",
            derived="it keeps only the rows with region == 'Africa' of the Candidate file.",
        ),
        "candidate_2022_02": RemoteFile(
            path="ucdp_ged/GEDEvent_v22_0_2.csv",
            url=_CANDIDATE_URL.format("22_0_2"),
            sha256="1944479ede9788d9c77cc560118d37f181b41791a0f2bf106ef64b145964d2fa",
        ),
        "candidate_2026_01": RemoteFile(
            path="ucdp_ged/GEDEvent_v26_0_1.csv",
            url=_CANDIDATE_URL.format("26_0_1"),
            sha256="0abfa097090623537a4903c5dd1ab958e7f33e1b759319305d8036ff8c14e9ec",
        ),
        "global_251": RemoteFile(
            path="ucdp_ged_global/GEDEvent_v25_1.csv",
            url="https://ucdp.uu.se/downloads/ged/ged251-csv.zip",
            sha256=None,
            member="GEDEvent_v25_1.csv",
        ),
    },
    notes=(
        "Candidate events are preliminary (code_status flags rows UCDP still checks). Final rows "
        "win: a Candidate row is dropped when its id is in the final data or when the final data "
        "covers its country and month."
    ),
)

FINAL_FILES = ("final_mli", "final_bfa", "final_ner")
GLOBAL_FILE = "GEDEvent_v25_1.csv"
CANDIDATE_FILES = {
    "candidate_2021": "Candidate 21.01.21.12",
    "candidate_2022_02": "Candidate 22.0.2",
    "candidate_2026_01": "Candidate 26.0.1",
}
# The short source line of the newest Candidate release, filled in with the month it covers.
CANDIDATE_CITATION = ("UCDP Candidate Events " + list(CANDIDATE_FILES.values())[-1].split()[-1]
                      + " ({month:%B %Y}, preliminary), {licence}")
VIOLENCE_TYPES = {1: "state_based", 2: "non_state", 3: "one_sided"}

_RENAME = {
    "best_est": "best",
    "high_est": "high",
    "low_est": "low",
}
_KEEP = [
    "id", "relid", "year", "code_status", "type_of_violence", "conflict_name", "dyad_name",
    "side_a", "side_b", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
    "longitude", "country_id",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low",
]


def _parse_dates(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip()
    slash = text.str.contains("/", regex=False)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if slash.any():
        parsed[slash] = pd.to_datetime(text[slash].str.slice(0, 10), format="%m/%d/%Y")
    if (~slash).any():
        parsed[~slash] = pd.to_datetime(text[~slash].str.slice(0, 10), format="%Y-%m-%d")
    return parsed.astype("datetime64[ns]")


def read_ged(path: Path, version: str, *, preliminary: bool) -> pd.DataFrame:
    """Read any GED-layout file and return harmonised events of the covered countries."""
    wanted = set(_KEEP) | set(_RENAME)
    raw = pd.read_csv(path, index_col=False, low_memory=False, usecols=lambda c: c in wanted,
                      encoding="utf-8")
    raw = raw.rename(columns=_RENAME)
    missing = [c for c in _KEEP if c not in raw.columns]
    if missing:
        from sahel_analysis.exceptions import DataIntegrityError

        raise DataIntegrityError(
            f"{path} is not in the UCDP GED layout: columns {missing} are missing. Check that "
            "the file is a GED or Candidate export (read with index_col=False)."
        )
    raw = raw[_KEEP]
    raw = raw[pd.to_numeric(raw["country_id"], errors="coerce").isin(GW_TO_ISO3)]
    events = pd.DataFrame(
        {
            "event_id": raw["id"].astype("int64"),
            "date": _parse_dates(raw["date_start"]),
            "date_end": _parse_dates(raw["date_end"]),
            "date_precision": raw["date_prec"].astype("int64"),
            "country_iso3": raw["country_id"].astype("int64").map(GW_TO_ISO3),
            "place": raw["where_coordinates"].astype("string").str.strip(),
            "admin1": raw["adm_1"].astype("string").str.strip(),
            "admin2": raw["adm_2"].astype("string").str.strip(),
            "latitude": raw["latitude"].astype("float64"),
            "longitude": raw["longitude"].astype("float64"),
            "where_precision": raw["where_prec"].astype("int64"),
            "violence_type": raw["type_of_violence"].astype("int64").map(VIOLENCE_TYPES),
            "conflict_name": raw["conflict_name"].astype(str).str.strip(),
            "dyad_name": raw["dyad_name"].astype(str).str.strip(),
            "side_a": raw["side_a"].astype(str).str.strip(),
            "side_b": raw["side_b"].astype(str).str.strip(),
            "deaths_a": raw["deaths_a"].astype("int64"),
            "deaths_b": raw["deaths_b"].astype("int64"),
            "deaths_civilians": raw["deaths_civilians"].astype("int64"),
            "deaths_unknown": raw["deaths_unknown"].astype("int64"),
            "deaths_best": raw["best"].astype("int64"),
            "deaths_low": raw["low"].astype("int64"),
            "deaths_high": raw["high"].astype("int64"),
            "code_status": raw["code_status"].astype(str),
            "preliminary": preliminary,
            "source_version": version,
        }
    )
    events["year"] = events["date"].dt.year.astype("int64")
    events["admin1"] = events["admin1"].replace("", pd.NA)
    events["admin2"] = events["admin2"].replace("", pd.NA)
    return events
