"""How a finished chart leaves the kernel: SVG with live text, or PNG when SVG would be heavy.

Charts go into the report HTML (and, from it, the PDF) as inline SVG whose text stays text
(``svg.fonttype: none``): crisp at any zoom, selectable, and small for line and bar charts.
A chart whose SVG would exceed :data:`SVG_LIMIT` bytes (a dense map of thousands of events)
is a PNG at print resolution instead. Alt text is built from what the chart holds: its
title, each panel's title, axes, series and the span of its x axis.
"""

from __future__ import annotations

import html
import io
import re

from sahel_analysis.hashing import sha256_bytes

SVG_LIMIT = 250_000  # bytes of SVG above which a chart is embedded as PNG
PRINT_DPI = 150  # a PNG chart's resolution (the theme's savefig.dpi): sharp on A4 paper
_SVG_START = re.compile(r"<svg\b")
_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)


def svg(fig, alt: str = "") -> str:
    """Return `fig` as an SVG element whose text is text, with `alt` as its accessible name.

    The element's ids are derived from its content and `alt` (not random), so the same chart
    gives the same SVG, and two charts of one page do not share ids.
    """
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    salt = sha256_bytes(alt.encode())[:12]
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = _PROLOGUE.sub("", buffer.getvalue(), count=1)  # no XML declaration, no DOCTYPE
    text = _METADATA.sub("", text, count=1)  # matplotlib's RDF block: bytes, no information
    label = html.escape(alt, quote=True)
    return _SVG_START.sub(f'<svg role="img" aria-label="{label}"', text, count=1).replace(
        ">", f"><title>{html.escape(alt)}</title>", 1)


def png(fig, dpi: float = PRINT_DPI, colors: int = 256) -> bytes:
    """Return `fig` as a palette PNG of `colors` colours at `dpi` (a third of the bytes).

    Charts have few colours (a palette, greys, their blends), so 256 without dithering look
    the same as the full-colour image.
    """
    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB").quantize(
        colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def best_format(svg_text: str, limit: int = SVG_LIMIT) -> str:
    """Return "svg", or "png" when the SVG is larger than `limit` bytes."""
    return "svg" if len(svg_text.encode()) <= limit else "png"


def describe(fig, sentence: str = "") -> str:
    """Return alt text for a figure: its title, then what each panel shows.

    Example: "Monthly deaths in Mali. Deaths per month (best estimate) by date, Jan 2012 to
    Dec 2023: Deaths per month and 12-month average." Small multiples name every panel.
    """
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    titles = [t for t in (_title(ax) for ax in axes) if t]
    head = suptitle or (titles[0] if titles else "Chart")
    panels = [t for t in titles if t != head]
    parts = []
    if len(panels) > 1:
        parts.append(f"{len(panels)} panels: " + "; ".join(panels))
    seen: set[str] = set()
    for ax in axes:
        what = _axes_text(ax) if ax.has_data() or ax.get_ylabel() else ""
        if what and what not in seen:
            seen.add(what)
            parts.append(what)
    body = sentence or (". ".join(p[:1].upper() + p[1:] for p in parts[:3]) if parts else
                        "The chart is described in the text and tables around it")
    return f"{head.rstrip('.')}. {body.rstrip('.')}."


def _title(ax) -> str:
    return ax.get_title(loc="left") or ax.get_title() or ax.get_title(loc="right")


def _axes_text(ax) -> str:
    """Return "y by x, span: series" for one panel ('' when it says nothing)."""
    ylabel, xlabel = ax.get_ylabel(), ax.get_xlabel()
    what = ylabel
    if ylabel and xlabel:
        what += f" by {xlabel[:1].lower() + xlabel[1:]}"
    span = _x_span(ax) if xlabel else ""
    if span:
        what += f", {span}"
    rows = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    if not ylabel and rows and not any(c.isdigit() for c in rows[0][:1]):
        shown = "; ".join(rows[:6]) + (f"; and {len(rows) - 6} more" if len(rows) > 6 else "")
        what = (what + ". " if what else "") + f"{len(rows)} rows: {shown}"
    labels = _series(ax)
    if labels:
        what += (": " if what else "Series: ") + _and(labels)
    return what


def _series(ax) -> list[str]:
    """Return the labels of the panel's legend (or of its labelled artists)."""
    legend = ax.get_legend()
    if legend is not None:
        labels = [t.get_text() for t in legend.get_texts()]
    else:
        labels = ax.get_legend_handles_labels()[1]
    return list(dict.fromkeys(label for label in labels if label and not label.startswith("_")))


