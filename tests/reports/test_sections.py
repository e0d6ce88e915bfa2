"""Report sections are typed objects: their table, figure and text, displayed as before."""

import dataclasses
import typing

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
        assert dataclasses.is_dataclass(typing.get_type_hints(module.context)["return"])


def _bar_total(section) -> float:
    return sum(bar.get_height() for bar in section.figure.axes[0].containers[0])


def test_an_analyst_bends_a_context_with_dataclasses_replace(mali):
    assert dataclasses.is_dataclass(mali) and isinstance(mali, common.PeriodContext)
    events = mali.events
    big = dataclasses.replace(mali, events=events[events.deaths_best > 10])
    assert big.name == mali.name and big.years == mali.years and big.cy is mali.cy
    assert 0 < len(big.events) < len(events)
    assert _bar_total(country_profile.monthly_chart(mali)) == events["deaths_best"].sum()
    bent = _bar_total(country_profile.monthly_chart(big))
    assert bent == big.events["deaths_best"].sum() < events["deaths_best"].sum()
    assert country_profile.key_findings(big).text != country_profile.key_findings(mali).text


def test_a_bent_context_computes_its_russia_comparison_again(mali):
    assert mali.russia["basis"] == "events"  # computed once, kept on the context
    no_events = dataclasses.replace(mali, all_events=mali.all_events.iloc[0:0])
    assert no_events.russia["basis"] == "country-year" and mali.russia["basis"] == "events"


def test_a_section_built_inside_another_keeps_both_records():
    inner = sections.section(_table_section)
    outer = sections.section(lambda ctx: (inner(ctx), _table_section(ctx))[1])
    built = outer({})
    assert len(built.tables) == 2 and sections._RECORDERS == []


def test_a_context_shows_its_tables_by_size_not_their_rows(mali):
    text = repr(mali)
    assert text.startswith("CountryProfileContext(")
    assert f"events=<DataFrame: {len(mali.events):,} rows × {mali.events.shape[1]} columns>" \
        in text
    assert "code='MLI'" in text and "start=2012-01-01" in text
    assert len(text.splitlines()) == len(dataclasses.fields(mali)) + 1  # a line per field


def test_a_replaced_period_recomputes_start_end_and_years(mali):
    later = dataclasses.replace(mali, params={**mali.params, "start": "2020-06-01"})
    assert (later.start, later.years) == (pd.Timestamp("2020-06-01"), (2020, 2025))
    assert (mali.start, mali.years) == (pd.Timestamp("2012-01-01"), (2012, 2025))


def test_key_findings_text_is_plain_text_with_a_line_per_finding():
    mali = country_profile.context(validate_parameters("country_profile", {"country": "MLI"}))
    lines = country_profile.key_findings(mali).text.splitlines()
    assert lines[0] == "Key findings"  # the heading on its own line, not run into a sentence
    assert len(lines) >= 3 and all(line.startswith("- ") for line in lines[1:])


def test_html_to_text_keeps_paragraphs_and_flows_wrapped_lines():
    text = sections.html_to_text("**Definitions.** UCDP counts\ndeaths.\n\n**Caveats.** Sparse.")
    assert text == "**Definitions.** UCDP counts deaths.\n**Caveats.** Sparse."


@pytest.mark.parametrize("name", ["regional_security", "realignment", "displacement"])
def test_page_one_is_three_sentences_and_a_headline_chart(name):
    import importlib

    report = importlib.import_module(f"sahel_analysis.reports.{name}")
    page_one = report.summary(report.context(validate_parameters(name, {})))
    assert page_one.figure is not None and page_one.figure.axes
    sentences = [line for line in page_one.text.splitlines()
                 if not line.startswith(("Old data.", "Newest data"))]
    assert len(sentences) == 3
