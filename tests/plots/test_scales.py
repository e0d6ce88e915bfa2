import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from sahel_analysis import data, plots  # noqa: E402


def _deaths_chart():
    fig, ax = plt.subplots()
    per_year = data.events("NER").groupby("year")["deaths_best"].sum()
    ax.bar(per_year.index, per_year.values)
    ax.plot(per_year.index, per_year.values * 1.1, marker="o")
    ax.set_ylim(0, per_year.max() * 1.4)  # a linear chart with room for labels on top
    return fig, ax, per_year


def test_log_scale_keeps_every_positive_value_inside_valid_limits():
    fig, ax, per_year = _deaths_chart()
    plots.log_scale(ax)
    low, high = ax.get_ylim()
    assert ax.get_yscale() == "log"
    positive = per_year[per_year > 0]
    assert 0 < low < positive.min() and high > positive.max() * 1.1
    plt.close(fig)


def test_log_scale_keeps_the_free_band_above_the_data():
    import math

    fig, ax, per_year = _deaths_chart()
    top = per_year.max() * 1.1
    plots.log_scale(ax)
    low, high = ax.get_ylim()
    band = (math.log(high) - math.log(top)) / (math.log(high) - math.log(low))
    assert band == pytest.approx(1 - top / (per_year.max() * 1.4), abs=0.01)
    plt.close(fig)


def test_log_scale_refuses_a_chart_with_nothing_positive():
    fig, ax = plt.subplots()
    ax.bar([1, 2], [0, 0])
    with pytest.raises(ValueError, match="no positive value"):
        plots.log_scale(ax)
    plt.close(fig)
