import datetime as dt
import io
import zipfile

import pytest

from sahel_analysis.sources import discovery
from sahel_analysis.sources.discovery import base_url, discover, known_releases
from tests.conftest import ged_csv

TODAY = dt.date(2026, 3, 10)
MANIFEST = {"tables": {"events": {"inputs": [
    {"file": "ucdp_ged_sahel/Mali.csv"}, {"file": "ucdp_ged/GEDEvent_v26_0_1.csv"}]},
    "fatalities": {"inputs": [{"file": "ucdp_orgvio_cy/organizedviolencecy_v25_1.csv"}]},
    "conflicts": {"inputs": [{"file": "ucdp_acd/UcdpPrioConflict_v25_1.csv"},
                             {"file": "ucdp_nonstate/ucdp-nonstate-221.csv"}]},
    "indicators": {"sources": [{"version": "update of 2026-07-01 (325 featured indicators)"}]}}}


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def row(day: str, event_id: int) -> dict:
    return {"id": event_id, "date_start": day}


def test_base_url_env_override(monkeypatch):
    monkeypatch.delenv("SAHEL_ANALYSIS_UCDP_URL", raising=False)
    assert base_url("ucdp") == "https://ucdp.uu.se/downloads"
    monkeypatch.setenv("SAHEL_ANALYSIS_UCDP_URL", "http://mirror.example/ucdp/")
    assert base_url("ucdp") == "http://mirror.example/ucdp"


def test_known_releases_from_manifest_inputs():
    known = known_releases(MANIFEST)
    assert known["ged_final"] == {"24.1"} and known["candidate_monthly"] == {"26.0.1"}
    assert known["orgvio"] == {"25.1"} and known["nonstate"] == {"22.1"}


def test_discovery_picks_the_newest_releases(publishers):
    publishers.put("ucdp/ged/ged251-csv.zip", zipped("GEDEvent_v25_1.csv", ged_csv([])))
    publishers.put("ucdp/candidateged/GEDEvent_v25_01_25_11.csv", ged_csv([]))
    publishers.put("ucdp/candidateged/GEDEvent_v25_01_25_12.csv", ged_csv([]))
    publishers.put("ucdp/candidateged/GEDEvent_v26_0_1.csv", ged_csv([]))
    publishers.put("ucdp/candidateged/GEDEvent_v26_0_2.csv", ged_csv([]))
    # no GEDEvent_v26_0_3.csv: the March release does not exist yet (404)
    found = discover(MANIFEST, TODAY)
    versions = {(r.series, r.version) for r in found.new}
    assert versions == {("ged_final", "25.1"), ("candidate_cumulative", "25.01.25.12"),
                        ("candidate_monthly", "26.0.2")}
    final = next(r for r in found.new if r.series == "ged_final")
    assert final.member == "GEDEvent_v25_1.csv" and final.url.startswith(publishers.url)
    monthly = next(r for r in found.new if r.series == "candidate_monthly")
    assert monthly.months == ("2026-02",)
    assert found.failed == {} and publishers.downloads() == []  # HEAD requests only
    assert found.probes < 40


def test_stable_address_changed_file(publishers):
    publishers.put("owid/deaths-in-armed-conflicts.csv", b"Entity,Year\nMali,2025\n")
    first = [r for r in discover(MANIFEST, TODAY).new if r.series == "owid"]
    assert len(first) == 1 and first[0].stamp
    recorded = {"tables": {**MANIFEST["tables"], "owid_deaths": {"releases": [
        first[0].as_dict()]}}}
    assert not [r for r in discover(recorded, TODAY).new if r.series == "owid"]
    publishers.put("owid/deaths-in-armed-conflicts.csv", b"Entity,Year\nMali,2025\nMali,2026\n")
    assert [r for r in discover(recorded, TODAY).new if r.series == "owid"]


def test_slow_publisher_is_reported_not_fatal(publishers):
    publishers.delay = 1.0
    found = discover(MANIFEST, TODAY, timeout=0.2)
    assert set(found.failed) == {"ucdp", "owid", "worldbank"}
    assert "did not answer" in found.failed["ucdp"]


@pytest.mark.parametrize("version, year", [("24.1", 2023), ("25.1", 2024)])
def test_final_coverage_year(version, year):
    assert discovery.final_coverage_year(version) == year
