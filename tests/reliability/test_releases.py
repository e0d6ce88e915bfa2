"""Faults of the download path: malformed, partial, hostile or slow UCDP releases.

Each case serves a release from a fake publisher on 127.0.0.1 and checks that the data
folder keeps its history, the release is named in a clear error, and nothing bad is cached.
"""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest

from sahel_analysis import config
from sahel_analysis.cli import main
from sahel_analysis.exceptions import DataUnavailableError, InvalidArgumentError
from sahel_analysis.sources import base, http
from sahel_analysis.update import refresh
from tests.conftest import WDI_SOURCE, ged_csv

FEBRUARY = "/ucdp/candidateged/GEDEvent_v26_0_2.csv"
FINAL_ZIP = "/ucdp/ged/ged251-csv.zip"
FINAL_MEMBER = "GEDEvent_v25_1.csv"
IDS = [990000001, 990000002, 990000003]
FEBRUARY_ROWS = [{"id": i, "date_start": f"2026-02-{d:02d}"}
                 for i, d in zip(IDS, (3, 11, 20), strict=True)]


class Site:
    """Files served by path; a path may stall before answering or trickle its body."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.stall: dict[str, float] = {}
        self.trickle: dict[str, tuple[int, float]] = {}  # path -> (bytes per write, pause)
        self.slow_headers: dict[str, float] = {}  # path -> pause between header bytes
        self.url = ""
        self.gets: list[str] = []


@pytest.fixture
def site(data_copy, tmp_path, monkeypatch):
    """A fake publisher on 127.0.0.1 (every base-URL variable points at it)."""
    served = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _head(self) -> bytes | None:
            body = served.files.get(self.path)
            if body is not None and self.path in served.slow_headers:
                raw = f"HTTP/1.0 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                for index in range(len(raw)):
                    self.wfile.write(raw[index:index + 1])
                    self.wfile.flush()
                    time.sleep(served.slow_headers[self.path])
                return body
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return body

        def do_HEAD(self):
            self._head()

        def do_GET(self):
            served.gets.append(self.path)
            time.sleep(served.stall.get(self.path, 0))
            body = self._head()
            if body is None:
                return
            size, pause = served.trickle.get(self.path, (len(body) or 1, 0))
            try:
                for start in range(0, len(body), size):
                    self.wfile.write(body[start:start + size])
                    self.wfile.flush()
                    time.sleep(pause)
            except OSError:
                pass  # the client gave up

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    for name in ("UCDP", "OWID", "UNHCR", "WORLDBANK", "ACLED"):
        monkeypatch.setenv(f"SAHEL_ANALYSIS_{name}_URL", f"{served.url}/{name.lower()}")
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(config.MIRROR_ENV, raising=False)
    config.set_mirror(None)
    yield served
    server.shutdown()
    server.server_close()


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def events(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "events.parquet")


def coverage(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())["tables"]["events"]["coverage"]


def cached(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "cache").rglob("*") if p.is_file())


def test_a_stray_row_outside_the_declared_month_is_set_aside(site, data_copy):
    june = events(data_copy)
    june = june[june["preliminary"] & (june["date"].dt.strftime("%Y-%m") == "2021-06")]
    stray = {"id": 990000009, "date_start": "2021-06-15"}
    site.files[FEBRUARY] = ged_csv([*FEBRUARY_ROWS, stray])
    with pytest.warns(UserWarning, match="set aside"):
        result = refresh()
    after = events(data_copy)
    kept = after[after["preliminary"] & (after["date"].dt.strftime("%Y-%m") == "2021-06")]
    assert len(june) == 133 and sorted(kept["event_id"]) == sorted(june["event_id"])
    assert 990000009 not in set(after["event_id"]) and set(IDS) <= set(after["event_id"])
    assert [(s.added, s.set_aside) for s in result.events] == [(3, 1)]
    assert result.as_dict()["events"][0]["set_aside"] == 1


def test_a_partial_final_release_is_refused_and_not_cached(site, data_copy, mirror, tmp_path):
    partial = pd.read_csv(mirror / "ucdp_ged_sahel" / "Mali.csv", index_col=False,
                          low_memory=False).head(139)
    site.files[FINAL_ZIP] = zipped(FINAL_MEMBER, partial.to_csv(index=False).encode())
    before = events(data_copy)
    result = refresh()
    why = result.failed["ucdp ged_final 25.1"]
    assert "GED final 25.1 refused" in why and "--accept-shrinking" in why
    assert "final events of BFA" in why and "final events of NER" in why and "MLI" in why
    assert events(data_copy).equals(before) and result.tables_changed == []
    assert FINAL_MEMBER not in cached(tmp_path) and "ged251-csv.zip" not in cached(tmp_path)
    taken = refresh(accept_shrinking=True)  # the user's explicit choice
    assert taken.tables_changed == ["events"]
    assert len(events(data_copy)) < len(before)


def test_an_html_error_page_is_not_cached(site, data_copy, tmp_path):
    site.files[FEBRUARY] = b"<html><body><h1>503 Service busy</h1></body></html>"
    first = refresh()
    assert "not in the UCDP GED layout" in first.failed["ucdp candidate_monthly 26.0.2"]
    assert "GEDEvent_v26_0_2.csv" not in cached(tmp_path)
    site.files[FEBRUARY] = ged_csv(FEBRUARY_ROWS)  # the publisher serves the right file
    second = refresh()
    assert second.failed == {} and second.tables_changed == ["events"]
    assert set(IDS) <= set(events(data_copy)["event_id"])


def test_an_event_after_the_release_date_is_refused(site, data_copy):
    last = coverage(data_copy)["last"]
    site.files[FEBRUARY] = ged_csv([*FEBRUARY_ROWS, {"id": 990000010,
                                                     "date_start": "2027-03-01"}])
    result = refresh()
    why = result.failed["ucdp candidate_monthly 26.0.2"]
    assert "Candidate 26.0.2 refused" in why and "990000010" in why and "2027-03-01" in why
    assert coverage(data_copy)["last"] == last and result.tables_changed == []


@pytest.mark.parametrize("row, words", [
    ({"id": 990000011, "date_start": "2026-02-12", "best": "many"}, ["best", "'many'"]),
    ({"id": 990000012, "date_start": "2026-02-12", "deaths_b": -4}, ["negative deaths"]),
    ({"id": 990000013, "date_start": "2026-02-30"}, ["impossible date", "2026-02-30"]),
    ({"id": 990000014, "date_start": "2026-02-12", "latitude": 95.0}, ["schema", "latitude"]),
])
def test_a_bad_row_refuses_the_release_naming_it(site, data_copy, tmp_path, row, words):
    site.files[FEBRUARY] = ged_csv([*FEBRUARY_ROWS, row])
    before = events(data_copy)
    result = refresh()
    why = result.failed["ucdp candidate_monthly 26.0.2"]
    assert "Candidate 26.0.2" in why and all(w in why for w in words), why
    if "schema" not in words:
        assert str(row["id"]) in why  # the row is named
    assert events(data_copy).equals(before)
    assert "GEDEvent_v26_0_2.csv" not in cached(tmp_path)


def test_a_truncated_zip_is_a_clear_error(site, data_copy, tmp_path):
    whole = zipped(FINAL_MEMBER, ged_csv([{"id": 1, "date_start": "2024-05-01"}]))
    site.files[FINAL_ZIP] = whole[: len(whole) // 2]
    result = refresh()
    assert "damaged or cut short" in result.failed["ucdp ged_final 25.1"]
    assert cached(tmp_path) == []


def test_a_zip_bomb_is_stopped(site, data_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(base, "MAX_MEMBER_BYTES", 1_000_000)
    site.files[FINAL_ZIP] = zipped(FINAL_MEMBER, b"0" * 5_000_000)  # 5 MB inflate from ~5 kB
    result = refresh()
    why = result.failed["ucdp ged_final 25.1"]
    assert "zip bomb" in why and FINAL_MEMBER in why
    assert cached(tmp_path) == []


def test_a_stalling_server_ends_within_the_timeout(site, data_copy):
    site.files[FEBRUARY] = ged_csv(FEBRUARY_ROWS)
    site.stall[FEBRUARY] = 3.0  # longer than --timeout, shorter than a 30 s default
    result = refresh(timeout=1)
    assert "did not answer in time" in result.failed["ucdp candidate_monthly 26.0.2"]
    assert result.tables_changed == []


def test_a_trickling_server_is_abandoned(site, data_copy):
    site.files[FEBRUARY] = ged_csv(FEBRUARY_ROWS)
    site.trickle[FEBRUARY] = (20, 0.1)  # 200 bytes/s: each read in time, the file never
    result = refresh(timeout=1)
    why = result.failed["ucdp candidate_monthly 26.0.2"]
    assert "sent only" in why and "bytes/s" in why
    assert not set(IDS) & set(events(data_copy)["event_id"])


def test_a_slow_body_is_bounded_in_total(site, tmp_path, monkeypatch):
    monkeypatch.setattr(http, "MIN_RATE", 1)
    monkeypatch.setattr(http, "TOTAL_FACTOR", 2)  # the whole file gets 2 x timeout
    site.files["/f.csv"] = b"x" * 100
    site.trickle["/f.csv"] = (10, 0.3)
    with pytest.raises(http.DownloadTooSlowError, match="did not arrive within"):
        http.download(f"{site.url}/f.csv", tmp_path / "f.csv", timeout=1)
    assert not (tmp_path / "f.csv").exists()


def test_a_server_trickling_its_headers_is_abandoned(site, tmp_path):
    site.files["/f.csv"] = b"x" * 100
    site.slow_headers["/f.csv"] = 0.1  # ~40 header bytes: 4 s, each byte well in time
    with pytest.raises(http.DownloadTooSlowError, match="headers"):
        http.download(f"{site.url}/f.csv", tmp_path / "f.csv", timeout=0.5)


def test_discovery_abandons_a_probe_trickling_its_headers(site, data_copy):
    site.files[FEBRUARY] = ged_csv(FEBRUARY_ROWS)
    site.slow_headers[FEBRUARY] = 0.1
    result = refresh(timeout=0.5)
    assert "headers" in result.as_dict()["failed_sources"]["ucdp"]
    assert result.tables_changed == []


def test_world_bank_body_is_bounded(site, data_copy):
    from sahel_analysis.sources import worldbank_api

    site.files["/worldbank/sources/2?format=json"] = WDI_SOURCE % b"2026-07-01" + b" " * 2000
    site.trickle["/worldbank/sources/2?format=json"] = (20, 0.1)
    with pytest.raises(DataUnavailableError, match="sent only"):
        worldbank_api.last_updated(f"{site.url}/worldbank", timeout=1)


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf"), "10", True])
def test_refresh_timeout_must_be_a_positive_number(data_copy, value):
    with pytest.raises(InvalidArgumentError, match="positive number"):
        refresh(timeout=value, dry_run=True)


@pytest.mark.parametrize("argv", [["update", "--timeout", "0"],
                                  ["data", "refresh", "--timeout", "-2"],
                                  ["data", "refresh", "--timeout", "nan"],
                                  ["render", "--timeout", "0"]])
def test_cli_timeout_must_be_positive(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "positive number of seconds" in capsys.readouterr().err


def test_help_says_what_the_timeout_bounds(capsys):
    for argv, words in ((["update", "--help"], "per request"),
                        (["data", "refresh", "--help"], "per request"),
                        (["render", "--help"], "per cell")):
        with pytest.raises(SystemExit):
            main(argv)
        assert words in " ".join(capsys.readouterr().out.split())


def test_data_refresh_reports_a_refused_release_and_goes_on(site, data_copy, capsys):
    site.files[FEBRUARY] = ged_csv([*FEBRUARY_ROWS, {"id": 990000013,
                                                     "date_start": "2026-02-30"}])
    assert main(["data", "refresh", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "FAIL ucdp candidate_monthly 26.0.2: Candidate 26.0.2" in out
    assert "Traceback" not in out


def test_unreachable_download_keeps_the_message_short(site, tmp_path):
    with pytest.raises(DataUnavailableError, match="HTTP 404"):
        http.download(f"{site.url}/missing.csv", tmp_path / "x", timeout=1)


def test_an_html_page_at_a_stable_address_is_not_cached(site, data_copy, tmp_path):
    owid = "/owid/deaths-in-armed-conflicts.csv"
    site.files[owid] = b"<html><body><h1>Maintenance</h1></body></html>"
    first = refresh()
    failed = [why for name, why in first.failed.items() if name.startswith("owid")]
    assert failed and "was not used or cached" in failed[0], first.failed
    assert "deaths-in-armed-conflicts.csv" not in cached(tmp_path)
    site.files[owid] = (b"Entity,Code,Year,Best estimate,Low estimate,High estimate\n"
                        b"Mali,MLI,2026,10,8,12\n")
    second = refresh()
    assert second.tables_changed == ["owid_deaths"]
    assert pd.read_parquet(data_copy / "owid_deaths.parquet")["deaths_best"].tolist() == [10]


def test_data_refresh_prints_what_each_release_did(site, data_copy, capsys):
    site.files[FEBRUARY] = ged_csv([*FEBRUARY_ROWS, {"id": 990000009,
                                                     "date_start": "2021-06-15"}])
    with pytest.warns(UserWarning, match="set aside"):
        assert main(["data", "refresh", "--quiet"]) == 0
    assert "events Candidate 26.0.2: 3 added, 0 replaced, 1 set aside" in capsys.readouterr().out
