"""Fault cases of the metrics: impossible arguments raise a clear error, never a wrong figure."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sahel_analysis import data
from sahel_analysis.exceptions import InvalidArgumentError, InvalidPeriodError
from sahel_analysis.metrics import displacement, realignment, spread, violence
from tests.conftest import make_events
from tests.reliability.helpers import expect


def _monthly() -> pd.DataFrame:
    return violence.event_series(make_events([{"deaths_best": 3}]), "month")


def _deliveries() -> pd.DataFrame:
    return pd.DataFrame({"recipient_iso3": ["MLI", "MLI"], "supplier": ["Russia", "France"],
                         "year": [2020, 2021], "tiv_delivered": [10.0, 5.0]})


REFUSED = {
    "unknown_measure": (InvalidArgumentError, "refugees", displacement.totals,
                        (data.displacement("MLI"), ["nope"]), {}),
    "no_measure": (InvalidArgumentError, "refugees", displacement.totals,
                   (data.displacement("MLI"), []), {}),
    "unknown_indicator_code": (InvalidArgumentError, "SP.POP.TOTL", realignment.indicator_wide,
                               (data.indicators("NER"), "XX.NOPE"), {}),
    "nan_point": (InvalidArgumentError, "latitude", spread.within_radius,
                  (make_events([{}]), (float("nan"), 1.0), 100), {}),
    "negative_radius": (InvalidArgumentError, "radius_km", spread.within_radius,
                        (make_events([{}]), (14.5, -4.2), -5), {}),
    "zero_window": (InvalidArgumentError, "window", violence.rolling_sum, (_monthly(), 0), {}),
    "fractional_window": (InvalidArgumentError, "window", violence.rolling_sum,
                          (_monthly(), 1.5), {}),
    "reversed_share_period": (InvalidPeriodError, "2021", realignment.supplier_shares,
                              (_deliveries(), {"late": (2021, 2020)}), {}),
    "reversed_change_period": (InvalidPeriodError, "2020", realignment.change_between,
                               (pd.Series({2020: 1.0, 2021: 2.0}), 2021, 2020), {}),
    "nan_deaths_summed": (InvalidArgumentError, "deaths_best", violence.event_series,
                          (make_events([{"deaths_best": float("nan")}, {"deaths_best": 3}]),
                           "year"), {}),
    "negative_deaths_summed": (InvalidArgumentError, "negative", violence.event_series,
                               (make_events([{"deaths_best": -5}, {"deaths_best": 3}]),
                                "year"), {}),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_with_a_message(case):
    error, text, call, args, kwargs = REFUSED[case]
    expect(error, text, call, *args, **kwargs)


@pytest.mark.parametrize("schema", ["FATALITIES", "CIVILIAN_KILLINGS", "OWID_DEATHS",
                                    "EVENTS", "CONFLICTS"])
def test_schemas_refuse_negative_deaths(schema):
    from sahel_analysis import schemas
    from sahel_analysis.exceptions import SchemaValidationError

    table = {"FATALITIES": data.fatalities, "CIVILIAN_KILLINGS": data.civilian_killings,
             "OWID_DEATHS": data.owid_deaths, "EVENTS": data.events,
             "CONFLICTS": data.conflicts}[schema]("MLI").head(3).copy()
    table.loc[table.index[0], "deaths_best"] = -1
    expect(SchemaValidationError, "greater_than_or_equal_to", schemas.validate, table,
           getattr(schemas, schema))


def test_zero_population_gives_no_rate():
    deaths = pd.DataFrame({"country_iso3": ["MLI"], "year": [2020], "deaths_best": [10]})
    population = pd.DataFrame({"country_iso3": ["MLI"], "year": [2020], "value": [0]})
    rate = violence.per_100k(deaths, population)["deaths_best_per_100k"].iloc[0]
    assert math.isnan(rate), rate


def test_known_measure_absent_from_selection_is_zero():
    table = displacement.totals(data.displacement("MLI"), ["refugees", "returned_idps"])
    assert list(table.columns[-2:]) == ["refugees", "returned_idps"]
