"""Realignment report: framing (issue 9, finding 7), windows (finding 2), partners (new)."""

import re

import pytest

from sahel_analysis.catalog import validate_parameters
from sahel_analysis.reports import common, realignment


@pytest.fixture(scope="module")
def ctx():
    return realignment.context(validate_parameters(
        "realignment", {"start": "2012-01-01", "end": "2025-12-31"}))


def _items(html):
    return re.findall(r"<li>(.*?)</li>", html)


def test_key_findings_lead_with_who_supplies_what_not_with_russia(ctx):
    items = _items(realignment.key_findings(ctx).data)
    assert items[0].startswith("Suppliers of at least 5%")
    assert "Burkina Faso: Türkiye 46%" in items[0] and "Niger: United States 36%, Türkiye 29%, " \
        "Russia 17%" in items[0]
    assert "Burkina Faso 34% → 0%" in items[1]
    text = " ".join(items)
    for causal in ("because", "led to", "caused", "after Russian", "since Russian"):
        assert causal not in text


def test_share_table_names_unknown_suppliers_and_belarus(ctx):
    html = realignment.arms_share_table(ctx).html
    assert "Unknown supplier(s)" in html and "Belarus is its own bloc" in html
    assert "Türkiye 46%, Spain 28%" in html
    assert "Other Europe" not in html


def test_gold_is_shown_side_by_side_without_a_correlation(ctx):
    text = realignment.gold_sentence(ctx).data
    assert "r =" not in text and "no correlation" in text
    assert "1,670 to 3,441 US$ per ounce" in text


def test_windows_one_row_per_country_and_window_own_turns_no_rate_ratio(ctx):
    frame, not_covered = realignment._window_rows(ctx)
    assert not frame.duplicated(["country", "before", "after"]).any()
    titles = " ".join(frame["turns"])
    assert "Rosatom" not in titles and "Goïta-Putin" not in titles and "summit" not in titles
    mali = " ".join(frame.loc[frame["country"] == "Mali", "turns"])
    assert "Burkina Faso" not in mali and "Niger" not in mali
    assert frame["before"].nunique() > 5  # no single window repeated for every turn
    html = realignment.windows(ctx).html
    assert "Rate ratio" not in html and "Poisson" not in html and "low–high" in html
    wagner = frame[frame["turns"].str.startswith("Wagner Group arrives")].iloc[0]
    assert (wagner["before"], wagner["after"]) == ("Dec 2020–Nov 2021", "Dec 2021–Nov 2022")
    assert any("Africa Corps arrives in Burkina Faso" in item for item in not_covered)


def test_partners_table_shows_the_turn_in_who_fights_beside_mali(ctx):
    html = realignment.partners_table(ctx).html
    assert "Russia; AES partners (Burkina Faso, Niger)" in html
    assert "UN troop contributors (52 states, among them France and United States)" in html
    assert "Wagner Group is not a state" in html


def test_summary_gives_suppliers_before_russian_arrivals(ctx):
    html = realignment.summary(ctx).data
    assert html.index("Largest supplier") < html.index("Russian forces arrived")
    assert "Wagner Group" in html  # not a state: never "military personnel"
    assert "Burkina Faso Türkiye (46%)" in html


def test_turns_chart_draws_only_lanes_with_turns_in_colours_and_markers_apart(ctx):
    from sahel_analysis.plots.timeline import CATEGORY_MARKERS, CATEGORY_STYLE

    chart = realignment.timeline_chart(ctx)
    ax = chart.figure.axes[0]
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    turns = ctx.timeline[ctx.timeline["category"].isin(realignment.TURN_CATEGORIES)]
    names = {"G5S": "G5 Sahel", "AES": "AES", "UN": "UN", "ECOWAS": "ECOWAS"}
    with_turns = {names.get(c) or common.scope_name(c)
                  for c in turns["country"] if c in realignment.TURN_LANES}
    assert set(lanes) == with_turns and "ECOWAS" not in lanes  # no empty lane
    styles = [(CATEGORY_STYLE[c][0], CATEGORY_MARKERS[c]) for c in realignment.TURN_CATEGORIES]
    assert len({color for color, _ in styles}) == len(styles)  # agreement was alliance's green
    assert len({marker for _, marker in styles}) == len(styles)
