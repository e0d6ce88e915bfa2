"""The tables of a report as an Excel workbook: one sheet per table shown, sources first.

Report table helpers (:func:`sahel_analysis.tables.show`) record every table they display in a
per-kernel registry; the last cell of each notebook calls :func:`write_workbook`, which writes
the workbook to the path in the environment variable ``SAHEL_ANALYSIS_TABLES_OUT`` (set by the
render runner, which publishes it beside the HTML and PDF as ``<report>.xlsx``). Outside a
render nothing is written.

Only what the report shows is exported: SIPRI only as the aggregates a report displays, and
never ACLED data (its licence does not allow redistribution).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ENV_OUT = "SAHEL_ANALYSIS_TABLES_OUT"
ENV_NAME = "SAHEL_ANALYSIS_TABLES_NAME"  # the published name: <name>.xlsx, <name>.csv.zip
SOURCES_SHEET = "Sources and definitions"
_FORBIDDEN_SOURCES = ("acled",)
LICENCES = [
    ("UCDP (GED, Candidate events, country-year, ACD)", "CC BY 4.0",
     "Uppsala Conflict Data Program, https://ucdp.uu.se"),
    ("Our World in Data (deaths in armed conflicts, from UCDP)", "CC BY 4.0",
     "https://ourworldindata.org"),
    ("UNHCR Refugee Data Finder (incl. IDMC IDP figures)", "CC BY 4.0 (IDMC: see IDMC terms)",
     "https://www.unhcr.org/refugee-statistics/"),
    ("World Bank World Development Indicators", "CC BY 4.0",
     "https://databank.worldbank.org/source/world-development-indicators"),
    ("SIPRI Arms Transfers Database", "© SIPRI; aggregates only, cite SIPRI",
     "SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers"),
    ("Natural Earth", "public domain", "https://www.naturalearthdata.com"),
    ("Timeline and place names", "CC BY 4.0",
     "sahel_analysis authors; every row cites its public source"),
]
DEFINITIONS = [
    ("Deaths (best)", "UCDP best estimate of deaths in organised violence (state-based, "
     "non-state and one-sided), all sides and civilians."),
    ("Final GED", "UCDP Georeferenced Event Dataset, final release: checked events."),
    ("UCDP Candidate", "Preliminary monthly events that UCDP still checks and revises."),
    ("Change (%)", "Relative change on the earlier period; above +1000% written as a multiple "
     "(×N); \"new\" when the earlier value was zero."),
    ("Refugees, IDPs", "End-of-year stocks (31 December), not flows."),
    ("TIV", "SIPRI trend-indicator value: a volume of military capability transferred, not a "
     "price."),
]


NUMBER_FORMATS = {
    "int": "#,##0",
    "float1": "#,##0.0",
    "float2": "#,##0.00",
    "pct": "0%",
    "signed_pct": "+0%;-0%;0%",
    "date": "yyyy-mm-dd",
    "month": "mmm yyyy",
    "number": "General",  # a number of any size or unit (a table mixing indicators)
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DANGLING_WORDS = {"a", "an", "and", "at", "after", "before", "by", "for", "from", "in", "of",
                   "on", "or", "per", "than", "the", "to", "vs", "with"}
SHEET_NAME_LIMIT = 31


@dataclass
class RegisteredTable:
    """One table as shown in a report, with the kind of each column (int, pct, date, text…)."""

    name: str
    frame: pd.DataFrame
    caption: str
    source: str
    kinds: dict[str, str] = field(default_factory=dict)
    sheet: str = ""


_REGISTRY: list[RegisteredTable] = []
_USED_SHEETS: set[str] = set()


def clear() -> None:
    """Forget the tables recorded so far (a new report run)."""
    _REGISTRY.clear()
    _USED_SHEETS.clear()


def registered() -> list[RegisteredTable]:
    """Return the tables recorded so far, in the order shown."""
    return list(_REGISTRY)


def register(frame: pd.DataFrame, formats: Mapping[str, str],
             headers: Mapping[str, str] | None = None, *, caption: str = "", source: str = "",
             name: str = "") -> RegisteredTable | None:
    """Record a shown table: its columns under their headers, values unrounded.

    Returns the recorded table (its ``sheet`` is the workbook's sheet name and the CSV's file
    name), or None for a table that is never redistributed (ACLED).
    """
    if any(word in source.lower() for word in _FORBIDDEN_SOURCES):
        return None  # never redistributed
    headers = headers or {}
    columns = list(formats)
    table = frame[columns].copy()
    table.columns = unique_headers([headers.get(c, c) for c in columns])
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            table[column] = values.dt.tz_localize(None)
    kinds = dict(zip(table.columns, (formats[c] for c in columns), strict=True))
    label = name or caption or _caller_name() or f"Table {len(_REGISTRY) + 1}"
    if not _USED_SHEETS:
        _USED_SHEETS.add(SOURCES_SHEET.lower())
    sheet = sheet_name(label, len(_REGISTRY) + 1, _USED_SHEETS)
    entry = RegisteredTable(label, table.reset_index(drop=True), caption or label, source,
                            kinds, sheet)
    _REGISTRY.append(entry)
    return entry


def data_link(entry: RegisteredTable | None) -> str:
    """Return the HTML line under a shown table linking to its sheet and CSV ('' outside a render).

    The files are published beside the report as ``$SAHEL_ANALYSIS_TABLES_NAME.xlsx`` and
    ``.csv.zip`` (set by the render runner).
    """
    import html

    stem = os.environ.get(ENV_NAME, "")
    if entry is None or not stem or not os.environ.get(ENV_OUT):
        return ""
    xlsx = html.escape(f"{stem}.xlsx", quote=True)
    archive = html.escape(f"{stem}.csv.zip", quote=True)
    return (f'<p class="data-link">Data: <a href="{xlsx}">xlsx</a>, sheet '
            f'“{html.escape(entry.sheet)}” · <a href="{archive}">csv</a>, '
            f'{html.escape(csv_name(entry))}</p>')


def _caller_name() -> str:
    """Return a readable name from the report function showing the table ("Arms share")."""
    import inspect

    frame = inspect.currentframe()
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("sahel_analysis.reports.") and not module.endswith(".common"):
            words = frame.f_code.co_name.strip("_").replace("_", " ").strip()
            words = words.removesuffix(" table").strip()
            return words[:1].upper() + words[1:]
        frame = frame.f_back
    return ""


def unique_headers(names: list[str]) -> list[str]:
    """Return the headers made unique by what they compare with, not by a number.

    A repeated header ("Change (%)" after each of several periods) is qualified by the header
    of the column before it: "Change (%) vs Nov 2023". A number is added only if that is still
    not unique.
    """
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    out = [f"{name} vs {names[i - 1]}" if counts[name] > 1 and i > 0 else name
           for i, name in enumerate(names)]
    seen: dict[str, int] = {}
    result = []
    for name in out:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def sheet_name(label: str, index: int, used: set[str]) -> str:
    """Return a valid, unique Excel sheet name (at most 31 characters, cut at a word).

    The name is the table's number and label; a label too long is cut at a word, before any
    dangling "and", "in", "before"…, never mid-word.
    """
    clean = " ".join(re.sub(r"[\[\]:*?/\\']", " ", label).split()) or "Table"
    base = _cut_at_word(f"{index:02d} {clean}", SHEET_NAME_LIMIT)
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = _cut_at_word(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _cut_at_word(text: str, limit: int) -> str:
    """Return `text` cut to at most `limit` characters at a word boundary."""
    if len(text) <= limit:
        return text
    words = text[:limit + 1].split(" ")
    words = words[:-1] if len(words) > 1 else [text[:limit]]  # the last word is cut off
    while len(words) > 2 and words[-1].lower().strip(",;–-()") in _DANGLING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:–-(")


def safe_text(value: str) -> str:
    """Return text a spreadsheet never runs as a formula (OWASP: prefix a single quote).

    Example:
        >>> safe_text("=1+1"), safe_text("Mali")
        ("'=1+1", 'Mali')
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def cell_value(value, kind: str):
    """Return what a workbook or CSV cell holds: a number, a date, text (escaped) or None.

    Numbers stay numbers (an infinite change is the text "new", as shown); dates of kind
    ``date`` or ``month`` become dates without a time; everything else is escaped text.
    """
    import datetime as dt
    import math
    import numbers

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Number):
        number = float(value) if not isinstance(value, numbers.Integral) else int(value)
        if isinstance(number, float) and math.isinf(number):
            return "new" if kind == "signed_pct" else ("∞" if number > 0 else "-∞")
        return number
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        stamp = pd.Timestamp(value)
        if kind in ("date", "month") or stamp == stamp.normalize():
            return stamp.date()
        return stamp.to_pydatetime()
    return safe_text(str(value))


