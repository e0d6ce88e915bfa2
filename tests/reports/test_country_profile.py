"""Country profile: page 1, the major-events table, and the notes of a country without events."""

import json

import pytest

from sahel_analysis import config
from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import common, country_profile


def _ctx(code, **params):
    return country_profile.context(validate_parameters("country_profile",
                                                       {"country": code, **params}))


def _notebook_sections(ctx) -> list:
    """Every section the notebook shows, in its order (`report.x(ctx)` cells)."""
    notebook = json.loads((config.notebooks_dir() / "country_profile.ipynb").read_text())
    names = []
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "report." in source and "export" not in source:
            names += [part.split("(")[0] for part in source.split("report.")[1:]]
    return [getattr(country_profile, name)(ctx) for name in names if name not in ("context",)]


@pytest.fixture(scope="module")
def chad():
    return _ctx("TCD")


def test_chad_says_once_that_no_final_events_are_shipped_and_draws_no_empty_chart(chad):
    shown = _notebook_sections(chad)
    text = " ".join(section.text for section in shown)
    assert text.count(common.no_event_data_text("TCD")) == 1  # in the coverage note only
    windows = country_profile.windows(chad)
    assert windows.figure is None  # no frame saying "no turn has both windows covered"
    assert "country-year" in windows.text
