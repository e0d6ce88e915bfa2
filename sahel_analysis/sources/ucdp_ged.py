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


_WHOLE_NUMBERS = ["id", "type_of_violence", "where_prec", "date_prec"]
_DEATHS = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"]


def _parse_dates(values: pd.Series) -> pd.Series:
    """Parse ``YYYY-MM-DD…`` or ``MM/DD/YYYY`` dates; impossible or missing ones become NaT."""
    text = values.astype(str).str.strip()
    slash = text.str.contains("/", regex=False)
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if slash.any():
        parsed[slash] = pd.to_datetime(text[slash].str.slice(0, 10), format="%m/%d/%Y",
                                       errors="coerce")
    if (~slash).any():
        parsed[~slash] = pd.to_datetime(text[~slash].str.slice(0, 10), format="%Y-%m-%d",
                                        errors="coerce")
    return parsed.astype("datetime64[ns]")


def _refuse(raw: pd.DataFrame, bad: pd.Series, column: str, what: str, where: str) -> None:
    """Raise DataIntegrityError naming the first row of `raw` flagged in `bad`, if any."""
    if not bad.any():
        return
    from sahel_analysis.exceptions import DataIntegrityError

    index = bad[bad].index[0]
    row = raw.loc[index]
    raise DataIntegrityError(
        f"{where} refused: {int(bad.sum())} row(s) have {what} in {column}, first data row "
        f"{index + 1} (event id {row['id']}): {column} = {row[column]!r}. The release was not "
        "used or cached; the publisher must correct it (report it to UCDP if it persists)."
    )


def _checked_numbers(raw: pd.DataFrame, where: str) -> dict[str, pd.Series]:
    """Return the whole-number columns of `raw` as int64; refuse text, fractions, negatives."""
    numbers = {}
    for column in _WHOLE_NUMBERS + _DEATHS:
        values = pd.to_numeric(raw[column], errors="coerce")
        whole = values.notna() & (values == values.round())
        _refuse(raw, ~whole, column, "a value that is not a whole number", where)
        if column in _DEATHS:
            _refuse(raw, values < 0, column, "negative deaths", where)
        numbers[column] = values.astype("int64")
    for column in ("latitude", "longitude"):
        values = pd.to_numeric(raw[column], errors="coerce")
        _refuse(raw, values.isna(), column, "a missing or non-numeric coordinate", where)
        numbers[column] = values.astype("float64")
    return numbers


def _checked_dates(raw: pd.DataFrame, column: str, where: str) -> pd.Series:
    """Return `column` of `raw` parsed as dates; refuse a missing or impossible date."""
    parsed = _parse_dates(raw[column])
    _refuse(raw, parsed.isna(), column, "a missing or impossible date", where)
    return parsed


def _read_csv(path: Path, wanted: set[str], where: str) -> pd.DataFrame:
    """Read the GED columns of `path`; a file that is not a CSV is a DataIntegrityError."""
    from sahel_analysis.exceptions import DataIntegrityError

    try:
        return pd.read_csv(path, index_col=False, low_memory=False,
                           usecols=lambda c: c in wanted, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError,
            ValueError) as error:
        raise DataIntegrityError(
            f"{where} is not a readable CSV file ({type(error).__name__}: {error}). It may be "
            "an error page or a partial download; it was not used."
        ) from error


def read_ged(path: Path, version: str, *, preliminary: bool) -> pd.DataFrame:
    """Read any GED-layout file and return harmonised events of the covered countries.

    Raises DataIntegrityError naming the release (`version`) and the row when the file is not
    a GED CSV or a covered row holds a non-numeric or negative count or an impossible date.
    """
    from sahel_analysis.exceptions import DataIntegrityError

    where = f"{version} ({Path(path).name})"
    wanted = set(_KEEP) | set(_RENAME)
    raw = _read_csv(path, wanted, where)
    raw = raw.rename(columns=_RENAME)
    missing = [c for c in _KEEP if c not in raw.columns]
    if missing:
        raise DataIntegrityError(
            f"{where} is not in the UCDP GED layout: columns {missing} are missing. Check that "
            "the file is a GED or Candidate export (read with index_col=False), not an error "
            "page; it was not used."
        )
    raw = raw[_KEEP]
    raw = raw[pd.to_numeric(raw["country_id"], errors="coerce").isin(GW_TO_ISO3)]
    numbers = _checked_numbers(raw, where)
    dates = {c: _checked_dates(raw, c, where) for c in ("date_start", "date_end")}
    events = pd.DataFrame(
        {
            "event_id": numbers["id"],
            "date": dates["date_start"],
            "date_end": dates["date_end"],
            "date_precision": numbers["date_prec"],
            "country_iso3": raw["country_id"].astype("int64").map(GW_TO_ISO3),
            "place": raw["where_coordinates"].astype("string").str.strip(),
            "admin1": raw["adm_1"].astype("string").str.strip(),
            "admin2": raw["adm_2"].astype("string").str.strip(),
            "latitude": numbers["latitude"],
            "longitude": numbers["longitude"],
            "where_precision": numbers["where_prec"],
            "violence_type": numbers["type_of_violence"].map(VIOLENCE_TYPES),
            "conflict_name": raw["conflict_name"].astype(str).str.strip(),
            "dyad_name": raw["dyad_name"].astype(str).str.strip(),
            "side_a": raw["side_a"].astype(str).str.strip(),
            "side_b": raw["side_b"].astype(str).str.strip(),
            "deaths_a": numbers["deaths_a"],
            "deaths_b": numbers["deaths_b"],
            "deaths_civilians": numbers["deaths_civilians"],
            "deaths_unknown": numbers["deaths_unknown"],
            "deaths_best": numbers["best"],
            "deaths_low": numbers["low"],
            "deaths_high": numbers["high"],
            "code_status": raw["code_status"].astype(str),
            "preliminary": preliminary,
            "source_version": version,
        }
    )
    events["year"] = events["date"].dt.year.astype("int64")
    events["admin1"] = events["admin1"].replace("", pd.NA)
    events["admin2"] = events["admin2"].replace("", pd.NA)
    return events
