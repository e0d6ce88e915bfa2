import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sahel_analysis.exceptions import InvalidPeriodError
from sahel_analysis.periods import parse_period, to_timestamp, year_bounds


def test_year_and_month_strings_cover_whole_periods():
    assert to_timestamp("2020") == pd.Timestamp("2020-01-01")
    assert to_timestamp("2020", end=True) == pd.Timestamp("2020-12-31")
    assert to_timestamp("2020-02", end=True) == pd.Timestamp("2020-02-29")
    assert to_timestamp(dt.date(2021, 5, 24)) == pd.Timestamp("2021-05-24")
    assert to_timestamp(2019) == pd.Timestamp("2019-01-01")


def test_inverted_period_is_refused():
    with pytest.raises(InvalidPeriodError, match="inverted"):
        parse_period("2023-01-01", "2020-01-01")


def test_unreadable_date_says_what_to_use():
    with pytest.raises(InvalidPeriodError, match="ISO date"):
        to_timestamp("last tuesday")


def test_year_bounds():
    assert year_bounds("2012-03-01", "2014") == (2012, 2014)
    assert year_bounds(None, None) == (None, None)


@pytest.mark.parametrize("value", [
    2024, np.int64(2024), np.int32(2024), 2024.0, np.float64(2024.0), "2024", " 2024 ",
    dt.date(2024, 1, 1), dt.datetime(2024, 1, 1, 15, 30), pd.Timestamp("2024-01-01"),
    "2024-01", "2024-01-01",
])
def test_every_kind_of_year_reads_the_same(value):
    assert to_timestamp(value) == pd.Timestamp("2024-01-01")


@pytest.mark.parametrize("value, message", [
    (True, "not a date"), (2020.5, "not a whole year"), (float("nan"), "not a date"),
    ([2020], "not a date"), ("2020-01-01<script>", "ISO date"), (np.datetime64("NaT"),
                                                                  "not a date"),
])
def test_other_values_are_refused_clearly(value, message):
    with pytest.raises(InvalidPeriodError, match=message):
        to_timestamp(value)


def test_none_means_no_bound():
    assert parse_period(None, None) == (None, None)