def _x_span(ax) -> str:
    """Return "2012 to 2024" or "Jan 2012 to Dec 2023": the x values of the labelled series."""
    import matplotlib.dates as mdates
    import numpy as np

    values = _series_x(ax)
    if not values.size:
        return ""
    low, high = float(values.min()), float(values.max())
    if low == high:
        return ""
    formatter = ax.xaxis.get_major_formatter()
    if isinstance(formatter, mdates.AutoDateFormatter | mdates.ConciseDateFormatter
                  | mdates.DateFormatter):
        first, last = mdates.num2date(low), mdates.num2date(high)
        return f"{first:%b %Y} to {last:%b %Y}"
    if low >= 1900 and high <= 2100 and np.allclose(values, np.round(values)):
        return f"{int(low)} to {int(high)}"
    return ""


def _series_x(ax):
    """Return the x values (as axis numbers) of the panel's lines, bars and dots with a label."""
    import numpy as np
    from matplotlib.collections import PathCollection

    def shown(artist) -> bool:
        return not str(artist.get_label()).startswith("_")

    parts = [np.asarray(line.convert_xunits(line.get_xdata()), dtype=float)
             for line in ax.lines if shown(line)]
    for container in ax.containers:
        if shown(container) and getattr(container, "orientation", "") == "vertical":
            parts.append(np.array([bar.get_x() + bar.get_width() / 2 for bar in container]))
    parts += [np.asarray(c.get_offsets(), dtype=float)[:, 0] for c in ax.collections
              if isinstance(c, PathCollection) and shown(c) and len(c.get_offsets())]
    values = np.concatenate(parts) if parts else np.array([])
    return values[np.isfinite(values)]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def chart_data(fig):
    """Return the values a chart plots, one row per point: panel, series, x and y.

    Labelled lines, bars (each layer's own height) and dots are read back from the figure;
    timeline marks and other unlabelled decoration are left out. Dates on a date axis come
    back as dates. An empty frame when the chart has no labelled series.
    """
    import pandas as pd

    rows = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        panel = _title(ax) if len(fig.axes) > 1 else ""
        for series, xs, ys in _plotted(ax):
            rows += [{"panel": panel, "series": series, "x": x, "y": y}
                     for x, y in zip(xs, ys, strict=True)]
    frame = pd.DataFrame(rows, columns=["panel", "series", "x", "y"])
    return frame if frame["panel"].astype(bool).any() else frame.drop(columns="panel")


def chart_axis_names(fig) -> tuple[str, str]:
    """Return the names of the x and y columns of :func:`chart_data` (the axis titles)."""
    axes = [ax for ax in fig.axes if ax.get_visible()]
    xlabel = next((ax.get_xlabel() for ax in axes if ax.get_xlabel()), "") or "x"
    ylabel = next((ax.get_ylabel() for ax in axes if ax.get_ylabel()), "") or "y"
    if xlabel == "x" and ylabel == "y" and any(ax.get_aspect() != "auto" for ax in axes):
        return "Longitude", "Latitude"  # a map: its axes are untitled degrees
    return (xlabel, ylabel) if xlabel != ylabel else (f"{xlabel} (x)", f"{ylabel} (y)")


def _plotted(ax):
    """Yield (series label, x values, y values) for each labelled artist of a panel."""
    import numpy as np
    from matplotlib.collections import PathCollection

    def shown(artist) -> bool:
        return not str(artist.get_label()).startswith("_")

    as_x = _x_converter(ax)
    for line in ax.lines:
        if shown(line):
            xs = np.asarray(line.convert_xunits(line.get_xdata()), dtype=float)
            yield line.get_label(), [as_x(x) for x in xs], list(line.get_ydata())
    for container in ax.containers:
        if not shown(container) or getattr(container, "orientation", "") != "vertical":
            continue
        bars = list(container)
        yield (container.get_label(), [as_x(b.get_x() + b.get_width() / 2) for b in bars],
               [b.get_height() for b in bars])
    for collection in ax.collections:  # dots only: areas and fills have no points to list
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if isinstance(collection, PathCollection) and shown(collection) and len(offsets):
            yield collection.get_label(), [as_x(x) for x in offsets[:, 0]], list(offsets[:, 1])


def _x_converter(ax):
    """Return a function giving an x axis number back in the data's units (a date, a year)."""
    import matplotlib.dates as mdates
    import pandas as pd

    formatter = ax.xaxis.get_major_formatter()
    if isinstance(formatter, mdates.AutoDateFormatter | mdates.ConciseDateFormatter
                  | mdates.DateFormatter):
        return lambda x: pd.Timestamp(mdates.num2date(x)).tz_localize(None).normalize()
    if ax.get_xlabel().startswith("Year"):  # grouped bars sit beside their year
        return lambda x: int(round(x))
    return lambda x: int(round(x)) if abs(x - round(x)) < 1e-9 else float(x)
