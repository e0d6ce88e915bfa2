import math

import numpy as np
import pandas as pd
import pytest

from sahel_analysis import data
from sahel_analysis.metrics import windows
from tests.conftest import make_events


def test_windows_are_equal_and_start_on_the_turn_month():
    dates = windows.windows_for("2023-07-26", 12)
    assert dates["after_start"] == pd.Timestamp("2023-07-01")
    assert dates["before_end"] == pd.Timestamp("2023-06-30")
    assert dates["before_start"] == pd.Timestamp("2022-07-01")
    assert dates["after_end"] == pd.Timestamp("2024-06-30")
    before = pd.period_range(dates["before_start"], dates["before_end"], freq="M")
    after = pd.period_range(dates["after_start"], dates["after_end"], freq="M")
    assert len(before) == len(after) == 12


def test_turn_month_counts_after_and_nothing_is_skipped():
    events = make_events([
        {"date": "2020-01-05", "deaths_best": 100},  # outside a 3-month window
        {"date": "2020-02-10", "deaths_best": 1},
        {"date": "2020-04-30", "deaths_best": 2},
        {"date": "2020-05-01", "deaths_best": 10},   # the turn's own month: after
        {"date": "2020-07-31", "deaths_best": 20},
        {"date": "2020-08-01", "deaths_best": 1000},  # outside
    ])
    row = windows.before_after(events, "2020-05-20", 3, coverage=set(
        pd.period_range("2019-01", "2021-12", freq="M"))).iloc[0]
    assert (row["deaths_before"], row["deaths_after"]) == (3, 30)
    assert row["ratio"] == 10 and row["covered"]


def test_uncovered_window_is_nan_never_another_window():
    events = data.events("BFA")
    row = windows.before_after(events, "2024-01-24", 12, countries=["BFA"]).iloc[0]
    assert not row["covered"]
    assert math.isnan(row["deaths_before"]) and math.isnan(row["deaths_after"])
    assert row["after_start"] == pd.Timestamp("2024-01-01")


def test_against_sums_over_final_ged_rows_without_double_counting():
    events = data.events("MLI")
    final = events[~events["preliminary"]]
    # a Candidate copy of a final month must not be counted again
    copy = final[(final["date"] >= "2022-03-01") & (final["date"] < "2022-04-01")].copy()
    copy["event_id"] += 10_000_000
    copy["preliminary"] = True
    copy["source_version"] = "Candidate 22.0.3"
    doubled = pd.concat([events, copy])
    row = windows.before_after(doubled, "2021-12-20", 12, countries=["MLI"]).iloc[0]
    before = final[(final["date"] >= "2020-12-01") & (final["date"] <= "2021-11-30")]
    after = final[(final["date"] >= "2021-12-01") & (final["date"] <= "2022-11-30")]
    assert row["deaths_before"] == before["deaths_best"].sum()
    assert row["deaths_after"] == after["deaths_best"].sum()
    assert row["ratio_low"] < row["ratio"] < row["ratio_high"]
    assert not row["preliminary"]


def test_newer_candidate_release_replaces_older_for_the_same_month():
    events = make_events([
        {"date": "2026-01-05", "deaths_best": 5, "preliminary": True,
         "source_version": "Candidate 26.0.1"},
        {"date": "2026-01-06", "deaths_best": 7, "preliminary": True,
         "source_version": "Candidate 26.0.2"},
    ])
    kept = windows.dedupe_releases(events)
    assert list(kept["deaths_best"]) == [7]


def test_yearly_variant_states_years_and_keeps_the_turn_year_apart():
    cy = data.fatalities("NER")
    table = windows.before_after_yearly(cy, 2023, 1, countries=["NER"]).iloc[0]
    totals = cy.groupby("year")["deaths_best"].sum()
    assert table["before_years"] == "2022" and table["after_years"] == "2024"
    assert table["deaths_before"] == totals[2022]
    assert table["deaths_turn_year"] == totals[2023]
    assert table["deaths_after"] == totals[2024]


def test_turns_with_identical_windows_share_one_row():
    events = data.events("MLI")
    turns = pd.DataFrame({"date": pd.to_datetime(["2023-12-02", "2023-12-31", "2022-08-15"]),
                          "title": ["A", "B", "C"]})
    table = windows.turn_windows(events, turns, 12, countries=["MLI"])
    assert len(table) == 2
    assert table.iloc[1]["turns"].startswith("A (02 Dec 2023); B (31 Dec 2023)")


