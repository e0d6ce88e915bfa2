import shutil

import pandas as pd
import pytest

from sahel_analysis import config, countries, data
from sahel_analysis.exceptions import DataIntegrityError, InvalidPeriodError, UnknownCountryError

# Final GED (most likely 24.1) and the UCDP country-year table (25.1) differ by UCDP's revisions
# between versions; documented differences reach 95 deaths (Burkina Faso 2022, 3.5%).
REVISION_TOLERANCE = 0.05


def test_events_filters_country_and_period():
    events = data.events("mali", start="2020", end="2021-06")
    assert set(events["country_iso3"]) == {"MLI"}
    assert events["date"].min() >= pd.Timestamp("2020-01-01")
    assert events["date"].max() <= pd.Timestamp("2021-06-30")


def test_event_sums_match_country_year_within_revisions():
    events = data.events(countries.AES, "2012", "2023", include_preliminary=False)
    by_event = events.groupby(["country_iso3", "year"])["deaths_best"].sum()
    cy = data.fatalities(countries.AES, 2012, 2023).groupby(["country_iso3", "year"])[
        "deaths_best"].sum()
    joined = pd.concat({"events": by_event, "cy": cy}, axis=1).fillna(0)
    exact = (joined["events"] == joined["cy"]).mean()
    assert exact > 0.7  # most country-years agree exactly
    relative = (joined["events"] - joined["cy"]).abs() / joined["cy"].clip(lower=1)
    assert (relative <= REVISION_TOLERANCE).all(), joined[relative > REVISION_TOLERANCE]


def test_fatalities_types_and_columns():
    frame = data.fatalities("NER", 2015, 2015)
    assert list(frame.columns) == ["country_iso3", "year", "violence_type", "deaths_best",
                                   "deaths_low", "deaths_high", "source"]
    assert frame["deaths_best"].sum() == 533


def test_monthly_fatalities_add_up_to_yearly_event_sums():
    monthly = data.fatalities("BFA", "2019", "2023", by="month")
    yearly = data.events("BFA", "2019", "2023").groupby("year")["deaths_best"].sum()
    per_year = monthly.groupby(monthly["month"].dt.year)["deaths_best"].sum()
    pd.testing.assert_series_equal(per_year, yearly, check_names=False, check_index_type=False)


def test_owid_is_a_separate_series():
    owid = data.owid_deaths("MLI", 2025, 2025)
    assert owid["deaths_best"].iloc[0] == 2152
    assert "OWID" in owid["source"].iloc[0]
    assert 2025 not in set(data.fatalities("MLI")["year"])


def test_unknown_country_and_bad_periods():
    with pytest.raises(UnknownCountryError, match="Valid countries"):
        data.events("Wakanda")
    with pytest.raises(InvalidPeriodError, match="inverted"):
        data.events("MLI", "2022", "2020")
    with pytest.raises(InvalidPeriodError, match="the data cover"):
        data.fatalities("MLI", "1950", "1960")


def test_displacement_roles():
    origin = data.displacement("MLI", 2025, 2025, role="origin")
    host = data.displacement("MLI", 2025, 2025, role="host")
    assert (origin["origin_iso3"] == "MLI").all()
    assert (host["host_iso3"] == "MLI").all()


def test_indicators_unknown_code():
    with pytest.raises(ValueError, match="available"):
        data.indicators(codes="XX.NOPE")


def test_boundaries_only_level_zero():
    assert {"MLI", "BFA", "NER"} <= set(data.boundaries()["country_iso3"])
    with pytest.raises(ValueError, match="admin-1"):
        data.boundaries(level=1)


def test_corrupt_parquet_is_reported(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(config.data_dir(), copy)
    (copy / "events.parquet").write_bytes(b"not a parquet file")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(copy))
    with pytest.raises(DataIntegrityError, match="data build"):
        data.events()


def test_missing_manifest_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(DataIntegrityError, match="data build"):
        data.events()


def test_coverage_names_each_source():
    coverage = data.coverage()
    assert coverage.set_index("series").loc["Events, final", "last_year"] == 2023
    assert coverage.set_index("series").loc["Country-year deaths, latest year",
                                            "last_year"] == 2025


def test_numpy_and_float_years_select_the_same_rows():
    latest = data.fatalities("MLI")["year"].max()  # a numpy integer
    assert set(data.fatalities("MLI", start=latest)["year"]) == {int(latest)}
    by_float = data.fatalities("MLI", 2020.0, 2021.0)
    assert by_float.equals(data.fatalities("MLI", 2020, 2021)) and len(by_float)
    with pytest.raises(InvalidPeriodError, match="not a date"):
        data.fatalities("MLI", start=True)


def test_empty_period_inside_the_data_is_an_empty_table():
    empty = data.events("Niger", 2024, 2025)
    assert empty.empty and list(empty.columns) == list(data.events("NER", 2020, 2020).columns)
    monthly = data.fatalities("NER", 2024, 2025, by="month")
    assert monthly.empty and "deaths_best" in monthly.columns
    with pytest.raises(InvalidPeriodError, match="the data cover"):
        data.events("NER", 2040, 2041)


def test_indicators_take_countries_first():
    population = data.indicators("NER", "SP.POP.TOTL", 2020, 2020)
    assert set(population["country_iso3"]) == {"NER"}
    assert set(population["indicator_code"]) == {"SP.POP.TOTL"}
    with pytest.raises(UnknownCountryError, match="codes="):
        data.indicators("SP.POP.TOTL")


def test_ged_rows_with_inconsistent_bounds_are_kept_and_counted():
    events = data.events(include_preliminary=False)
    odd = events[(events["deaths_low"] > events["deaths_best"])
                 | (events["deaths_high"] < events["deaths_best"])]
    assert len(odd) == 63  # kept as UCDP publishes them (documented in schemas.EVENTS)
    from sahel_analysis import schemas

    assert "deaths_low > deaths_best" in schemas.__doc__ + (schemas.EVENTS.description or "")


def test_an_open_period_outside_the_data_is_said_plainly():
    with pytest.raises(InvalidPeriodError, match="from 2030 on"):
        data.events("Niger", 2030)
