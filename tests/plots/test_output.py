"""Charts leave the kernel as SVG with live text, or PNG when heavy, with alt text."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sahel_analysis.plots import output
from sahel_analysis.plots.theme import finish, new_figure, set_theme
from sahel_analysis.reports import common


def _line_chart():
    set_theme()
    fig, ax = new_figure()
    years = pd.to_datetime([f"{y}-12-31" for y in range(2012, 2025)])
    ax.plot(years, np.arange(13) * 1000, label="Refugees abroad (UNHCR)")
    ax.plot(years, np.arange(13) * 500, label="IDPs (IDMC)")
    ax.legend()
    finish(ax, "People displaced from Mali", "People", "UNHCR",
           xlabel="Year (stocks at 31 December)")
    plt.close(fig)
    return fig


def test_line_charts_are_small_svg_with_text_as_text_and_fixed_ids():
    fig = _line_chart()
    svg = output.svg(fig, "People displaced")
    assert svg.startswith('<svg role="img" aria-label="People displaced"')
    assert "<title>People displaced</title>" in svg
    assert ">People displaced from Mali</text>" in svg  # text, not glyph outlines
    assert "DejaVuSans-" not in svg and "<?xml" not in svg and "<metadata>" not in svg
    assert svg == output.svg(fig, "People displaced")  # the same chart, the same SVG
    assert output.svg(fig, "another chart") != svg  # ids differ between charts of a page
    png = output.png(fig)
    assert output.best_format(svg) == "svg" and len(svg.encode()) < len(png)


def test_dense_charts_are_png_at_print_resolution():
    set_theme()
    fig, ax = plt.subplots()
    rng = np.random.default_rng(0)
    ax.scatter(rng.random(6000), rng.random(6000), s=rng.random(6000) * 20)
    ax.set_title("Events")
    plt.close(fig)
    chart = common.Chart(fig)
    assert chart.format == "png" and chart._repr_svg_() is None
    png, meta = chart._repr_png_()
    assert png.startswith(b"\x89PNG") and meta["alt"].startswith("Events.")
    width = int.from_bytes(png[16:20], "big")
    assert width >= fig.get_figwidth() * output.PRINT_DPI * 0.8  # print dpi, not screen
    assert png[25] == 3  # a palette PNG (colour type 3): a third of the full-colour bytes


def test_alt_text_names_axes_span_and_series_without_lowercasing_names():
    alt = common.alt_text(_line_chart())
    assert alt == ("People displaced from Mali. People by year (stocks at 31 December), "
                   "Dec 2012 to Dec 2024: Refugees abroad (UNHCR) and IDPs (IDMC).")


def test_alt_text_of_small_multiples_names_every_panel():
    fig, axes = plt.subplots(1, 4)
    for ax, years in zip(axes, ("2012–2014", "2015–2017", "2018–2020", "2021–2023"),
                         strict=True):
        ax.scatter([1, 2], [1, 2])
        ax.set_title(f"{years}: 1,000 deaths")
    fig.suptitle("Where people were killed in Mali")
    plt.close(fig)
    alt = common.alt_text(fig)
    assert alt.startswith("Where people were killed in Mali. 4 panels: 2012–2014: 1,000 deaths;")
    assert "2021–2023: 1,000 deaths" in alt
    for ax in axes:
        ax.set_aspect("equal")
    assert output.chart_axis_names(fig) == ("Longitude", "Latitude")


def test_alt_text_spans_the_series_and_names_the_rows_of_a_bar_chart():
    fig, (bars, rows) = plt.subplots(1, 2)
    bars.bar(range(2012, 2025), range(13), width=0.8, label="State-based")
    bars.axvline(2010, label="_timeline")  # a timeline line is not a series
    bars.set_ylabel("Deaths per year")
    bars.set_xlabel("Year")
    rows.barh(["Coup in Mali", "Wagner arrives"], [1, 2], label="After")
    rows.set_title("Windows")
    plt.close(fig)
    alt = common.alt_text(fig)
    assert "Deaths per year by year, 2012 to 2024: State-based" in alt
    assert "2 rows: Coup in Mali; Wagner arrives: After" in alt


def test_chart_values_are_read_back_for_the_download():
    from sahel_analysis import downloads

    downloads.clear()
    chart = common.figure(_line_chart())
    table = chart.data_table
    assert table.sheet == "01 People displaced from Mali" and chart._metadata()["sheet"] == (
        table.sheet)
    frame = table.frame
    assert list(frame.columns) == ["Series", "Year (stocks at 31 December)", "People"]
    assert frame.iloc[0].tolist() == ["Refugees abroad (UNHCR)", pd.Timestamp("2012-12-31"), 0]
    assert len(frame) == 26 and frame["People"].max() == 12_000
    assert table.kinds["Year (stocks at 31 December)"] == "date" and table.source == "UNHCR"
    downloads.clear()


def test_stacked_areas_add_no_false_points():
    fig, ax = plt.subplots()
    ax.stackplot([2012, 2013], [1, 2], [3, 4], labels=["A", "B"])
    ax.plot([2012, 2013], [4, 6], label="Total")
    plt.close(fig)
    assert output.chart_data(fig)["series"].tolist() == ["Total", "Total"]
