import pandas as pd
import pytest

from sahel_analysis import data
from sahel_analysis.metrics import violence
from tests.conftest import make_events


def test_event_series_fills_empty_months():
    events = make_events([{"date": "2020-01-05", "deaths_best": 3},
                          {"date": "2020-01-20", "deaths_best": 2},
                          {"date": "2020-03-01", "deaths_best": 7}])
    series = violence.event_series(events, "month", by=["country_iso3"])
    assert list(series["deaths_best"]) == [5, 0, 7]
    assert list(series["events"]) == [2, 0, 1]


def test_rolling_sum():
    series = pd.DataFrame({"country_iso3": "MLI", "period": pd.date_range("2020-01-01",
                                                                           periods=4, freq="MS"),
                           "deaths_best": [1, 2, 3, 4]})
    rolled = violence.rolling_sum(series, 3)
    assert rolled["deaths_best_roll3"].isna().sum() == 2
    assert list(rolled["deaths_best_roll3"].dropna()) == [6, 9]


def test_per_100k_and_change():
    totals = pd.DataFrame({"country_iso3": ["MLI", "MLI"], "year": [2020, 2021],
                           "deaths_best": [200, 300]})
    pop = pd.DataFrame({"country_iso3": ["MLI"], "year": [2020], "value": [20_000_000.0]})
    rates = violence.per_100k(totals, pop)
    assert rates.loc[0, "deaths_best_per_100k"] == pytest.approx(1.0)
    assert pd.isna(rates.loc[1, "deaths_best_per_100k"])  # no population: no guess
    assert violence.change(150, 100) == pytest.approx(0.5)
    assert pd.isna(violence.change(5, 0))


def test_compare_periods():
    values = pd.DataFrame({"country_iso3": ["MLI"] * 4, "year": [2020, 2021, 2022, 2023],
                           "deaths_best": [10, 20, 30, 60]})
    table = violence.compare_periods(values, "deaths_best", "year", [2022, 2023], [2020, 2021])
    assert table.loc[0, "current"] == 90 and table.loc[0, "previous"] == 30
    assert table.loc[0, "change"] == pytest.approx(2.0)


def test_yearly_totals_equal_monthly_sums_on_embedded_data():
    events = data.events("MLI", "2018", "2023", include_preliminary=False)
    monthly = violence.event_series(events, "month", by=["country_iso3"])
    yearly = violence.event_series(events, "year", by=["country_iso3"])
    by_year = monthly.groupby(monthly["period"].dt.year)["deaths_best"].sum()
    assert list(by_year) == list(yearly["deaths_best"])


def test_bad_frequency_and_count_are_refused_clearly():
    import pytest

    from sahel_analysis import data
    from sahel_analysis.exceptions import InvalidArgumentError

    events = data.events("MLI")
    with pytest.raises(InvalidArgumentError, match="freq"):
        violence.period_start(events["date"], "week")
    with pytest.raises(InvalidArgumentError, match="whole number"):
        violence.deadliest_events(events, 5.0)
    assert list(violence.deadliest_events(events, 3)["deaths_best"]) == sorted(
        events["deaths_best"].nlargest(3), reverse=True)
