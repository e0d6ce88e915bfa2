import math

import pandas as pd
import pytest
from scipy.stats import f

from sahel_analysis.metrics import windows


def clopper_pearson_ratio(before, after):
    """Independent reference: the F-distribution form of the exact interval."""
    f_low = f.ppf(0.975, 2 * (before + 1), 2 * after)
    f_high = f.ppf(0.975, 2 * (after + 1), 2 * before)
    p_low = after / (after + (before + 1) * f_low)
    p_high = (after + 1) * f_high / (before + (after + 1) * f_high)
    return p_low / (1 - p_low), p_high / (1 - p_high)


def test_rate_ratio_hand_computed():
    ratio, low, high = windows.rate_ratio_ci(10, 20)
    assert ratio == 2.0
    assert low == pytest.approx(0.8935, abs=1e-4)
    assert high == pytest.approx(4.7846, abs=1e-4)
    ref_low, ref_high = clopper_pearson_ratio(10, 20)
    assert (low, high) == pytest.approx((ref_low, ref_high))


def test_rate_ratio_unequal_exposure_and_edges():
    ratio, low, high = windows.rate_ratio_ci(12, 3, periods_before=6, periods_after=3)
    assert ratio == pytest.approx(0.5)  # 3/3 per period after, 12/6 before
    assert low < ratio < high
    assert windows.rate_ratio_ci(0, 5)[0] == math.inf
    assert windows.rate_ratio_ci(4, 0)[:2] == (0.0, 0.0)
    assert all(math.isnan(v) for v in windows.rate_ratio_ci(0, 0))


def monthly(values, start="2020-01-01"):
    return pd.DataFrame({"period": pd.date_range(start, periods=len(values), freq="MS"),
                         "deaths_best": values})


def test_event_window_excludes_the_event_month():
    series = monthly([1, 1, 1, 100, 5, 5, 5])  # Jan..Jul 2020, event in April
    result = windows.event_window(series, pd.Timestamp("2020-04-15"), 3, "deaths_best")
    assert (result["before"], result["after"]) == (3, 15)
    assert result["rate_ratio"] == 5.0 and result["status"] == "ok"


def test_event_window_not_covered():
    series = monthly([1, 2, 3])
    result = windows.event_window(series, pd.Timestamp("2020-02-10"), 3, "deaths_best")
    assert result["status"] == "not covered" and math.isnan(result["rate_ratio"])


def test_mixed_table_falls_back_to_years():
    month_series = monthly([2] * 12)
    years = pd.DataFrame({"period": pd.to_datetime(["2021-01-01", "2022-01-01", "2023-01-01"]),
                          "deaths_best": [10, 50, 30]})
    timeline = pd.DataFrame({"date": pd.to_datetime(["2020-06-10", "2022-05-01", "2030-01-01"]),
                             "country": "MLI", "category": "coup", "title": ["a", "b", "c"]})
    table = windows.mixed_window_table(month_series, years, timeline, months=3)
    assert list(table["basis"]) == ["3 months", "1 year", "not covered"]
    assert table.loc[1, "rate_ratio"] == pytest.approx(3.0)
