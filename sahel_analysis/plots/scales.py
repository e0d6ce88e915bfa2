"""Scales a reader may switch a finished chart to, with limits that stay valid."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes

from sahel_analysis.exceptions import InvalidArgumentError


def _drawn_values(ax: Axes) -> np.ndarray:
    """Return every y value drawn on `ax`: line points, bar tops and bottoms, scatter points."""
    values: list[float] = []
    for line in ax.get_lines():
        if line.get_transform() == ax.transData:  # turn lines span the axes, not the data
            values.extend(np.asarray(line.get_ydata(), dtype=float).ravel())
    for patch in ax.patches:
        if hasattr(patch, "get_height"):
            values.extend([patch.get_y(), patch.get_y() + patch.get_height()])
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if offsets.ndim == 2 and offsets.shape[1] == 2:
            values.extend(offsets[:, 1])
    found = np.asarray(values, dtype=float)
    return found[np.isfinite(found)]


def log_scale(ax: Axes) -> Axes:
    """Put `ax` on a logarithmic y-axis that holds every positive value drawn; return it.

    The share of the axis kept free above the data (where the timeline's labels sit) stays
    the same as on the linear axis. Raises InvalidArgumentError when nothing positive is drawn.
    """
    values = _drawn_values(ax)
    positive = values[values > 0]
    if positive.size == 0:
        raise InvalidArgumentError("The chart draws no positive value: a log axis cannot show it.")
    low, top = positive.min() / 1.5, positive.max()
    bottom, upper = ax.get_ylim()
    band = 1 - (top - bottom) / (upper - bottom) if upper > max(top, bottom) else 0.1
    band = min(max(band, 0.05), 0.6)
    high = math.exp((math.log(top) - band * math.log(low)) / (1 - band))
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    return ax
