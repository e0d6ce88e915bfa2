import json
import time

import pandas as pd
import pytest

from sahel_analysis import config
from sahel_analysis.cli import main
from sahel_analysis.sources.base import sha256_of
from sahel_analysis.update import refresh
from tests.conftest import ged_csv
from tests.fixtures.catalog import write_notebook as _write

FEBRUARY = "ucdp/candidateged/GEDEvent_v26_0_2.csv"
IDS = [990000001, 990000002, 990000003]


@pytest.fixture
def february(publishers):
    rows = [{"id": i, "date_start": f"2026-02-{d:02d}"} for i, d in
            zip(IDS, (3, 11, 20), strict=True)]
    publishers.put(FEBRUARY, ged_csv(rows))
    return publishers


def test_dry_run_downloads_nothing(data_copy, february):
    before = sha256_of(data_copy / "manifest.json")
    result = refresh(dry_run=True)
    assert [(r.series, r.version) for r in result.discovery.new] == [
        ("candidate_monthly", "26.0.2")]
    assert february.downloads() == [] and sha256_of(data_copy / "manifest.json") == before


def test_refresh_adds_the_new_month_once(data_copy, february):
    rows = len(pd.read_parquet(data_copy / "events.parquet"))
    result = refresh()
    assert result.tables_changed == ["events"] and february.downloads() == ["/" + FEBRUARY]
    events = pd.read_parquet(data_copy / "events.parquet")
    added = events[events["event_id"].isin(IDS)]
    assert len(events) == rows + 3 and added["preliminary"].all()
    assert set(added["source_version"]) == {"Candidate 26.0.2"}
    entry = json.loads((data_copy / "manifest.json").read_text())["tables"]["events"]
    assert entry["coverage"]["last"] == "2026-02-20"
    assert {"series": "candidate_monthly", "version": "26.0.2"}.items() <= \
        entry["releases"][-1].items()
    again = refresh()
    assert again.discovery.new == [] and again.tables_changed == []
    assert len(pd.read_parquet(data_copy / "events.parquet")) == rows + 3


def test_unreachable_publisher_keeps_the_data(data_copy, publishers, monkeypatch):
    monkeypatch.setenv("SAHEL_ANALYSIS_UCDP_URL", "http://127.0.0.1:9/ucdp")
    hashes = {p.name: sha256_of(p) for p in data_copy.iterdir()}
    result = refresh(timeout=1)
    assert "ucdp" in result.as_dict()["failed_sources"]
    assert {p.name: sha256_of(p) for p in data_copy.iterdir()} == hashes


CATALOG = """
[briefing]
title = "Briefing (test notebook)"
notebook = "briefing.ipynb"
parameters = "BriefingParameters"
default_run = [{ as_of = "latest" }]

[displacement]
title = "Displacement (test notebook)"
notebook = "displacement.ipynb"
parameters = "CountriesPeriodParameters"
default_run = [{}]
"""


def use_tiny_catalog(folder, monkeypatch) -> None:
    """Write the briefing + displacement catalog into `folder` and render from it."""
    folder.mkdir()
    (folder / "catalog.toml").write_text(CATALOG)
    _write(folder, "briefing", 'as_of = "latest"', [("code", "as_of")])
    _write(folder, "displacement", 'start = "2012"\nend = "2025"\ncountries = ["MLI"]',
           [("code", "start")])
    monkeypatch.setenv(config.NOTEBOOKS_ENV, str(folder))


@pytest.mark.slow
def test_update_twice(data_copy, february, tmp_path, monkeypatch, capsys):
    use_tiny_catalog(tmp_path / "notebooks", monkeypatch)
    out = tmp_path / "reports"
    argv = ["update", "--json", "--format", "html", "--workers", "1", "--output-dir", str(out)]
    monkeypatch.setenv("SAHEL_ANALYSIS_OWID_URL", "http://127.0.0.1:9/owid")  # unreachable
    assert main(["render", "--format", "html", "--workers", "1", "--quiet",
                 "--output-dir", str(out)]) == 0
    assert main(argv) == 0
    captured = capsys.readouterr()
    first = json.loads(captured.out)
    assert "FAIL owid" in captured.err  # named on stderr even with --json
    assert first["refresh"]["tables_changed"] == ["events"]
    assert "owid" in first["refresh"]["failed_sources"]
    assert first["reports"] == {"fresh": ["briefing"], "reused": ["displacement"], "failed": []}
    assert (out / "archive" / "2026-02" / "briefing.html").is_file()
    assert "2026-02" in (out / "index.html").read_text()
    started = time.perf_counter()
    assert main(argv) == 0
    second = json.loads(capsys.readouterr().out)
    assert time.perf_counter() - started < 1.0
    assert second["refresh"]["tables_changed"] == [] and second["reports"]["fresh"] == []
    assert second["archived"] == []


