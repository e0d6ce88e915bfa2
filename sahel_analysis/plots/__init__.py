"""Charts: one theme, the timeline overlay, series, maps, event windows and flows."""

from sahel_analysis.plots.flows import displacement_flows
from sahel_analysis.plots.maps import event_map, map_small_multiples
from sahel_analysis.plots.scales import log_scale
from sahel_analysis.plots.series import (
    bars_by_violence_type,
    line_by_group,
    small_multiples,
    stacked_area,
)
from sahel_analysis.plots.theme import (
    COUNTRY_COLORS,
    FAMILY_COLORS,
    VIOLENCE_COLORS,
    finish,
    new_figure,
    set_theme,
    source_note,
)
from sahel_analysis.plots.timeline import add_timeline
from sahel_analysis.plots.windows import window_chart

__all__ = [
    "COUNTRY_COLORS", "FAMILY_COLORS", "VIOLENCE_COLORS", "add_timeline",
    "bars_by_violence_type", "displacement_flows", "event_map", "finish", "line_by_group",
    "log_scale",
    "map_small_multiples", "new_figure", "set_theme", "small_multiples", "source_note",
    "stacked_area", "window_chart",
]
