"""Sentences computed from the numbers (no figure is ever typed into a report by hand)."""

from __future__ import annotations

import pandas as pd

from sahel_analysis.tables import fmt_int, fmt_multiple, fmt_pct


def describe_change(subject: str, current: float, previous: float, current_label: str,
                    previous_label: str, unit: str = "deaths") -> str:
    """Describe how a count changed between two periods, in one sentence.

    Example:
        >>> describe_change("Deaths in Mali", 140, 100, "2023", "2022")
        'Deaths in Mali rose by 40% to 140 deaths in 2023 (2022: 100).'
    """
    singular = unit[:-1] if unit.endswith("s") and current == 1 else unit
    if pd.isna(current) or pd.isna(previous):
        return f"{subject}: no comparable figures for {current_label} and {previous_label}."
    if previous == 0:
        if current == 0:
            return f"{subject}: no {unit} recorded in {current_label} or {previous_label}."
        return (f"{subject}: {fmt_int(current)} {singular} in {current_label}, none in "
                f"{previous_label}.")
    ratio = (current - previous) / previous
    if abs(ratio) < 0.005:
        verb = "stayed level at"
        return (f"{subject} {verb} {fmt_int(current)} {singular} in {current_label} "
                f"({previous_label}: {fmt_int(previous)}).")
    if ratio > 10:  # above +1000%: a multiple reads better than "+10,500%"
        return (f"{subject} multiplied by {fmt_multiple(current / previous)} to "
                f"{fmt_int(current)} {singular} in {current_label} ({previous_label}: "
                f"{fmt_int(previous)}).")
    verb = "rose" if ratio > 0 else "fell"
    return (f"{subject} {verb} by {fmt_pct(abs(ratio))} to {fmt_int(current)} {singular} in "
            f"{current_label} ({previous_label}: {fmt_int(previous)}).")


def share_sentence(subject: str, part: float, total: float, what: str) -> str:
    """Describe a share, e.g. "State forces and allies caused 55% of civilian deaths"."""
    if not total:
        return f"No {what} recorded."
    share = fmt_pct(part / total)
    return f"{subject} caused {share} of {what} ({fmt_int(part)} of {fmt_int(total)})."


def bullets(lines: list[str]) -> str:
    """Return Markdown bullets."""
    return "\n".join(f"- {line}" for line in lines if line)


def key_findings_html(lines: list[str]) -> str:
    """Return the Key findings box as HTML (4-6 computed bullets expected)."""
    import html

    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines if line)
    return f'<div class="key-findings"><p><b>Key findings</b></p><ul>{items}</ul></div>'


def key_findings(lines: list[str]):
    """Return the Key findings box for notebook display."""
    from IPython.display import HTML

    return HTML(key_findings_html(lines))