OWID_HEADER = b"Entity,Code,Year,Best estimate,Low estimate,High estimate\n"


def test_changed_file_at_a_stable_address_rebuilds_its_table(data_copy, publishers):
    publishers.put("owid/deaths-in-armed-conflicts.csv", OWID_HEADER + b"Mali,MLI,2026,10,8,12\n")
    result = refresh()
    assert result.tables_changed == ["owid_deaths"]
    assert pd.read_parquet(data_copy / "owid_deaths.parquet")["deaths_best"].tolist() == [10]
    assert refresh().discovery.new == []  # the validators were recorded
    publishers.put("owid/deaths-in-armed-conflicts.csv",
                   OWID_HEADER + b"Mali,MLI,2026,10,8,12\nNiger,NER,2026,3,3,4\n")
    assert refresh().tables_changed == ["owid_deaths"]


def test_refresh_refuses_a_read_only_data_folder(data_copy, february, monkeypatch):
    from sahel_analysis import update
    from sahel_analysis.exceptions import OutputNotWritableError

    monkeypatch.setattr(update.os, "access", lambda path, mode: False)  # tests may run as root
    with pytest.raises(OutputNotWritableError, match="SAHEL_ANALYSIS_DATA_DIR"):
        refresh()


def test_new_wdi_update_is_fetched_from_the_api(data_copy, publishers):
    from sahel_analysis.sources import wdi
    from tests.conftest import WDI_SOURCE

    publishers.put("worldbank/sources/2", WDI_SOURCE % b"2026-10-15")
    for code, name in wdi.INDICATORS.items():
        rows = [{"indicator": {"id": code.upper(), "value": name},
                 "country": {"id": "ML", "value": "Mali"}, "countryiso3code": "MLI",
                 "date": str(year), "value": float(year - 2000)} for year in (2024, 2025)]
        rows.append({**rows[0], "countryiso3code": "", "country": {"id": "1A",
                                                                     "value": "Arab World"}})
        meta = {"page": 1, "pages": 1, "per_page": 20000, "total": len(rows)}
        publishers.put(f"worldbank/country/all/indicator/{code.upper()}",
                       json.dumps([meta, rows]).encode())
    result = refresh()
    assert result.tables_changed == ["indicators"]
    table = pd.read_parquet(data_copy / "indicators.parquet")
    assert len(table) == 2 * len(wdi.INDICATORS) and set(table["country_iso3"]) == {"MLI"}
    assert refresh().discovery.new == []


@pytest.mark.slow
def test_update_goes_on_after_a_refused_release(data_copy, publishers, tmp_path, monkeypatch,
                                                capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "catalog.toml").write_text(CATALOG.split("[displacement]")[0])
    _write(folder, "briefing", 'as_of = "latest"', [("code", "as_of")])
    monkeypatch.setenv(config.NOTEBOOKS_ENV, str(folder))
    rows = [{"id": i, "date_start": "2026-02-03", "latitude": 95.0} for i in IDS]
    publishers.put(FEBRUARY, ged_csv(rows))  # latitude outside the events schema
    before = sha256_of(data_copy / "events.parquet")
    argv = ["update", "--json", "--format", "html", "--workers", "1", "--no-archive",
            "--output-dir", str(tmp_path / "reports")]
    assert main(argv) == 0
    captured = capsys.readouterr()
    summary = json.loads(captured.out)
    why = summary["refresh"]["failed_sources"]["ucdp candidate_monthly 26.0.2"]
    assert "Candidate 26.0.2 refused" in why and "latitude" in why
    assert "FAIL ucdp candidate_monthly 26.0.2" in captured.err
    assert summary["reports"]["fresh"] == ["briefing"] and summary["reports"]["failed"] == []
    assert sha256_of(data_copy / "events.parquet") == before
