"""Time-series charts: bars by violence type, lines by group, small multiples, stacked areas."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sahel_analysis.plots.theme import (
    COUNTRY_COLORS,
    COUNTRY_MARKERS,
    VIOLENCE_COLORS,
    VIOLENCE_LABELS,
    new_figure,
    thousands,
)

END_OF_YEAR = 0.5  # on year axes the integer Y is mid-year: 31 December of Y is at Y + 0.5


def end_of_year(years):
    """Return x positions of end-of-year stocks (31 December) on a year axis."""
    return np.asarray(years, dtype=float) + END_OF_YEAR


def bars_by_violence_type(fatalities: pd.DataFrame, ax, value: str = "deaths_best") -> None:
    """Stacked yearly bars of deaths by violence type (x axis in years)."""
    pivot = fatalities.pivot_table(index="year", columns="violence_type", values=value,
                                   aggfunc="sum", fill_value=0)
    bottom = np.zeros(len(pivot))
    for violence_type in VIOLENCE_COLORS:
        if violence_type not in pivot:
            continue
        ax.bar(pivot.index, pivot[violence_type], bottom=bottom, width=0.8,
               color=VIOLENCE_COLORS[violence_type], label=VIOLENCE_LABELS[violence_type])
        bottom += pivot[violence_type].to_numpy()
    ax.set_xlim(pivot.index.min() - 0.6, pivot.index.max() + 0.6)
    thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=3, frameon=False)


def line_by_group(frame: pd.DataFrame, x: str, y: str, group: str, ax,
                  colors: dict | None = None, labels: dict | None = None,
                  markers: bool = True) -> None:
    """One line per group with the package colours (and grayscale-safe markers)."""
    colors = colors or COUNTRY_COLORS
    for key, part in frame.groupby(group, sort=False):
        part = part.sort_values(x)
        ax.plot(part[x], part[y], color=colors.get(key, "#777777"),
                marker=COUNTRY_MARKERS.get(key, "o") if markers else None, markersize=3,
                linewidth=1.4, label=(labels or {}).get(key, key))
    thousands(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4, frameon=False)


def small_multiples(frame: pd.DataFrame, x: str, y: str, facet: str,
                    facets: Sequence[str] | None = None, titles: dict | None = None,
                    height_per_row: float = 1.9, kind: str = "bar", sharey: bool = False):
    """One panel per facet value (e.g. per country); returns (fig, axes)."""
    facets = list(facets) if facets is not None else list(frame[facet].unique())
    fig, axes = new_figure(height=height_per_row * len(facets) + 0.4, nrows=len(facets),
                           sharex=True, sharey=sharey, squeeze=False)
    axes = axes[:, 0]
    for ax, key in zip(axes, facets, strict=True):
        part = frame[frame[facet] == key].sort_values(x)
        color = COUNTRY_COLORS.get(key, "#0072B2")
        if kind == "bar":
            width = 20 if np.issubdtype(part[x].dtype, np.datetime64) else 0.8
            ax.bar(part[x], part[y], color=color, width=width)
        else:
            ax.plot(part[x], part[y], color=color, linewidth=1.3)
        ax.set_title((titles or {}).get(key, key), loc="left", fontsize=9)
        thousands(ax)
    return fig, axes


def stacked_area(frame: pd.DataFrame, x: str, group: str, value: str, ax, colors: dict,
                 labels: dict | None = None, order: Sequence[str] | None = None) -> None:
    """Stacked area of `value` by `group` over `x` (e.g. deaths by actor family per year)."""
    pivot = frame.pivot_table(index=x, columns=group, values=value, aggfunc="sum", fill_value=0)
    order = [g for g in (order or colors) if g in pivot.columns] + [
        g for g in pivot.columns if g not in (order or colors)]
    pivot = pivot[order]
    ax.stackplot(pivot.index, *[pivot[c] for c in order],
                 colors=[colors.get(c, "#777777") for c in order],
                 labels=[(labels or {}).get(c, c) for c in order], alpha=0.9)
    thousands(ax)
    ax.set_xlim(pivot.index.min(), pivot.index.max())
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=3, frameon=False)
