"""Before/after dot-and-whisker chart of a turn-window table."""

from __future__ import annotations

import numpy as np
import pandas as pd


def window_chart(table: pd.DataFrame, ax, label_width: int = 52) -> int:
    """Plot ratios after/before with their 95% intervals on a log axis; return the rows drawn.

    `table` is :func:`sahel_analysis.metrics.windows.turn_windows` output: one row per turn
    group with ``ratio``, ``ratio_low``, ``ratio_high``, ``covered``, ``first_turn``, ``turns``.
    """
    rows = table[table["covered"] & table["ratio"].notna()].reset_index(drop=True)
    if rows.empty:
        ax.text(0.5, 0.5, "No turn has both 12-month windows covered by event data",
                ha="center", transform=ax.transAxes)
        ax.set_axis_off()
        return 0
    positions = np.arange(len(rows))[::-1]
    colors = np.where(rows["ratio_low"] > 1, "#D55E00",
                      np.where(rows["ratio_high"] < 1, "#0072B2", "#555555"))
    ratio = rows["ratio"].clip(lower=0.01)
    low = rows["ratio_low"].fillna(ratio).clip(lower=0.01)
    high = rows["ratio_high"].fillna(ratio)
    for y, r, lo, hi, color in zip(positions, ratio, low, high, colors, strict=True):
        ax.plot([lo, hi], [y, y], color=color, linewidth=1.5)
        ax.plot(r, y, "o", color=color, markersize=5)
    labels = [f"{d:%b %Y} · {t.split(' (')[0]}"[:label_width]
              for d, t in zip(rows["first_turn"], rows["turns"], strict=True)]
    ax.set_yticks(positions, labels, fontsize=6.5 if len(rows) > 12 else 7)
    ax.axvline(1, color="#333333", linewidth=0.8)
    ax.set_xscale("log")
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    low_end = float(np.nanmin(low)) if len(low) else 0.5
    high_end = float(np.nanmax(high)) if len(high) else 2.0
    ticks = [t for t in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50)
             if low_end / 1.5 <= t <= high_end * 1.5] or [1]
    ax.xaxis.set_major_locator(FixedLocator(ticks))  # readable on narrow ranges too
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())  # no "3 × 10⁻¹" labels crowding the axis
    ax.set_xlabel("Deaths after ÷ deaths before (log scale; 95% interval, events resampled)")
    return len(rows)
