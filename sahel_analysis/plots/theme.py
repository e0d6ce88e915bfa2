"""One seaborn theme for every report: colour-blind-safe, consistent colours, print-ready."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() == "agg" else None

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

# Okabe-Ito palette (colour-blind safe) plus greys.
OKABE_ITO = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
COUNTRY_COLORS = {
    "MLI": OKABE_ITO["green"], "BFA": OKABE_ITO["vermillion"], "NER": OKABE_ITO["orange"],
    "BEN": OKABE_ITO["blue"], "TGO": OKABE_ITO["purple"], "GHA": OKABE_ITO["sky"],
    "CIV": "#8C6D31", "TCD": "#7F7F7F", "MRT": "#B8860B", "SEN": "#2F4F4F", "GIN": "#9467BD",
    "NGA": "#17BECF", "DZA": "#BCBD22", "LBY": "#8B4513", "CMR": "#5F9EA0",
}
COUNTRY_MARKERS = {"MLI": "o", "BFA": "s", "NER": "^", "BEN": "D", "TGO": "v", "GHA": "P",
                   "CIV": "X"}
VIOLENCE_COLORS = {"state_based": OKABE_ITO["blue"], "non_state": OKABE_ITO["orange"],
                   "one_sided": OKABE_ITO["vermillion"]}
VIOLENCE_LABELS = {"state_based": "State-based", "non_state": "Non-state",
                   "one_sided": "One-sided (against civilians)"}
FAMILY_COLORS = {
    "jnim": "#0072B2", "islamic_state": "#000000", "other_jihadist": "#56B4E9",
    "state_forces": "#009E73", "russian_forces": "#D55E00", "foreign_state_forces": "#8C6D31",
    "militias": "#E69F00", "northern_movements": "#CC79A7", "communal": "#F0E442",
    "unidentified": "#BBBBBB", "other": "#777777",
}
BLOC_COLORS = {
    "Russia": "#D55E00", "China": "#E69F00", "Türkiye": "#CC79A7", "France": "#0072B2",
    "United States": "#56B4E9", "Other Europe": "#009E73", "Other": "#999999",
}
FIG_WIDTH = 7.4  # inches: fits an A4 page with margins


def set_theme() -> None:
    """Apply the package theme (call once per notebook or script)."""
    sns.set_theme(style="whitegrid", context="paper", font="DejaVu Sans")
    plt.rcParams.update({
        "figure.dpi": 110, "savefig.dpi": 150, "axes.titlesize": 11,
        "axes.titleweight": "bold", "axes.labelsize": 9, "xtick.labelsize": 8,
        "ytick.labelsize": 8, "legend.fontsize": 8, "legend.title_fontsize": 8,
        "figure.titlesize": 12, "figure.titleweight": "bold", "axes.spines.top": False,
        "axes.spines.right": False, "grid.color": "#E5E5E5",
    })


def new_figure(height: float = 3.6, ncols: int = 1, nrows: int = 1, **kwargs):
    """Return (fig, axes) sized for an A4 page, with constrained layout."""
    return plt.subplots(nrows, ncols, figsize=(FIG_WIDTH, height), layout="constrained",
                        **kwargs)


def thousands(ax, axis: str = "y") -> None:
    """Format an axis with thousands separators."""
    formatter = FuncFormatter(lambda value, _: f"{value:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def source_note(fig, text: str) -> None:
    """Write a source line under the figure (kept by tight bounding boxes)."""
    fig.text(0.0, -0.01, f"Source: {text}", ha="left", va="top", fontsize=7, color="#444444",
             wrap=True)


def plain_log_axis(ax, axis: str = "y") -> None:
    """Label a log axis in plain numbers (1, 10, 100, 1,000), never 10^3."""
    from matplotlib.ticker import LogLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(LogLocator(base=10))
    target.set_major_formatter(FuncFormatter(
        lambda value, _: f"{value:,.0f}" if value >= 1 else f"{value:g}"))


def auto_xlabel(ax) -> str:
    """Return an x-axis title for a time axis: "Month" for dates, "Year" for years, else ""."""
    import matplotlib.dates as mdates

    if isinstance(ax.xaxis.get_major_formatter(),
                  (mdates.AutoDateFormatter, mdates.ConciseDateFormatter, mdates.DateFormatter)):
        return "Date"
    low, high = ax.get_xlim()
    return "Year" if low >= 1900 and high <= 2100 else ""


def finish(ax, title: str, ylabel: str, source: str, xlabel: str | None = None) -> None:
    """Give a chart its title, axis titles with units, and source line.

    Without `xlabel`, a time axis gets "Date" or "Year"; a log y axis is labelled in plain
    numbers.
    """
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(auto_xlabel(ax) if xlabel is None else xlabel)
    legend = ax.get_legend()
    if legend is not None and ax.get_xlabel():  # a legend below the axes goes under the title
        anchor = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted())
        if anchor.y0 < 0 and legend._loc in (2, 9):  # "upper left" / "upper center"
            legend.set_bbox_to_anchor((anchor.x0, anchor.y0 - 0.09), transform=ax.transAxes)
    if ax.get_yscale() == "log":
        plain_log_axis(ax)
    source_note(ax.figure, source)
