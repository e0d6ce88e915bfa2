"""Fault cases of the data API: odd arguments get the right rows or a clear error."""

from __future__ import annotations

import datetime as dt
import shutil

import numpy as np
import pandas as pd
import pytest

from sahel_analysis import config, data, plots
from sahel_analysis.exceptions import (
    DataIntegrityError,
    InvalidArgumentError,
    InvalidPeriodError,
    UnknownCountryError,
)
from tests.reliability.helpers import expect

REFUSED = {
    "bool_year": (InvalidPeriodError, "not a date", data.fatalities, ("MLI",), {"start": True}),
    "fractional_year": (InvalidPeriodError, "whole year", data.fatalities, ("MLI",),
                        {"start": 2020.5}),
    "trailing_junk_date": (InvalidPeriodError, "ISO date", data.events,
                           ("MLI", "2020-01-01<script>"), {}),
    "list_as_date": (InvalidPeriodError, "not a date", data.events, ("MLI", [2020]), {}),
    "unknown_country": (UnknownCountryError, "Valid countries", data.events, ("Wakanda",), {}),
    "inverted_period": (InvalidPeriodError, "inverted", data.events, ("MLI", "2022", "2020"),
                        {}),
    "period_outside_data": (InvalidPeriodError, "the data cover", data.fatalities,
                            ("MLI", 1950, 1960), {}),
    "indicator_code_as_country": (UnknownCountryError, "codes=", data.indicators,
                                  ("SP.POP.TOTL",), {}),
    "unknown_indicator": (ValueError, "available", data.indicators, (), {"codes": "XX.NOPE"}),
    "admin1_boundaries": (ValueError, "admin-1", data.boundaries, (), {"level": 1}),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_with_a_message(case):
    error, text, call, args, kwargs = REFUSED[case]
    expect(error, text, call, *args, **kwargs)


def test_numpy_year_start():
    latest = data.fatalities("MLI")["year"].max()
    assert set(data.fatalities("MLI", start=latest)["year"]) == {int(latest)}


def test_float_years():
    frame = data.fatalities("MLI", 2020.0, 2021.0)
    assert frame.equals(data.fatalities("MLI", 2020, 2021)) and len(frame)


def test_every_date_kind_alike():
    kinds = [2024, np.int64(2024), 2024.0, "2024", pd.Timestamp("2024-01-01"),
             dt.date(2024, 1, 1)]
    assert len({len(data.fatalities("MLI", start=k)) for k in kinds}) == 1


def test_empty_period_inside_data():
    frame = data.events("Niger", 2024, 2025)
    assert frame.empty and "deaths_best" in frame.columns


def test_corrupt_parquet(tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(config.data_dir(), copy)
    (copy / "events.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(copy))
    expect(DataIntegrityError, "data build", data.events)


def test_missing_manifest_api(tmp_path, monkeypatch):
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    expect(DataIntegrityError, "git checkout data/", data.events)


@pytest.fixture
def axes():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_timeline_given_ucdp_events(axes):
    axes.plot(pd.date_range("2020-01-01", "2021-01-01", freq="MS"), range(13))
    expect(ValueError, "data.timeline()", plots.add_timeline, axes,
           data.events("MLI", "2020-01", "2020-02"))


def test_timeline_on_year_axis(axes):
    axes.plot([2012, 2024], [0, 1])
    assert plots.add_timeline(axes, data.timeline("MLI"), max_lanes=50) > 0


def test_timeline_on_unknown_axis(axes):
    axes.plot([0, 1], [0, 1])
    expect(ValueError, "yearly=True", plots.add_timeline, axes, data.timeline())


def test_timeline_other_country_turns(axes):
    axes.plot(pd.date_range("2012-01-01", "2025-12-01", freq="MS"), range(168))
    plots.add_timeline(axes, data.timeline(), countries=["NER"], max_lanes=50)
    assert "ECOWAS sanctions on Mali" not in {t.get_text().strip() for t in axes.texts}


def test_ged_inconsistent_bounds_kept_as_published():
    events = data.events(include_preliminary=False)
    odd = events[(events["deaths_low"] > events["deaths_best"])
                 | (events["deaths_high"] < events["deaths_best"])]
    assert len(odd) == 63, len(odd)


# issue 19 item 7: silent wrong answers (or a foreign error) become the package's own error
ASKED_WRONG = {
    "number_as_countries": (UnknownCountryError, "ISO3", data.events, (123,), {}),
    "number_in_countries": (UnknownCountryError, "Valid countries", data.fatalities, ([432],),
                            {}),
    "bogus_role_all_countries": (InvalidArgumentError, "'origin', 'host' or 'any'",
                                 data.displacement, (), {"role": "bogus"}),
    "no_indicator_codes": (InvalidArgumentError, "codes=None", data.indicators, ("NER",),
                           {"codes": []}),
    "no_timeline_categories": (InvalidArgumentError, "categories=None", data.timeline, (),
                               {"categories": []}),
    "no_timeline_kinds": (InvalidArgumentError, "kinds=None", data.timeline, (),
                          {"kinds": []}),
    "garbage_today": (InvalidPeriodError, "ISO date", data.data_age_days, (["events"],),
                      {"today": "garbage"}),
    "unknown_table_newest": (InvalidArgumentError, "events", data.newest_data, (["nope"],), {}),
    "unknown_table_age": (InvalidArgumentError, "events", data.data_age_days, (["nope"],), {}),
}


@pytest.mark.parametrize("case", list(ASKED_WRONG))
def test_wrong_argument_says_what_to_pass(case):
    error, text, call, args, kwargs = ASKED_WRONG[case]
    expect(error, text, call, *args, **kwargs)


def test_newest_data_of_a_table_without_coverage_is_none():
    assert data.newest_data(["events"], {"events": {"coverage": {}}}) is None
