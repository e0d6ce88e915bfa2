import datetime as dt

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
