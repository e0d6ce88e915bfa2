"""`add_timeline`: mark timeline events on any time axis with labels that do not overlap."""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import pandas as pd

from sahel_analysis.countries import BY_ISO3
from sahel_analysis.exceptions import InvalidArgumentError

CATEGORY_STYLE = {
    "coup": ("#D55E00", "-"), "foreign_forces": ("#0072B2", "--"), "un": ("#56B4E9", "--"),
    "alliance": ("#009E73", "-."), "ecowas": ("#CC79A7", "-."), "russia": ("#A0522D", "-"),
    "attack": ("#555555", ":"), "agreement": ("#E69F00", ":"), "election": ("#777777", ":"),
    "other": ("#999999", ":"),
}
# a marker per category, so categories stay apart where turns crowd (with the colours above)
CATEGORY_MARKERS = {"coup": "o", "foreign_forces": "s", "un": "^", "alliance": "D",
                    "ecowas": "v", "russia": "X", "agreement": "P", "attack": "*",
                    "election": "h", "other": "."}
LANE_HEIGHT = 0.075  # axes fraction per label row
REQUIRED = ("date", "country", "category", "title")
WANTS = ("add_timeline wants the table of sahel_analysis.data.timeline() (columns date, "
         "country, category, title)")


def _check_events(events) -> pd.DataFrame:
    if not isinstance(events, pd.DataFrame):
        raise TypeError(f"{WANTS}, got a {type(events).__name__}, not a DataFrame.")
    missing = [c for c in REQUIRED if c not in events.columns]
    if missing:
        raise InvalidArgumentError(
            f"{WANTS}; this table lacks {missing}. UCDP events are not timeline rows: draw "
            "them with plots.event_map or a series chart.")
    return events


def _is_yearly(ax) -> bool:
    """Return True for an axis of years, False for a date axis; refuse anything else."""
    converter = ax.xaxis.get_converter() if hasattr(ax.xaxis, "get_converter") else \
        ax.xaxis.converter
    if "Date" in type(converter).__name__:
        return False
    low, high = ax.get_xlim()
    if low >= 1000 and high <= 3000:
        return True
    raise InvalidArgumentError(
        f"The x axis runs from {low:g} to {high:g}: neither dates nor years. Plot against "
        "dates, or pass yearly=True for an axis of years.")


def _about_others(row: pd.Series, codes: list[str]) -> bool:
    """Return True when a bloc row names covered countries, none of them among `codes`."""
    text = f"{row['title']} {row.get('description', '')}"
    named = {iso for iso, country in BY_ISO3.items()
             if re.search(rf"\b({re.escape(country.name)}|{iso})\b", text)}
    return bool(named) and not named & set(codes)


def _x_value(ax, date: pd.Timestamp, yearly: bool) -> float:
    """Return the x position of a date; on year axes the integer year Y is mid-year of Y.

    Annual values are drawn over their year (a point at Y or a bar from Y-0.5 to Y+0.5), so
    1 January of Y is at Y-0.5 and 31 December at Y+0.5 (where end-of-year stocks sit).
    """
    if yearly:
        return date.year - 0.5 + (date.day_of_year - 0.5) / (366 if date.is_leap_year else 365)
    return mdates.date2num(date)


PRIORITY = ("coup", "russia", "foreign_forces", "alliance", "ecowas", "un", "attack",
            "agreement", "election", "other")
MAX_LABELS = 8


def relevant_turns(events: pd.DataFrame, countries=None, categories=None,
                   kinds=None) -> pd.DataFrame:
    """Return the turns of `events` relevant to `countries` and the chart's subject.

    A bloc row (AES, G5S, ECOWAS, UN) is kept only when one of `countries` belongs to the bloc
    and the row does not name only other countries (e.g. "ECOWAS sanctions on Mali" for
    Niger), so AES turns never reach a chart of Benin or Chad.
    """
    from sahel_analysis.schemas import TIMELINE_BLOCS

    frame = _check_events(events)
    if countries is not None:
        codes = [countries] if isinstance(countries, str) else list(countries)
        blocs = [b for b, members in TIMELINE_BLOCS.items() if set(codes) & set(members)]
        bloc_rows = frame["country"].isin(blocs)
        if bloc_rows.any():
            bloc_rows &= ~frame.apply(_about_others, axis=1, codes=codes)
        frame = frame[frame["country"].isin(codes) | bloc_rows]
    if categories is not None:
        frame = frame[frame["category"].isin(list(categories))]
    if kinds is not None and "kind" in frame.columns:
        frame = frame[frame["kind"].isin(list(kinds))]
    return frame


def add_timeline(ax, events: pd.DataFrame, countries=None, categories=None, *,
                 yearly: bool | None = None, max_lanes: int = 5, fontsize: float = 6.5,
                 kinds=None, max_labels: int = MAX_LABELS) -> int:
    """Draw the events of a timeline table on `ax`; return the number of labels drawn.

    Events are filtered by `countries` (ISO3 codes; bloc rows only for member countries),
    `categories`, `kinds` and the visible x range. At most `max_labels` turns are drawn (the
    most important categories first), and a turn whose label finds no free row is not drawn
    at all: every line on the chart has its label. `yearly` says whether the x values are
    years rather than dates; None detects it from the axis. Labels are stacked in rows above
    the data (the y range is raised to make room) so that no two labels overlap.

    Raises:
        TypeError: `events` is not a DataFrame.
        ValueError: `events` lacks the timeline columns, or the axis is neither dates nor years.
    """
    frame = relevant_turns(events, countries, categories, kinds).copy()
    yearly = _is_yearly(ax) if yearly is None else yearly
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
