"""Report tables: thousands separators, signed percentage changes, units in headers, as HTML."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import pandas as pd


def fmt_int(value) -> str:
    """Format a count with thousands separators ("–" for missing).

    Example:
        >>> fmt_int(12345.4)
        '12,345'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "–"
    return f"{float(value):,.0f}"


def fmt_float(value, digits: int = 1) -> str:
    """Format a number with `digits` decimals and thousands separators."""
    if value is None or pd.isna(value):
        return "–"
    if math.isinf(value):
        return "∞"
    return f"{float(value):,.{digits}f}"


def fmt_pct(value, digits: int = 0) -> str:
    """Format a share (0.25) as a percentage ("25%")."""
    if value is None or pd.isna(value):
        return "–"
    return f"{100 * float(value):.{digits}f}%"


def fmt_signed_pct(value, digits: int = 0) -> str:
    """Format a relative change (0.4) as a signed percentage ("+40%")."""
    if value is None or pd.isna(value):
        return "–"
    if math.isinf(value):
        return "new"
    return f"{100 * float(value):+.{digits}f}%"


FORMATTERS = {
    "int": fmt_int,
    "float1": fmt_float,
    "float2": lambda v: fmt_float(v, 2),
    "pct": fmt_pct,
    "signed_pct": fmt_signed_pct,
    "date": lambda v: "–" if pd.isna(v) else pd.Timestamp(v).strftime("%d %b %Y"),
    "month": lambda v: "–" if pd.isna(v) else pd.Timestamp(v).strftime("%b %Y"),
    "text": lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v),
}
NUMERIC = {"int", "float1", "float2", "pct", "signed_pct"}


def html_table(frame: pd.DataFrame, formats: Mapping[str, str], headers: Mapping[str, str]
               | None = None, caption: str = "", source: str = "") -> str:
    """Return a formatted HTML table: only the columns in `formats`, in that order.

    `formats` maps column -> one of int, float1, float2, pct, signed_pct, date, month, text;
    `headers` maps column -> header text (put units there, e.g. "Deaths (best estimate)").
    """
    headers = headers or {}
    columns = list(formats)
    parts = ['<table class="sahel-table">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    for column in columns:
        css = ' class="num"' if formats[column] in NUMERIC else ""
        parts.append(f"<th{css}>{html.escape(headers.get(column, column))}</th>")
    parts.append("</tr></thead><tbody>")
    for row in frame[columns].itertuples(index=False):
        parts.append("<tr>")
        for column, value in zip(columns, row, strict=True):
            kind = formats[column]
            css = ' class="num"' if kind in NUMERIC else ""
            parts.append(f"<td{css}>{html.escape(FORMATTERS[kind](value))}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if source:
        parts.append(f'<p class="table-source">Source: {html.escape(source)}</p>')
    return "".join(parts)


def show(frame: pd.DataFrame, formats: Mapping[str, str], headers: Mapping[str, str] | None = None,
         caption: str = "", source: str = ""):
    """Return the formatted table as an IPython HTML object for notebook display."""
    from IPython.display import HTML

    return HTML(html_table(frame, formats, headers, caption, source))
