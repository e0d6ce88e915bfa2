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
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_with_a_message(case):
    report, values, text = REFUSED[case]
    expect(ParameterError, text, validate_parameters, report, values)


def test_int_year_parameter():
    assert validate_parameters("country_profile", {"start": 2019})["start"] == "2019-01-01"


def test_parameters_of_unknown_report():
    expect(UnknownReportError, "Valid reports", validate_parameters, "weather", {})