def write_workbook(path: str | os.PathLike | None = None, *, title: str = "") -> Path | None:
    """Write the recorded tables to `path` (default: ``$SAHEL_ANALYSIS_TABLES_OUT``).

    Beside the workbook, the same tables as CSV files in one zip (``<name>.csv.zip``, see
    :func:`write_csv_zip`). Returns the workbook's path, or None when no path is given (an
    interactive run).
    """
    target = path or os.environ.get(ENV_OUT)
    if not target:
        return None
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = registered()
    book = _workbook(tables, title)
    book.save(target)
    write_csv_zip(csv_zip_path(target), tables, title)
    return target


def csv_zip_path(workbook: Path) -> Path:
    """Return where the CSV zip of a workbook goes: ``tables.xlsx`` -> ``tables.csv.zip``."""
    return workbook.with_name(workbook.stem + ".csv.zip")


def _workbook(tables: list[RegisteredTable], title: str):
    """Build the workbook: the sources sheet, then one filtered sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sources = book.active
    sources.title = SOURCES_SHEET
    for row in _sources_rows(tables, title):
        sources.append([None] * len(row))
        for column, value in enumerate(row, start=1):
            _set(sources.cell(sources.max_row, column), value or None, "text")
    sources["A1"].font = Font(bold=True, size=12)
    for table in tables:
        sheet = book.create_sheet(table.sheet)
        columns = list(table.frame.columns)
        for column, header in enumerate(columns, start=1):
            _set(sheet.cell(1, column), header, "text").font = Font(bold=True)
        for r, row in enumerate(table.frame.itertuples(index=False), start=2):
            for column, (header, value) in enumerate(zip(columns, row, strict=True), start=1):
                _set(sheet.cell(r, column), value, table.kinds.get(header, "text"))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    for sheet in book.worksheets:
        _fit_columns(sheet)
    return book


def _set(cell, value, kind: str):
    """Write one value: numbers and dates with their number format, text never a formula."""
    value = cell_value(value, kind)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never "f", whatever the text starts with
    elif value is not None and kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    elif value is not None and not isinstance(value, (int, float)):  # a date in a text column
        cell.number_format = NUMBER_FORMATS["date"]
    return cell


def _fit_columns(sheet) -> None:
    for column in sheet.columns:
        width = max((len(_shown(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)


def _shown(value) -> str:
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def write_csv_zip(target: Path, tables: list[RegisteredTable], title: str = "") -> Path:
    """Write each table as a UTF-8 CSV (``<sheet name>.csv``) and the sources as README.txt.

    Text is escaped as in the workbook (a leading ``=``, ``+``, ``-``, ``@`` gets a quote),
    numbers are unrounded, dates ISO (``2023-12-31``).
    """
    import csv
    import io
    import zipfile

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(tables, title))
        for table in tables:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            columns = list(table.frame.columns)
            writer.writerow([safe_text(str(c)) for c in columns])
            for row in table.frame.itertuples(index=False):
                writer.writerow(["" if (v := cell_value(value, table.kinds.get(h, "text")))
                                 is None else v for h, value in zip(columns, row, strict=True)])
            archive.writestr(csv_name(table), buffer.getvalue().encode("utf-8"))
    return target


def csv_name(table: RegisteredTable) -> str:
    """Return the file name of a table inside the CSV zip ("01 Deaths.csv")."""
    return f"{table.sheet}.csv"


def _readme(tables: list[RegisteredTable], title: str) -> str:
    """Return the sources sheet as plain text: one line per row, cells separated by " | "."""
    lines = []
    for row in _sources_rows(tables, title, csv=True):
        cells = [str(c) for c in row if c]
        lines.append(" | ".join(cells))
    return "\n".join(lines).strip() + "\n"


def _sources_rows(tables: list[RegisteredTable], title: str, *, csv: bool = False
                  ) -> list[list[str]]:
    rows: list[list[str]] = [[title or "sahel_analysis report tables", "", ""], ["", "", ""],
                             ["CSV file" if csv else "Sheet", "Table", "Source"]]
    rows += [[csv_name(t) if csv else t.sheet, t.caption, t.source] for t in tables]
    rows += [["", "", ""], ["Data source", "Licence", "Attribution"]]
    rows += [list(item) for item in LICENCES]
    rows += [["", "", ""], ["Term", "Definition", ""]]
    rows += [[term, text, ""] for term, text in DEFINITIONS]
    rows += [["", "", ""], ["Note", "Values are as computed, before rounding for display; "
                            "percentages are stored as fractions (0.25 is 25%), shown with a "
                            "percent format in the workbook. ACLED data are never included.",
                            ""]]
    if csv:
        rows += [["Encoding", "UTF-8, comma-separated, dates as YYYY-MM-DD; text starting "
                  "with = + - @ is prefixed with ' so that no spreadsheet runs it.", ""]]
    return rows
