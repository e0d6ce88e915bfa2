"""Report tables: thousands separators, signed percentage changes, units in headers, as HTML."""

from __future__ import annotations

import html
import math
import re
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
    """Format a relative change (0.4) as a signed percentage ("+40%").

    Changes above +1000% are written as a multiple of the earlier value ("×106"), and a
    change that rounds to zero is "0%", never "-0%" or "+0%".

    Example:
        >>> fmt_signed_pct(0.4), fmt_signed_pct(105.0), fmt_signed_pct(-0.001)
        ('+40%', '×106', '0%')
    """
    if value is None or pd.isna(value):
        return "–"
    if math.isinf(value):
        return "new"
    value = float(value)
    if value > 10:
        return f"×{fmt_multiple(1 + value)}"
    text = f"{100 * value:.{digits}f}"
    if float(text) == 0:
        return f"{abs(float(text)):.{digits}f}%"
    return ("+" if value > 0 else "-") + text.lstrip("-") + "%"


def fmt_multiple(ratio: float) -> str:
    """Format a ratio as a multiple: 106 for 105.6, 12.5 for 12.46, 3.1 for 3.14."""
    return f"{ratio:,.0f}" if ratio >= 20 else f"{ratio:,.1f}"


_NAME_FIXES = {"Turkiye": "Türkiye", "Turkey": "Türkiye",
               # UCDP's names as a reader knows them (the data keep UCDP's spelling)
               "Russia (Soviet Union)": "Russia",
               "departmenr": "department"}  # a typo in UCDP GED's where_coordinates
_NAME_PATTERN = re.compile(r"(?<!\w)(" + "|".join(
    re.escape(name) for name in sorted(_NAME_FIXES, key=len, reverse=True)) + r")(?!\w)")


def display_name(text: str) -> str:
    """Return `text` with one spelling per name, as shown (the data keep the original).

    Example:
        >>> display_name("Government of Mali, Government of Russia (Soviet Union)")
        'Government of Mali, Government of Russia'
    """
    return _NAME_PATTERN.sub(lambda m: _NAME_FIXES[m.group(1)], text)


_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")


def linkify(escaped: str) -> str:
    """Turn the URLs of already HTML-escaped text into links."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)


FORMATTERS = {
    "int": fmt_int,
    "float1": fmt_float,
    "float2": lambda v: fmt_float(v, 2),
    "pct": fmt_pct,
    "signed_pct": fmt_signed_pct,
    "date": lambda v: "–" if pd.isna(v) else pd.Timestamp(v).strftime("%d %b %Y"),
    "month": lambda v: "–" if pd.isna(v) else pd.Timestamp(v).strftime("%b %Y"),
    "text": lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
    else display_name(str(v)),
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
    parts = ['<div class="table-scroll"><table class="sahel-table">']
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
    parts.append("</tbody></table></div>")
    if source:
        parts.append(f'<p class="table-source">Source: {linkify(html.escape(source))}</p>')
    return "".join(parts)


def show(frame: pd.DataFrame, formats: Mapping[str, str], headers: Mapping[str, str] | None = None,
         caption: str = "", source: str = "", *, name: str = "", export: bool = True,
         download: Mapping[str, str] | None = None,
         download_headers: Mapping[str, str] | None = None):
    """Return the formatted table as an IPython HTML object for notebook display.

    The table is also recorded for the report's downloads (workbook and CSV, see
    :mod:`sahel_analysis.downloads`) unless `export` is False; `name` is its sheet name
    (default: the caption, else "Table N"). The download holds the columns of `formats`
    under `headers`, or, where the shown cells are text made of numbers ("881–1,074"), the
    numeric columns of `download` (column -> format, like `formats`) under `download_headers`
    (falling back to `headers`). Under a rendered table, a line links to its sheet and CSV.
    """
    from IPython.display import HTML

    from sahel_analysis.reports.sections import record

    record("tables", frame)
    body = html_table(frame, formats, headers, caption, source)
    if export:
        from sahel_analysis import downloads

        entry = downloads.register(frame, download or formats,
                                   {**(headers or {}), **(download_headers or {})},
                                   caption=caption, source=source, name=name)
        body += downloads.data_link(entry)
    return HTML(body)
