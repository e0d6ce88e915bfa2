"""Report tables download numbers as numbers: UCDP's low and high apart, no formatted text."""

import pytest

from sahel_analysis import downloads
from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import country_profile, realignment


@pytest.fixture(autouse=True)
def empty_registry():
    downloads.clear()
    yield
    downloads.clear()


@pytest.fixture(scope="module")
def mali():
    return country_profile.context(validate_parameters(
        "country_profile", {"country": "MLI", "start": "2012-01-01", "end": "2025-12-31"}))


def _numeric(table, header):
    values = table.frame[header].dropna()
    return len(values) and all(isinstance(v, int | float) for v in values)


def test_deaths_table_downloads_low_and_high_as_numbers(mali):
    shown = country_profile.deaths_table(mali)
    assert "–" in shown.html  # the range as shown
    (table,) = downloads.registered()
    assert "Low–high (deaths)" not in table.frame.columns
    assert _numeric(table, "Low (deaths)") and _numeric(table, "High (deaths)")
    assert (table.frame["Low (deaths)"] <= table.frame["Total (deaths, best)"]).all()


def test_windows_and_context_download_numbers_not_text(mali):
    country_profile.windows(mali)
    country_profile.context_table(mali)
    windows, context = downloads.registered()
    for header in ("Deaths before (best)", "Deaths before (low)", "Deaths after (high)",
                   "After ÷ before"):
        assert _numeric(windows, header), header
    assert not any(isinstance(v, str) and v[:1].isdigit()
                   for column in context.frame.columns[1:] for v in context.frame[column])
    assert _numeric(context, context.frame.columns[1])


def test_realignment_windows_download_low_and_high():
    ctx = realignment.context(validate_parameters("realignment", {}))
    realignment.windows(ctx)
    table = downloads.registered()[-1]
    assert "Deaths before (low–high)" not in table.frame.columns
    assert _numeric(table, "Deaths before (low)") and _numeric(table, "Deaths after (high)")
