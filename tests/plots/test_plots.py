import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sahel_analysis import data, plots  # noqa: E402
from sahel_analysis.plots.theme import new_figure  # noqa: E402
from tests.conftest import make_events  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def timeline(dates, titles, country="MLI", category="coup"):
    return pd.DataFrame({"date": pd.to_datetime(dates), "country": country,
                         "category": category, "title": titles})


def test_add_timeline_labels_do_not_overlap():
    fig, ax = new_figure()
    ax.plot(pd.date_range("2012-01-01", "2024-12-01", freq="MS"), range(156))
    events = timeline(["2020-08-18", "2020-09-01", "2021-05-24", "2021-06-01", "2022-01-24"],
                      ["Coup one", "Right after", "Coup two", "Also close", "Coup three"])
    drawn = plots.add_timeline(ax, events)
    assert drawn == 5
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    assert len(ax.lines) == 1 + 5  # data line + one marker line per event


def test_add_timeline_filters_by_country_category_and_range():
    fig, ax = new_figure()
    ax.plot([2012, 2024], [0, 10])
    events = timeline(["2013-01-11", "2020-08-18", "2030-01-01"], ["a", "b", "c"])
    events.loc[0, "country"] = "BFA"
    assert plots.add_timeline(ax, events, countries="MLI", yearly=True) == 1
    assert plots.add_timeline(ax, events, categories=["un"], yearly=True) == 0


def test_bars_by_violence_type_draws_one_series_per_type():
    fig, ax = new_figure()
    frame = data.fatalities("MLI", 2020, 2022)
    plots.bars_by_violence_type(frame, ax)
    assert len(ax.containers) == 3 and len(ax.containers[0]) == 3


def test_line_and_small_multiples():
    frame = pd.DataFrame({"year": [2020, 2021] * 2, "deaths_best": [1, 2, 3, 4],
                          "country_iso3": ["MLI", "MLI", "NER", "NER"]})
    fig, ax = new_figure()
    plots.line_by_group(frame, "year", "deaths_best", "country_iso3", ax)
    assert len(ax.lines) == 2
    fig, axes = plots.small_multiples(frame, "year", "deaths_best", "country_iso3")
    assert len(axes) == 2 and all(len(a.patches) == 2 for a in axes)


def test_stacked_area_one_polygon_per_group():
    frame = pd.DataFrame({"year": [2020, 2021, 2020, 2021], "family": ["jnim", "jnim", "other",
                                                                        "other"],
                          "deaths_best": [1, 2, 3, 4]})
    fig, ax = new_figure()
    plots.stacked_area(frame, "year", "family", "deaths_best", ax, plots.FAMILY_COLORS)
    assert len(ax.collections) == 2


def test_window_chart_plots_covered_rows_only():
    table = pd.DataFrame({
        "first_turn": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]),
        "turns": ["a (01 Jan 2020)", "b (01 Jan 2021)", "c (01 Jan 2022)"],
        "ratio": [2.0, 0.5, float("nan")], "ratio_low": [1.5, 0.3, float("nan")],
        "ratio_high": [2.5, 0.9, float("nan")], "covered": [True, True, False]})
    fig, ax = new_figure()
    assert plots.window_chart(table, ax) == 2
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Jan 2020 · a", "Jan 2021 · b"]
    assert "Poisson" not in ax.get_xlabel()


def test_event_map_points_and_flows():
    events = make_events([{"deaths_best": 5}, {"deaths_best": 0},
                          {"violence_type": "one_sided", "deaths_best": 2}])
    fig, ax = new_figure()
    assert plots.event_map(events, data.boundaries(), ax) == 2  # zero-death events not drawn
    assert len(ax.collections) == 2 + 2  # two polygon layers, two violence types
    hosts = pd.DataFrame({"origin_iso3": ["MLI", "MLI"], "host_name": ["Niger", "Mauritania"],
                          "value": [10, 20]})
    fig, ax = new_figure()
    assert plots.displacement_flows(hosts, ax) == 2 and len(ax.patches) == 2


def test_finish_adds_title_units_and_source():
    fig, ax = new_figure()
    plots.finish(ax, "Title", "Deaths per year", "UCDP")
    assert ax.get_title(loc="left") == "Title" and ax.get_ylabel() == "Deaths per year"
    assert any("Source: UCDP" in t.get_text() for t in fig.texts)


def test_at_most_eight_turns_each_with_its_label():
    fig, ax = new_figure()
    ax.plot(pd.date_range("2012-01-01", "2024-12-01", freq="MS"), range(156))
    dates = pd.date_range("2013-01-01", periods=14, freq="9MS").strftime("%Y-%m-%d")
    events = timeline(list(dates), [f"Turn {i}" for i in range(14)])
    drawn = plots.add_timeline(ax, events)
    assert drawn == len(ax.texts) <= 8
    assert len(ax.lines) == 1 + drawn  # no line without its label


