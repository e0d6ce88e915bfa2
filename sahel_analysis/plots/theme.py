"""One theme for every report: colour-blind-safe, consistent colours, print-ready.

The base is seaborn's ``whitegrid`` style, ``paper`` context and ``deep`` palette, frozen here
as the rcParams seaborn sets (a test checks they still match seaborn), so a kernel does not
import seaborn and scipy (half a second) just to style its charts.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() == "agg" else None

import matplotlib.pyplot as plt  # noqa: E402
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
# hues far apart (blue, orange, purple), so the types stay apart in dense clusters of dots;
# one-sided violence shares the purple of "civilians" in the victims chart
VIOLENCE_COLORS = {"state_based": OKABE_ITO["blue"], "non_state": OKABE_ITO["orange"],
                   "one_sided": OKABE_ITO["purple"]}
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

# What sns.set_theme(style="whitegrid", context="paper", font="DejaVu Sans") sets (seaborn
# 0.13), except "image.cmap" ("rocket" is registered only by importing seaborn; no chart here
# uses a default colour map).
_SEABORN_CONTEXT: dict[str, object] = {'axes.linewidth': 1.0,
 'grid.linewidth': 0.8,
 'lines.linewidth': 1.2000000000000002,
 'lines.markersize': 4.800000000000001,
 'patch.linewidth': 0.8,
 'xtick.major.width': 1.0,
 'ytick.major.width': 1.0,
 'xtick.minor.width': 0.8,
 'ytick.minor.width': 0.8,
 'xtick.major.size': 4.800000000000001,
 'ytick.major.size': 4.800000000000001,
 'xtick.minor.size': 3.2,
 'ytick.minor.size': 3.2,
 'font.size': 9.600000000000001,
 'axes.labelsize': 9.600000000000001,
 'axes.titlesize': 9.600000000000001,
 'xtick.labelsize': 8.8,
 'ytick.labelsize': 8.8,
 'legend.fontsize': 8.8,
 'legend.title_fontsize': 9.600000000000001}
_SEABORN_STYLE: dict[str, object] = {'figure.facecolor': 'white',
 'axes.labelcolor': '.15',
 'xtick.direction': 'out',
 'ytick.direction': 'out',
 'xtick.color': '.15',
 'ytick.color': '.15',
 'axes.axisbelow': True,
 'grid.linestyle': '-',
 'text.color': '.15',
 'font.family': 'DejaVu Sans',
 'font.sans-serif': ['Arial',
                     'DejaVu Sans',
                     'Liberation Sans',
                     'Bitstream Vera Sans',
                     'sans-serif'],
 'lines.solid_capstyle': 'round',
 'patch.edgecolor': 'w',
 'patch.force_edgecolor': True,
 'xtick.top': False,
 'ytick.right': False,
 'axes.grid': True,
 'axes.facecolor': 'white',
 'axes.edgecolor': '.8',
 'grid.color': '.8',
 'axes.spines.left': True,
 'axes.spines.bottom': True,
 'axes.spines.right': True,
 'axes.spines.top': True,
 'xtick.bottom': False,
 'ytick.left': False}
_SEABORN_DEEP = [(0.2980392156862745, 0.4470588235294118, 0.6901960784313725),
 (0.8666666666666667, 0.5176470588235295, 0.3215686274509804),
 (0.3333333333333333, 0.6588235294117647, 0.40784313725490196),
 (0.7686274509803922, 0.3058823529411765, 0.3215686274509804),
 (0.5058823529411764, 0.4470588235294118, 0.7019607843137254),
 (0.5764705882352941, 0.47058823529411764, 0.3764705882352941),
 (0.8549019607843137, 0.5450980392156862, 0.7647058823529411),
 (0.5490196078431373, 0.5490196078431373, 0.5490196078431373),
 (0.8, 0.7254901960784313, 0.4549019607843137),
 (0.39215686274509803, 0.7098039215686275, 0.803921568627451)]
_SEABORN_COLOR_CODES = {'b': (0.2980392156862745, 0.4470588235294118, 0.6901960784313725),
 'g': (0.3333333333333333, 0.6588235294117647, 0.40784313725490196),
 'r': (0.7686274509803922, 0.3058823529411765, 0.3215686274509804),
 'm': (0.5058823529411764, 0.4470588235294118, 0.7019607843137254),
 'y': (0.8, 0.7254901960784313, 0.4549019607843137),
 'c': (0.39215686274509803, 0.7098039215686275, 0.803921568627451),
 'k': (0.1, 0.1, 0.1)}


def _seaborn_theme() -> None:
    """Apply seaborn's whitegrid/paper/deep theme (as ``sns.set_theme`` would), frozen."""
    from cycler import cycler
    from matplotlib import colors

    plt.rcParams.update(_SEABORN_CONTEXT)
    plt.rcParams.update(_SEABORN_STYLE)
    plt.rcParams["axes.prop_cycle"] = cycler("color", _SEABORN_DEEP)
    colors.colorConverter.colors.update(_SEABORN_COLOR_CODES)


def set_theme() -> None:
    """Apply the package theme (call once per notebook or script)."""
    _seaborn_theme()
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
