"""Displacement flows from countries of origin to host countries."""

from __future__ import annotations

import pandas as pd

from sahel_analysis.countries import BY_ISO3
from sahel_analysis.plots.theme import COUNTRY_COLORS, thousands


def displacement_flows(top_hosts: pd.DataFrame, ax) -> int:
    """Horizontal bars "origin → host" sized by people, coloured by origin; return bars drawn."""
    frame = top_hosts.sort_values(["origin_iso3", "value"], ascending=[True, True])
    labels = [
        f"{BY_ISO3[o].name if o in BY_ISO3 else o} → {h}"
        for o, h in zip(frame["origin_iso3"], frame["host_name"], strict=True)
    ]
    colors = [COUNTRY_COLORS.get(o, "#777777") for o in frame["origin_iso3"]]
    ax.barh(range(len(frame)), frame["value"], color=colors)
    ax.set_yticks(range(len(frame)), labels)
    thousands(ax, "x")
    return len(frame)
