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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ENV_OUT = "SAHEL_ANALYSIS_TABLES_OUT"
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


@dataclass
class RegisteredTable:
    """One table as shown in a report."""

    name: str
    frame: pd.DataFrame
    caption: str
    source: str


_REGISTRY: list[RegisteredTable] = []


def clear() -> None:
    """Forget the tables recorded so far (a new report run)."""
    _REGISTRY.clear()


def registered() -> list[RegisteredTable]:
    """Return the tables recorded so far, in the order shown."""
    return list(_REGISTRY)


def register(frame: pd.DataFrame, formats: Mapping[str, str],
             headers: Mapping[str, str] | None = None, *, caption: str = "", source: str = "",
             name: str = "") -> None:
    """Record a shown table: its shown columns under their shown headers, values unrounded."""
    if any(word in source.lower() for word in _FORBIDDEN_SOURCES):
        return  # never redistributed
    headers = headers or {}
    columns = list(formats)
    table = frame[columns].copy()
    table.columns = _unique([headers.get(c, c) for c in columns])
    for column in table.columns:
        values = table[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            table[column] = values.dt.tz_localize(None)
    label = name or caption or _caller_name() or f"Table {len(_REGISTRY) + 1}"
    _REGISTRY.append(RegisteredTable(label, table.reset_index(drop=True), caption or label,
                                     source))


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


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def sheet_name(label: str, index: int, used: set[str]) -> str:
    """Return a valid, unique Excel sheet name (at most 31 characters, no brackets etc.)."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", label).strip() or "Table"
    base = f"{index:02d} {clean}"[:31].strip()
    candidate, n = base, 2
    while candidate.lower() in used:
        candidate = f"{base[:27]} ({n})"
        n += 1
    used.add(candidate.lower())
    return candidate


def write_workbook(path: str | os.PathLike | None = None, *, title: str = "") -> Path | None:
    """Write the recorded tables to `path` (default: ``$SAHEL_ANALYSIS_TABLES_OUT``).

    Returns the path written, or None when no path is given (an interactive run).
    """
    target = path or os.environ.get(ENV_OUT)
    if not target:
        return None
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tables = registered()
    used: set[str] = {SOURCES_SHEET.lower()}
    names = [sheet_name(t.name, i, used) for i, t in enumerate(tables, start=1)]
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        _sources_sheet(tables, names, title).to_excel(writer, sheet_name=SOURCES_SHEET,
                                                      index=False, header=False)
        for table, name in zip(tables, names, strict=True):
            table.frame.to_excel(writer, sheet_name=name, index=False)
        for sheet in writer.sheets.values():
            for column in sheet.columns:
                width = max((len(str(c.value)) for c in column if c.value is not None),
                            default=8)
                sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    return target


def _sources_sheet(tables: list[RegisteredTable], names: list[str], title: str) -> pd.DataFrame:
    rows: list[list[str]] = [[title or "sahel_analysis report tables", "", ""], ["", "", ""],
                             ["Sheet", "Table", "Source"]]
    rows += [[name, t.caption, t.source] for name, t in zip(names, tables, strict=True)]
    rows += [["", "", ""], ["Data source", "Licence", "Attribution"]]
    rows += [list(item) for item in LICENCES]
    rows += [["", "", ""], ["Term", "Definition", ""]]
    rows += [[term, text, ""] for term, text in DEFINITIONS]
    rows += [["", "", ""], ["Note", "Values are as computed, before rounding for display. "
                            "ACLED data are never included.", ""]]
    return pd.DataFrame(rows)
