"""UNHCR Refugee Population Statistics (refugees, asylum-seekers, IDPs) and IDMC conflict IDPs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import ALL_ISO3
from sahel_analysis.sources.base import RemoteFile, Source

_RDA = "https://github.com/PopulationStatistics/refugees/raw/0c16a6d0c2f37d8578f9b9e3d1e4459efe850398/data/{}.rda"
_DERIVED = (
    "it is the CSV conversion (pyreadr) of the .rda table in UNHCR's 'refugees' R package "
    "(release 2025.12.1); the same figures are served by https://api.unhcr.org/population/v1/."
)

RELEASE = "2025.12.1"
SOURCE = Source(
    key="unhcr",
    title="UNHCR Refugee Population Statistics Database (Refugee Data Finder)",
    publisher="UNHCR; IDP stocks due to conflict from the Internal Displacement Monitoring Centre",
    version=f"refugees R package {RELEASE} (Global Trends 2025, end-2025 figures)",
    licence="CC BY 4.0 (IDMC figures: see IDMC's own terms)",
    attribution=(
        "Source: UNHCR Refugee Data Finder (https://www.unhcr.org/refugee-statistics/), data "
        f"release {RELEASE} (Global Trends 2025), via the UNHCR 'refugees' R package; CC BY 4.0. "
        "Internally displaced persons due to conflict and violence: Internal Displacement "
        "Monitoring Centre (IDMC)."
    ),
    landing_url="https://www.unhcr.org/refugee-statistics/",
    redistributable=True,
    release=RELEASE,
    citation="UNHCR Refugee Data Finder, release {release} (CC BY 4.0)",
    files={
        "population": RemoteFile(
            path="unhcr/population.csv",
            url=_RDA.format("population"),
            sha256="3cc9d26b6d6d7a6853ec2036e68a500822e73263c3edb0be33f26654e80835e8",
            derived=_DERIVED,
        ),
        "idmc": RemoteFile(
            path="unhcr/idmc.csv",
            url=_RDA.format("idmc"),
            sha256="ae7d16f5b6d129d9ecdc031ffb7aa1388e6e0fa1a23570c9da444c04f5eae53e",
            derived=_DERIVED,
        ),
        "countries": RemoteFile(
            path="unhcr/countries.csv",
            url=_RDA.format("countries"),
            sha256="3fef339f329c54f1ba5696b7dcbc75e977e53a72436a72b88ddb082dc065ecdb",
            derived=_DERIVED,
        ),
    },
    notes=(
        "UNHCR IDPs (protected/assisted by UNHCR) and IDMC conflict IDPs are different "
        "concepts: never add them. End-of-year stocks; figures are revised between releases."
    ),
)
IDMC_CITATION = f"IDMC via UNHCR refugees package {RELEASE}"

POPULATION_MEASURES = {
    "refugees": "refugees",
    "asylum_seekers": "asylum_seekers",
    "idps": "idps_unhcr",
    "returned_refugees": "returned_refugees",
    "returned_idps": "returned_idps",
    "oip": "other_in_need_of_protection",
}
FIRST_YEAR = 2000


def tidy(population_path: Path, idmc_path: Path) -> pd.DataFrame:
    """Return displacement stocks touching the covered countries, one row per year/pair/measure."""
    population = pd.read_csv(population_path, keep_default_na=False, na_values=[""],
                             encoding="utf-8")
    touches = population["coo_iso"].isin(ALL_ISO3) | population["coa_iso"].isin(ALL_ISO3)
    population = population[touches & (population["year"] >= FIRST_YEAR)]
    long = population.melt(
        id_vars=["year", "coo_iso", "coo_name", "coa_iso", "coa_name"],
        value_vars=list(POPULATION_MEASURES),
        var_name="measure",
        value_name="value",
    )
    long["measure"] = long["measure"].map(POPULATION_MEASURES)
    long["source"] = "UNHCR"
    idmc = pd.read_csv(idmc_path, keep_default_na=False, na_values=[""], encoding="utf-8")
    idmc = idmc[idmc["coo_iso"].isin(ALL_ISO3) & (idmc["year"] >= FIRST_YEAR)]
    idmc = idmc.rename(columns={"total": "value"})[
        ["year", "coo_iso", "coo_name", "coa_iso", "coa_name", "value"]
    ]
    idmc["measure"] = "idps_idmc"
    idmc["source"] = "IDMC via UNHCR"
    tidy = pd.concat([long, idmc], ignore_index=True)
    tidy = tidy[tidy["value"].notna() & (tidy["value"] > 0)]
    tidy = tidy.groupby(
        ["year", "coo_iso", "coo_name", "coa_iso", "coa_name", "measure", "source"],
        as_index=False,
    )["value"].sum()
    tidy = tidy.rename(
        columns={
            "coo_iso": "origin_iso3",
            "coo_name": "origin_name",
            "coa_iso": "host_iso3",
            "coa_name": "host_name",
        }
    )
    tidy["year"] = tidy["year"].astype("int64")
    tidy["value"] = tidy["value"].astype("int64")
    columns = ["year", "origin_iso3", "origin_name", "host_iso3", "host_name", "measure", "value",
               "source"]
    return tidy[columns].sort_values(columns[:6]).reset_index(drop=True)