def test_dropped_labels_drop_their_lines():
    fig, ax = new_figure()
    ax.plot(pd.date_range("2020-01-01", "2020-12-01", freq="MS"), range(12))
    events = timeline(["2020-03-01", "2020-03-05", "2020-03-09"],
                      ["A long label one", "A long label two", "A long label three"])
    drawn = plots.add_timeline(ax, events, max_lanes=1)
    assert drawn == 1 and len(ax.lines) == 2


def test_bloc_turns_only_for_member_countries():
    events = timeline(["2015-01-01", "2016-01-01", "2017-01-01"], ["AES turn", "G5 turn", "own"])
    events["country"] = ["AES", "G5S", "BEN"]
    from sahel_analysis.plots.timeline import relevant_turns

    assert list(relevant_turns(events, "BEN")["title"]) == ["own"]
    assert list(relevant_turns(events, "TCD")["title"]) == ["G5 turn"]
    assert list(relevant_turns(events, "MLI")["title"]) == ["AES turn", "G5 turn"]


def test_maps_label_places_and_keep_small_multiples_at_half_width():
    from sahel_analysis.plots.maps import SAHEL_EXTENT, label_places

    fig, ax = new_figure()
    ax.set_xlim(SAHEL_EXTENT[0], SAHEL_EXTENT[1])
    marks = label_places(ax, SAHEL_EXTENT, data.boundaries())
    texts = {t.get_text() for t in ax.texts}
    assert marks >= 10 and {"Bamako", "Ouagadougou", "Niamey", "MALI"} <= texts
    events = data.events("MLI", include_preliminary=False)
    periods = {str(y): (pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31"))
               for y in (2020, 2021, 2022)}
    fig, axes = plots.map_small_multiples(events, data.boundaries(), periods, ncols=3)
    assert axes.shape[1] == 2  # each map at least half the width
    assert [ax for ax in fig.axes if ax.get_legend()] == [fig.axes[-1]]  # legend apart


def test_time_is_placed_right_on_year_axes():
    from sahel_analysis.plots.series import end_of_year
    from sahel_analysis.plots.timeline import _x_value

    fig, ax = new_figure()
    assert abs(_x_value(ax, pd.Timestamp("2021-07-02"), True) - 2021.0) < 0.01  # mid-year
    assert _x_value(ax, pd.Timestamp("2021-01-01"), True) < 2020.51  # start of the 2021 bar
    assert list(end_of_year([2020, 2021])) == [2020.5, 2021.5]  # stocks at 31 December


def test_every_axis_titled_and_log_axes_in_plain_numbers():
    fig, ax = new_figure()
    ax.plot([2012, 2024], [1, 5000])
    ax.set_yscale("log")
    plots.finish(ax, "Title", "Deaths per year", "UCDP")
    assert ax.get_xlabel() == "Year"
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert "1,000" in labels and not any("10^" in t or "$" in t for t in labels)


def test_add_timeline_says_what_it_wants():
    fig, ax = new_figure()
    ax.plot(pd.date_range("2020-01-01", "2021-01-01", freq="MS"), range(13))
    with pytest.raises(ValueError, match=r"data\.timeline\(\).*category"):
        plots.add_timeline(ax, data.events("MLI", "2020-01", "2020-02"))
    with pytest.raises(TypeError, match="DataFrame"):
        plots.add_timeline(ax, ["2020-08-18"])


def test_add_timeline_detects_an_integer_year_axis():
    fig, ax = new_figure()
    ax.plot([2012, 2024], [0, 10])
    events = timeline(["2013-01-11", "2020-08-18"], ["a", "b"])
    assert plots.add_timeline(ax, events) == 2


def test_add_timeline_refuses_an_axis_that_is_neither_dates_nor_years():
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="yearly=True"):
        plots.add_timeline(ax, timeline(["2020-08-18"], ["a"]))


def test_add_timeline_countries_drop_bloc_rows_about_other_countries():
    fig, ax = new_figure()
    ax.plot(pd.date_range("2012-01-01", "2025-12-01", freq="MS"), range(168))
    drawn = plots.add_timeline(ax, data.timeline(), countries=["NER"], max_lanes=50,
                               max_labels=100)
    titles = {t.get_text().strip() for t in ax.texts}
    assert drawn == len(titles)
    assert "ECOWAS sanctions on Mali" not in titles and "MINUSMA created" not in titles
    assert "AES charter signed" in titles


def test_timeline_on_year_axes_raises_no_warning():
    import warnings

    fig, ax = new_figure()
    ax.plot([2012, 2024], [0, 10])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a Pandas4Warning (Timestamp.dayofyear) fails here
        assert plots.add_timeline(ax, timeline(["2020-08-18"], ["Coup"]), yearly=True) == 1
