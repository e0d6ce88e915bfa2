"""`add_timeline`: mark timeline events on any time axis with labels that do not overlap."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd

CATEGORY_STYLE = {
    "coup": ("#D55E00", "-"), "foreign_forces": ("#0072B2", "--"), "un": ("#56B4E9", "--"),
    "alliance": ("#009E73", "-."), "ecowas": ("#CC79A7", "-."), "russia": ("#A0522D", "-"),
    "attack": ("#555555", ":"), "agreement": ("#009E73", ":"), "election": ("#777777", ":"),
    "other": ("#999999", ":"),
}
LANE_HEIGHT = 0.075  # axes fraction per label row


def _x_value(ax, date: pd.Timestamp, yearly: bool) -> float:
    """Return the x position of a date; on year axes the integer year Y is mid-year of Y.

    Annual values are drawn over their year (a point at Y or a bar from Y-0.5 to Y+0.5), so
    1 January of Y is at Y-0.5 and 31 December at Y+0.5 (where end-of-year stocks sit).
    """
    if yearly:
        return date.year - 0.5 + (date.dayofyear - 0.5) / (366 if date.is_leap_year else 365)
    return mdates.date2num(date)


PRIORITY = ("coup", "russia", "foreign_forces", "alliance", "ecowas", "un", "attack",
            "agreement", "election", "other")
MAX_LABELS = 8


def relevant_turns(events: pd.DataFrame, countries=None, categories=None,
                   kinds=None) -> pd.DataFrame:
    """Return the turns of `events` relevant to `countries` and the chart's subject.

    A bloc row (AES, G5S, ECOWAS, UN) is kept only when one of `countries` belongs to the bloc,
    so AES turns never reach a chart of Benin or Chad.
    """
    from sahel_analysis.schemas import TIMELINE_BLOCS

    frame = events
    if countries is not None:
        codes = [countries] if isinstance(countries, str) else list(countries)
        blocs = [b for b, members in TIMELINE_BLOCS.items() if set(codes) & set(members)]
        frame = frame[frame["country"].isin([*codes, *blocs])]
    if categories is not None:
        frame = frame[frame["category"].isin(list(categories))]
    if kinds is not None and "kind" in frame.columns:
        frame = frame[frame["kind"].isin(list(kinds))]
    return frame


def add_timeline(ax, events: pd.DataFrame, countries=None, categories=None, *,
                 yearly: bool = False, max_lanes: int = 5, fontsize: float = 6.5,
                 kinds=None, max_labels: int = MAX_LABELS) -> int:
    """Draw the events of a timeline table on `ax`; return the number of labels drawn.

    Events are filtered by `countries` (ISO3 codes; bloc rows only for member countries),
    `categories`, `kinds` and the visible x range. At most `max_labels` turns are drawn (the
    most important categories first), and a turn whose label finds no free row is not drawn
    at all: every line on the chart has its label. `yearly` is for axes whose x values are
    years rather than dates. Labels are stacked in rows above the data (the y range is raised
    to make room) so that no two labels overlap.
    """
    frame = relevant_turns(events, countries, categories, kinds).copy()
    x_low, x_high = ax.get_xlim()
    frame = frame.assign(x=[_x_value(ax, d, yearly) for d in frame["date"]])
    frame = frame[(frame["x"] >= x_low) & (frame["x"] <= x_high)]
    if frame.empty:
        return 0
    rank = {c: i for i, c in enumerate(PRIORITY)}
    frame = frame.assign(rank=frame["category"].map(rank).fillna(len(PRIORITY)))
    frame = frame.sort_values(["rank", "x"], kind="stable").head(max_labels).sort_values("x")
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    lanes_end: list[float] = []
    placed = []
    width = x_high - x_low
    for row in frame.itertuples(index=False):
        color, style = CATEGORY_STYLE.get(row.category, ("#999999", ":"))
        fraction = (row.x - x_low) / width
        align = "right" if fraction > 0.72 else "left"
        text = ax.text(row.x, 0, f" {row.title} ", fontsize=fontsize, color=color, ha=align,
                       va="top", transform=ax.get_xaxis_transform(), zorder=5,
                       bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.3})
        extent = text.get_window_extent(renderer).transformed(ax.transAxes.inverted())
        left = fraction - (extent.width if align == "right" else 0)
        right = left + extent.width
        lane = next((i for i, end in enumerate(lanes_end) if left > end + 0.005), None)
        if lane is None:
            if len(lanes_end) >= max_lanes:  # no free row: drop the turn, line and label
                text.remove()
                continue
            lanes_end.append(-1.0)
            lane = len(lanes_end) - 1
        lanes_end[lane] = max(lanes_end[lane], right)
        text.set_y(0.99 - lane * LANE_HEIGHT)
        ax.axvline(row.x, color=color, linestyle=style, linewidth=0.8, alpha=0.8, zorder=0)
        placed.append(text)
    band = len(lanes_end) * LANE_HEIGHT + 0.02
    bottom, top = ax.get_ylim()
    if ax.get_yscale() == "linear":
        ax.set_ylim(bottom, bottom + (top - bottom) / (1 - band))
    return len(placed)