def test_turns_in_scope_keeps_own_and_bloc_turns_only():
    timeline = data.timeline()
    bfa = windows.turns_in_scope(timeline, "BFA")
    assert set(bfa["country"]) <= {"BFA", "AES", "G5S"}
    assert not bfa["title"].str.contains("MINUSMA").any()
    assert not bfa["kind"].isin(["economic", "massacre"]).any()
    ben = windows.turns_in_scope(timeline, "BEN")
    assert not ben["country"].isin(["AES", "G5S"]).any()


def test_bootstrap_interval_widens_with_clustering():
    even = np.full(20, 10.0)
    clustered = np.array([190.0] + [0.5] * 20)
    narrow = windows.bootstrap_ratio(even, even * 2)
    wide = windows.bootstrap_ratio(clustered, clustered * 2)
    assert narrow[0] == pytest.approx(2.0) and narrow[1] == pytest.approx(2.0)
    assert wide[1] - wide[0] > 1.0


def test_a_country_without_events_in_a_covered_month_had_zero_deaths():
    # final GED covers the world from 1989: Burkina Faso's first events are in 2016
    row = windows.before_after(data.events("BFA"), "2014-08-01", 12, countries=["BFA"]).iloc[0]
    assert row["covered"] and row["deaths_before"] == 0 and row["deaths_after"] == 0


def test_month_precision_turns_are_labelled_by_month():
    events = data.events("MLI")
    turns = pd.DataFrame({"date": pd.to_datetime(["2021-12-01"]), "title": ["Wagner"],
                          "date_precision": ["month"]})
    table = windows.turn_windows(events, turns, 12, countries=["MLI"])
    assert table.iloc[0]["turns"] == "Wagner (Dec 2021)"


def test_inputs_are_read_like_the_data_functions_or_refused_clearly():
    import numpy as np

    from sahel_analysis.exceptions import (
        InvalidArgumentError,
        InvalidPeriodError,
        UnknownCountryError,
    )

    events = data.events("MLI")
    by_name = windows.before_after(events, "2021-12-20", 12, countries="Mali")
    assert list(by_name["country_iso3"]) == ["MLI"]
    year = windows.before_after(events, np.int64(2021), 12, countries=["MLI"]).iloc[0]
    assert year["after_start"] == pd.Timestamp("2021-01-01") and year["covered"]
    with pytest.raises(UnknownCountryError):
        windows.before_after(events, "2021-12", 12, countries=["XYZ"])
    with pytest.raises(InvalidPeriodError):
        windows.before_after(events, "2021-13-45", 12)
    with pytest.raises(InvalidPeriodError):
        windows.before_after(events, "2021-12", 0)
    with pytest.raises(InvalidArgumentError):
        windows.before_after(events, "2021-12", 12, value="deaths")


def test_candidate_releases_cover_the_months_of_their_version_not_their_stray_rows():
    assert windows.release_months("Candidate 26.0.1") == {pd.Period("2026-01", "M")}
    assert len(windows.release_months("Candidate 21.01.21.12")) == 12
    assert windows.release_months("ACLED API") is None
    nigeria = data.events("NGA")  # Candidate rows only; 22.0.2 has 3 rows dated January 2022
    assert (nigeria["date"].dt.to_period("M") == pd.Period("2022-01", "M")).sum() == 3
    months = windows.covered_months(nigeria)
    assert pd.Period("2022-02", "M") in months and pd.Period("2022-01", "M") not in months


def test_final_coverage_is_per_country_in_a_mixed_table():
    # the shipped final GED rows are Mali, Burkina Faso and Niger only: Nigeria's 2021
    # Candidate rows are neither dropped nor judged against AES coverage
    events = data.events()
    kept = windows.dedupe_releases(events)
    nigeria_2021 = events[(events["country_iso3"] == "NGA") & (events["year"] == 2021)]
    assert len(nigeria_2021) > 0
    assert nigeria_2021["event_id"].isin(kept["event_id"]).all()
    row = windows.before_after(events, "2016-06", 12, countries=["NGA", "MLI"])
    assert list(row["covered"]) == [False, True]
