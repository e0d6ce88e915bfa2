"""Cross-source check of country-years (issue 9, new)."""

import pandas as pd

from sahel_analysis.metrics import crosscheck


def _frame(values):
    return pd.DataFrame([{"country_iso3": "MLI", "year": y, "deaths": v}
                         for y, v in values.items()])


def test_side_by_side_flags_opposite_directions_and_repeated_figures():
    table = crosscheck.side_by_side({"UCDP": _frame({2020: 100, 2021: 80, 2022: 90}),
                                     "ACLED": _frame({2020: 200, 2021: 250, 2022: 250})})
    table = table.set_index("year")
    assert table.loc[2021, "UCDP_change"] == -20 and table.loc[2021, "ACLED_change"] == 50
    assert table.loc[2021, "disagree"] and not table.loc[2022, "disagree"]
    assert table.loc[2021, "note"] == "ACLED up, UCDP down"
    assert table.loc[2022, "ACLED_unchanged"]
    assert "ACLED: same figure as the year before" in table.loc[2022, "note"]
    assert pd.isna(table.loc[2020, "UCDP_change"])


def test_years_in_one_source_only_are_kept_without_a_flag():
    table = crosscheck.side_by_side({"UCDP": _frame({2023: 10, 2024: 5}),
                                     "OWID": _frame({2023: 10, 2024: 6, 2025: 9})})
    last = table.set_index("year").loc[2025]
    assert pd.isna(last["UCDP"]) and last["OWID_change"] == 3 and not last["disagree"]


def test_unchanged_since_gives_the_first_year_of_the_run():
    since = crosscheck.unchanged_since(pd.Series({2022: 5.0, 2023: 7.0, 2024: 7.0, 2025: 7.0}))
    assert since.isna()[2022] and since.isna()[2023]
    assert since[2024] == 2023 and since[2025] == 2023
    assert crosscheck.unchanged_since(pd.Series({2020: 0.0, 2021: 0.0})).isna().all()
