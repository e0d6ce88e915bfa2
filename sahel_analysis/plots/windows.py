"""Before/after dot-and-whisker chart of an event-window table."""

from __future__ import annotations

import numpy as np
import pandas as pd


def window_chart(table: pd.DataFrame, ax, label_width: int = 52) -> int:
    """Plot rate ratios with 95% CIs on a log axis, one row per covered event; return rows."""
    rows = table[table["status"] == "ok"].reset_index(drop=True)
    if rows.empty:
        ax.text(0.5, 0.5, "No event has a fully covered window", ha="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return 0
    positions = np.arange(len(rows))[::-1]
    colors = np.where(rows["ci_low"] > 1, "#D55E00", np.where(rows["ci_high"] < 1, "#0072B2",
                                                              "#555555"))
    ratio = rows["rate_ratio"].clip(lower=0.01)
    low = rows["ci_low"].clip(lower=0.01)
    high = rows["ci_high"].replace(np.inf, np.nan).fillna(ratio * 10)
    for y, r, lo, hi, color in zip(positions, ratio, low, high, colors, strict=True):
        ax.plot([lo, hi], [y, y], color=color, linewidth=1.5)
        ax.plot(r, y, "o", color=color, markersize=5)
    labels = [
        f"{d:%b %Y} · {t}"[:label_width] for d, t in zip(rows["date"], rows["title"], strict=True)
    ]
    ax.set_yticks(positions, labels, fontsize=7)
    ax.axvline(1, color="#333333", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("Rate ratio, deaths after / before (log scale; 95% exact Poisson CI)")
    return len(rows)
