"""Maps of violence on Natural Earth boundaries (points sized by deaths)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection

from sahel_analysis.countries import AES
from sahel_analysis.plots.theme import VIOLENCE_COLORS, VIOLENCE_LABELS

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


SIZE_KEY = (10, 100, 500)  # deaths shown in the dot-size key


def label_places(ax, extent: Sequence[float], boundaries=None, fontsize: float = 6.5,
                 kinds: Sequence[str] = ("capital", "town")) -> int:
    """Write country names and mark capitals and main towns (``data/places.csv``).

    Capitals come first, then towns, then country names; a label that would overlap one
    already written, or leave the map, is left out (a town together with its marker).
    Returns the number of places marked.
    """
    import matplotlib.patheffects as effects

    from sahel_analysis import data
    from sahel_analysis.countries import BY_ISO3

    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    renderer = ax.figure.canvas.get_renderer()
    halo = [effects.withStroke(linewidth=2, foreground="white")]
    boxes = []

    def fits(text) -> bool:
        box = text.get_window_extent(renderer).expanded(1.05, 1.1)
        frame = ax.get_window_extent(renderer)
        if (box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0
                or box.y1 > frame.y1 or any(box.overlaps(b) for b in boxes)):
            return False
        boxes.append(box)
        return True

    places = data.places()
    places = places[places["kind"].isin(list(kinds))]
    inside = places[places["longitude"].between(extent[0], extent[1])
                    & places["latitude"].between(extent[2], extent[3])]
    inside = inside.assign(order=(inside["kind"] != "capital").astype(int)).sort_values("order")
    marked = 0
    for row in inside.itertuples(index=False):
        capital = row.kind == "capital"
        text = ax.text(row.longitude + 0.25, row.latitude + 0.15, row.name,
                       fontsize=fontsize - 0.5, color="#222222", zorder=6, clip_on=True,
                       fontweight="bold" if capital else "normal", path_effects=halo)
        if not fits(text):
            text.remove()
            continue
        ax.plot(row.longitude, row.latitude, marker="*" if capital else "o",
                markersize=6 if capital else 2.5, color="#222222", zorder=6, linestyle="none")
        marked += 1
    if boundaries is not None:
        for row in boundaries.itertuples(index=False):
            code = getattr(row, "country_iso3", None)
            if code not in BY_ISO3:
                continue
            point = row.geometry.representative_point()
            if extent[0] < point.x < extent[1] and extent[2] < point.y < extent[3]:
                text = ax.text(point.x, point.y, BY_ISO3[code].name.upper(), fontsize=fontsize,
                               color="#6b6b6b", ha="center", va="center", style="italic",
                               zorder=3, path_effects=halo, clip_on=True)
                if not fits(text):
                    text.remove()
    return marked


def event_map(events: pd.DataFrame, boundaries, ax, extent: Sequence[float] = SAHEL_EXTENT,
              highlight: Sequence[str] = AES, legend: bool = True,
              places: bool | str = True) -> int:
    """Draw countries and event points (area ~ deaths, colour = violence type); return points.

    With `places`, country names, capitals and main towns are written on the map
    (``places="capitals"``: capitals only); the legend (violence types and a dot-size key)
    sits below the map, outside the data.
    """
    boundaries = boundaries.cx[extent[0]:extent[1], extent[2]:extent[3]]  # only what is seen
    draw_countries(boundaries, ax, facecolor="#F2F2F2", edgecolor="#9A9A9A", linewidth=0.5)
    draw_countries(boundaries[boundaries["country_iso3"].isin(highlight)], ax,
                   facecolor="#E8E3D3", edgecolor="#555555", linewidth=0.8)
    drawn = 0
    handles = []
    for violence_type, color in VIOLENCE_COLORS.items():
        part = events[(events["violence_type"] == violence_type) & (events["deaths_best"] > 0)]
        if part.empty:
            continue
        handles.append(ax.scatter(part["longitude"], part["latitude"],
                                  s=_marker_size(part["deaths_best"]), color=color, alpha=0.7,
                                  edgecolors="white", linewidths=0.25,
                                  label=VIOLENCE_LABELS[violence_type], zorder=4))
        drawn += len(part)
    if places:
        kinds = ("capital",) if places == "capitals" else ("capital", "town")
        label_places(ax, extent, boundaries, kinds=kinds)
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
        ax.legend(handles=legend_handles(ax), loc="upper left", bbox_to_anchor=(0.0, -0.01),
                  ncol=2, fontsize=6, frameon=False, borderaxespad=0.2,
                  title="Violence type (colour) and deaths per event (dot area)",
                  title_fontsize=6, alignment="left")
    return drawn


def legend_handles(ax=None) -> list:
    """Return legend handles: one per violence type (colour) and a dot-size key (area)."""
    from matplotlib.lines import Line2D

    types = [Line2D([], [], marker="o", linestyle="none", color=color, alpha=0.55,
                    markersize=6, label=VIOLENCE_LABELS[t]) for t, color in VIOLENCE_COLORS.items()]
    sizes = [Line2D([], [], marker="o", linestyle="none", color="#888888", alpha=0.55,
                    markeredgewidth=0, markersize=float(np.sqrt(_marker_size(pd.Series([n]))[0])),
                    label=f"{n:,} deaths") for n in SIZE_KEY]  # scatter size is an area
    return types + sizes


def map_small_multiples(events: pd.DataFrame, boundaries, periods: dict[str, tuple],
                        ncols: int = 2, extent: Sequence[float] = SAHEL_EXTENT,
                        places: bool | str = True):
    """One map per named period (label -> (start, end) timestamps); returns (fig, axes).

    At most two maps per row (each at least half the text width in the PDF); capitals and the
    main towns are named (``places="capitals"``: capitals only) where their labels fit; the
    legend (violence types and a dot-size key) has its own row under the maps.
    """
    import matplotlib.pyplot as plt

    from sahel_analysis.plots.theme import FIG_WIDTH

    ncols = min(ncols, 2)  # each map at least half the text width in the PDF
    nrows = int(np.ceil(len(periods) / ncols))
    aspect = (extent[3] - extent[2]) / (extent[1] - extent[0])
    height = nrows * (FIG_WIDTH / ncols * aspect + 0.35) + 0.8
    fig = plt.figure(figsize=(FIG_WIDTH, height), layout="constrained")
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[1.0] * nrows + [0.16])
    axes = np.array([[fig.add_subplot(grid[r, c]) for c in range(ncols)] for r in range(nrows)])
    flat = axes.ravel()
    for ax, (label, (start, end)) in zip(flat, periods.items(), strict=False):
        part = events[(events["date"] >= start) & (events["date"] <= end)]
        event_map(part, boundaries, ax, extent=extent, legend=False, places=places)
        ax.set_title(f"{label}: {int(part['deaths_best'].sum()):,} deaths", fontsize=9,
                     loc="left")
    for ax in flat[len(periods):]:
        ax.set_axis_off()
    key = fig.add_subplot(grid[nrows, :])  # the legend's own row, under the maps
    key.set_axis_off()
    key.legend(handles=legend_handles(), loc="upper left", ncols=6, fontsize=6.5, frameon=False,
               title="Violence type (colour) and deaths per event (dot area)",
               title_fontsize=6.5, alignment="left", borderaxespad=0)
    return fig, axes
