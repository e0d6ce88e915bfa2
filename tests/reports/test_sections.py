"""Report sections are typed objects: their table, figure and text, displayed as before."""

import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter
from IPython.display import Markdown

from sahel_analysis import tables
from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import common, country_profile, sections


def _table_section(ctx):
    frame = pd.DataFrame({"year": [2020, 2021], "deaths": [10, 20]})
    return tables.show(frame, {"year": "text", "deaths": "int"}, export=False)


def _chart_and_text(ctx):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    return common.figure(fig), Markdown("Deaths **rose**.")


def test_a_section_holds_its_table_figure_and_text_and_displays_as_before():
    table = sections.section(_table_section)({})
    assert isinstance(table, sections.Section)
    assert list(table.data.columns) == ["year", "deaths"] and table.data["deaths"].sum() == 30
    formatter = DisplayFormatter()
    raw = _table_section({})
    assert formatter.format(table)[0]["text/html"] == formatter.format(raw)[0]["text/html"]
    both = sections.section(_chart_and_text)({})
    chart, text = both  # unpacks like the tuple it wraps
    assert both.figure is chart.fig and both.text == "Deaths **rose**."
    assert both.data == "Deaths **rose**."  # no table: the displayed text, as before


def test_values_that_are_not_displayed_pass_through():
    assert sections.section(lambda ctx: 42)({}) == 42
    assert sections.section(lambda ctx: "a sentence")({}) == "a sentence"


@pytest.fixture(scope="module")
def mali():
    return country_profile.context(validate_parameters("country_profile", {"country": "MLI"}))


def test_report_cells_return_sections(mali):
    deaths = country_profile.deaths_by_type_chart(mali)
    assert isinstance(deaths, sections.Section) and deaths.figure is not None
    table = country_profile.deaths_table(mali)
    assert isinstance(table.data, pd.DataFrame) and len(table.data)
    assert "Mali" in country_profile.title(mali).text
    # context is not a cell: it returns the report's context dataclass
    assert isinstance(country_profile.context(mali.params), country_profile.CountryProfileContext)


def test_every_report_module_opts_in():
    from sahel_analysis.reports import briefing, displacement, realignment, regional_security

    for module in (country_profile, briefing, displacement, realignment, regional_security):
        assert getattr(module.key_findings, "__wrapped_section__", False), module.__name__
        assert not hasattr(module.context, "__wrapped_section__")


def test_a_section_built_inside_another_keeps_both_records():
    inner = sections.section(_table_section)
    outer = sections.section(lambda ctx: (inner(ctx), _table_section(ctx))[1])
    built = outer({})
    assert len(built.tables) == 2 and sections._RECORDERS == []
