"""Each report lists every table it reads, so a change to that table re-renders it."""

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "sahel_analysis"
FUNCTION_TABLE = {"arms_transfers": "arms_deliveries", "acled_events": None, "newest_data": None,
                  "data_age_days": None, "manifest": None, "coverage": None,
                  "countries": None, "timeline_turn": "timeline"}
MAP_CALLS = re.compile(r"plots\.(map_small_multiples|event_map)|maps\.")
COMMON_READS = {"coverage_note": {"events"}, "monthly_and_yearly": {"events", "fatalities"},
                "event_coverage": {"events"}, "turns": {"timeline"},
                "russian_arrival": {"timeline"}}


def tables_called(source: str) -> set[str]:
    names = set()
    for function in re.findall(r"\bdata\.([a-z_]+)\(", source):
        table = FUNCTION_TABLE.get(function, function)
        if table:
            names.add(table)
    return names


@pytest.mark.parametrize("report", ["briefing", "country_profile", "displacement",
                                    "realignment", "regional_security"])
def test_tables_read_lists_every_table_the_report_reads(report):
    source = (ROOT / "reports" / f"{report}.py").read_text()
    needed = tables_called(source)
    for helper, tables in COMMON_READS.items():
        if f"common.{helper}(" in source:
            needed |= tables
    if MAP_CALLS.search(source):
        needed |= {"places", "boundaries"}
    listed = set(importlib.import_module(f"sahel_analysis.reports.{report}").TABLES_READ)
    assert needed <= listed, f"{report} reads {sorted(needed - listed)} without listing them"
