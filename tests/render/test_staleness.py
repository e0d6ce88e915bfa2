import datetime as dt

import pytest

from sahel_analysis.cli import EXIT_OK, EXIT_STALE, main
from sahel_analysis.data import data_age_days, newest_data
from sahel_analysis.render.runner import JobResult
from sahel_analysis.render.staleness import stale_reports

TABLES = {
    "events": {"coverage": {"first": "1989-01-01", "last": "2026-01-31"}},
    "fatalities": {"coverage": {"first": "1989", "last": "2024"}},
    "arms_deliveries": {"coverage": {"first": "2000", "last": "2023"}},
    "timeline": {},
}


def result(report, **parameters):
    return JobResult(report, report, report, parameters, "fresh")


def test_newest_data_is_the_newest_coverage_end():
    assert newest_data(["fatalities", "events", "timeline"], TABLES) == dt.date(2026, 1, 31)
    assert newest_data(["arms_deliveries"], TABLES) == dt.date(2023, 12, 31)
    assert newest_data(["timeline"], TABLES) is None
    assert data_age_days(["events"], "2026-03-02", TABLES) == 30


def test_stale_reports_uses_tables_read_and_as_of():
    today = dt.date(2026, 3, 2)
    results = [result("briefing", as_of="latest"), result("displacement")]
    tables = {**TABLES, "displacement": {"coverage": {"last": "2025"}},
              "indicators": {"coverage": {"last": "2025"}}}
    stale = stale_reports(results, 45, today, tables)
    assert [s.slug for s in stale] == ["displacement"] and stale[0].age_days == 61
    assert stale_reports(results, None, today, tables) == []
    as_of = [result("briefing", as_of="2026-02-15")]
    assert stale_reports(as_of, 10, today, tables)[0].age_days == 15


@pytest.mark.slow
def test_render_exits_4_with_stale_data(tiny_catalog, capsys):
    argv = ["render", "tiny", "--format", "html", "--workers", "1", "--quiet",
            "--output-dir", str(tiny_catalog["out"])]
    assert main([*argv, "--max-data-age", "30", "--archive"]) == EXIT_STALE
    assert "STALE tiny" in capsys.readouterr().err
    assert (tiny_catalog["out"] / "tiny.html").is_file()  # still rendered
    assert list((tiny_catalog["out"] / "archive").glob("*/tiny.html"))  # dated copy
    assert main([*argv, "--max-data-age", "100000"]) == EXIT_OK
    assert main(argv) == EXIT_OK
