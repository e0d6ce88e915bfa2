"""Maps of violence on Natural Earth boundaries (points sized by deaths)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection

from sahel_analysis.countries import AES
from sahel_analysis.plots.theme import VIOLENCE_COLORS, VIOLENCE_LABELS, new_figure

SAHEL_EXTENT = (-12.5, 16.5, 4.5, 25.0)  # lon_min, lon_max, lat_min, lat_max


def _marker_size(deaths: pd.Series) -> np.ndarray:
    return 4 + 3.5 * np.sqrt(deaths.clip(lower=0).to_numpy(dtype=float))


def _rings(boundaries) -> list[np.ndarray]:
    """Return the outer rings of (multi)polygons as coordinate arrays."""
    rings = []
    for geometry in boundaries.geometry:
        parts = getattr(geometry, "geoms", [geometry])
        rings.extend(np.asarray(part.exterior.coords) for part in parts)
    return rings


def draw_countries(boundaries, ax, **style) -> None:
    """Draw country polygons as one PolyCollection (much faster than GeoDataFrame.plot)."""
    ax.add_collection(PolyCollection(_rings(boundaries), **style))


def event_map(events: pd.DataFrame, boundaries, ax, extent: Sequence[float] = SAHEL_EXTENT,
              highlight: Sequence[str] = AES, legend: bool = True) -> int:
    """Draw countries and event points (area ~ deaths, colour = violence type); return points."""
    boundaries = boundaries.cx[extent[0]:extent[1], extent[2]:extent[3]]  # only what is seen
    draw_countries(boundaries, ax, facecolor="#F2F2F2", edgecolor="#9A9A9A", linewidth=0.5)
    draw_countries(boundaries[boundaries["country_iso3"].isin(highlight)], ax,
                   facecolor="#E8E3D3", edgecolor="#555555", linewidth=0.8)
    drawn = 0
    for violence_type, color in VIOLENCE_COLORS.items():
        part = events[(events["violence_type"] == violence_type) & (events["deaths_best"] > 0)]
        if part.empty:
            continue
        ax.scatter(part["longitude"], part["latitude"], s=_marker_size(part["deaths_best"]),
                   color=color, alpha=0.55, linewidths=0, label=VIOLENCE_LABELS[violence_type])
        drawn += len(part)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.grid(False)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    if legend and drawn:
        ax.legend(loc="lower left", fontsize=6, frameon=True, markerscale=0.7,
                  title="violence type (dot area ~ deaths)", title_fontsize=6)
    return drawn


def map_small_multiples(events: pd.DataFrame, boundaries, periods: dict[str, tuple],
                        ncols: int = 2, extent: Sequence[float] = SAHEL_EXTENT):
    """One map per named period (label -> (start, end) timestamps); returns (fig, axes).

    The legend sits in the first panel; panel heights follow the map's aspect ratio.
    """
    from sahel_analysis.plots.theme import FIG_WIDTH

    nrows = int(np.ceil(len(periods) / ncols))
    aspect = (extent[3] - extent[2]) / (extent[1] - extent[0])
    height = nrows * (FIG_WIDTH / ncols * aspect + 0.35) + 0.5
    fig, axes = new_figure(height=height, nrows=nrows, ncols=ncols, squeeze=False)
    flat = axes.ravel()
    for index, (ax, (label, (start, end))) in enumerate(zip(flat, periods.items(),
                                                            strict=False)):
        part = events[(events["date"] >= start) & (events["date"] <= end)]
        event_map(part, boundaries, ax, extent=extent, legend=index == 0)
        ax.set_title(f"{label}: {int(part['deaths_best'].sum()):,} deaths", fontsize=9,
                     loc="left")
    for ax in flat[len(periods):]:
        ax.set_axis_off()
    return fig, axes
