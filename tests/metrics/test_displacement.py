"""Frozen IDP figures and large stock changes (audit issue 9, finding 8)."""

import pandas as pd

from sahel_analysis import countries, data
from sahel_analysis.metrics import displacement


def test_burkina_faso_idp_figure_unchanged_since_end_2023():
    idps = displacement.idps(data.displacement(countries.AES))
    idps["since"] = displacement.unchanged_since(idps, "idps_unhcr")
    idps["since_idmc"] = displacement.unchanged_since(idps, "idps_idmc")
    bfa = idps[idps["country_iso3"] == "BFA"].set_index("year")
    assert bfa.loc[2025, "idps_unhcr"] == 2_062_534  # CONASUR's count of 31 March 2023
    assert bfa.loc[2025, "since"] == 2023 and bfa.loc[2024, "since"] == 2023
    assert pd.isna(bfa.loc[2023, "since"]) and bfa.loc[2025, "since_idmc"] == 2023
    mali = idps[idps["country_iso3"] == "MLI"].set_index("year")
    assert pd.isna(mali.loc[2025, "since"])


def test_large_changes_are_listed_with_both_stocks():
    stocks = pd.DataFrame({"host_iso3": "MRT", "year": [2023, 2024, 2025],
                           "value": [100_000, 110_000, 200_000]})
    big = displacement.large_changes(stocks, "value", "host_iso3")
    assert list(big["year"]) == [2025] and big.loc[0, "previous"] == 110_000
