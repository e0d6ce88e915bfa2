"""Fault cases of the report parameters (the package's own catalog), checked before a kernel."""

from __future__ import annotations

import pytest

from sahel_analysis.catalog import validate_parameters
from sahel_analysis.exceptions import ParameterError, UnknownReportError
from tests.reliability.helpers import expect

pytestmark = pytest.mark.usefixtures("real_catalog")

REFUSED = {
    "end_beyond_data": ("realignment", {"end": "2100"}, "after the last day"),
    "end_9999_12": ("realignment", {"end": "9999-12"}, "after the last day"),
    "trailing_junk_parameter": ("realignment", {"start": "2020-01-01<script>"}, "cannot read"),
    "huge_parameter_value": ("country_profile", {"country": "x" * 120_000}, "characters"),
    "wrong_type_parameter": ("country_profile", {"country": 432}, "wrong type"),
    "unknown_parameter": ("country_profile", {"cuntry": "MLI"}, "unknown parameter"),
    "no_countries": ("regional_security", {"countries": []}, "at least one"),
    "as_of_outside_data": ("briefing", {"as_of": "1970-01-01"}, "outside the data"),
    "huge_parameter_name": ("country_profile", {"y" * 120_000: "1"}, "characters"),
    "negative_max_data_age": ("briefing", {"max_data_age": -3}, "number of days"),
    "negative_max_data_age_text": ("briefing", {"max_data_age": "-3"}, "number of days"),
    "max_data_age_not_a_number": ("briefing", {"max_data_age": "soon"}, "number of days"),
    "fractional_max_data_age": ("briefing", {"max_data_age": "2.5"}, "number of days"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_with_a_message(case):
    report, values, text = REFUSED[case]
    expect(ParameterError, text, validate_parameters, report, values)


def test_inverted_period_with_both_ends_says_to_swap_them():
    message = expect(ParameterError, "inverted", validate_parameters, "realignment",
                     {"start": "2022", "end": "2020"})
    assert "give an end" not in message and "swap" in message, message


def test_start_after_the_default_end_says_to_give_an_end():
    from sahel_analysis.params import PeriodParameters, data_span

    last = data_span()[1].isoformat()
    if last <= PeriodParameters.model_fields["end"].default:
        pytest.skip("the data end before the default end")
    expect(ParameterError, "give an end", validate_parameters, "realignment", {"start": last})


def test_negative_max_data_age_does_not_say_wrong_type():
    message = expect(ParameterError, "max_data_age", validate_parameters, "briefing",
                     {"max_data_age": "-3"})
    assert "wrong type" not in message, message


def test_int_year_parameter():
    assert validate_parameters("country_profile", {"start": 2019})["start"] == "2019-01-01"


def test_parameters_of_unknown_report():
    expect(UnknownReportError, "Valid reports", validate_parameters, "weather", {})
