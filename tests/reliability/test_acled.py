"""Fault cases of the ACLED client: a server answering HTML, odd JSON or odd values.

Each ends in an AcledError saying what ACLED sent (so `update --acled` names the source as
failed, keeps the cached events and renders the rest), never a JSONDecodeError or KeyError.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sahel_analysis import config
from sahel_analysis.exceptions import AcledError
from sahel_analysis.sources import acled_api
from tests.reliability.helpers import expect

GOOD_TOKEN = {"access_token": "t", "refresh_token": "r", "expires_in": 86400}
ROW = {"event_id_cnty": "MLI1", "event_date": "2025-01-10", "time_precision": "1",
       "country": "Mali", "admin1": "Mopti", "admin2": "Djenne", "latitude": "14.1",
       "longitude": "-4.3", "geo_precision": "2", "event_type": "Battles",
       "sub_event_type": "Armed clash", "actor1": "Military Forces of Mali (2021-)",
       "actor2": "JNIM", "inter1": "State forces", "inter2": "Rebel group", "fatalities": "2"}
HTML = b"<html><body>Service temporarily unavailable</body></html>"


def _page(*rows: dict) -> bytes:
    return json.dumps({"status": 200, "success": True, "count": len(rows),
                       "data": list(rows)}).encode()


@pytest.fixture
def acled_site(tmp_path, monkeypatch):
    """A fake ACLED on 127.0.0.1 answering `site["token"]` and `site["read"]` (bytes)."""
    site = {"token": json.dumps(GOOD_TOKEN).encode(), "read": _page(ROW)}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self._answer(site["token"])

        def do_GET(self):
            self._answer(site["read"])

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    monkeypatch.setenv("SAHEL_ANALYSIS_ACLED_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(acled_api.EMAIL_ENV, "analyst@example.org")
    monkeypatch.setenv(acled_api.PASSWORD_ENV, "secret")
    yield site
    server.shutdown()
    server.server_close()


# name: (endpoint, what it answers, words of the message)
ANSWERS = {
    "token_html": ("token", HTML, "not JSON"),
    "token_without_access_token": ("token", b'{"token_type": "Bearer"}', "access_token"),
    "token_a_list": ("token", b'["t"]', "access_token"),
    "token_expiry_not_a_number": ("token", json.dumps({**GOOD_TOKEN, "expires_in": "soon"})
                                  .encode(), "expires_in"),
    "read_html": ("read", HTML, "not JSON"),
    "read_without_data": ("read", b'{"status": 200, "success": true}', "'data'"),
    "read_data_not_a_list": ("read", b'{"data": "none"}', "'data'"),
    "read_rows_not_tables": ("read", b'{"data": [1, 2]}', "'data'"),
    "row_without_fatalities": ("read", _page({k: v for k, v in ROW.items()
                                              if k != "fatalities"}), "fatalities"),
    "fatalities_not_a_number": ("read", _page({**ROW, "fatalities": "many"}), "many"),
    "fatalities_missing_value": ("read", _page({**ROW, "fatalities": None}), "fatalities"),
    "latitude_not_a_number": ("read", _page({**ROW, "latitude": "north"}), "north"),
    "date_not_a_date": ("read", _page({**ROW, "event_date": "yesterday"}), "yesterday"),
}


@pytest.mark.parametrize("case", list(ANSWERS))
def test_odd_answer_is_an_acled_error(case, acled_site):
    endpoint, body, words = ANSWERS[case]
    acled_site[endpoint] = body
    message = expect(AcledError, words, acled_api.fetch, start="2025-01-01", end="2025-12-31")
    assert "\n" not in message and "ACLED" in message, message


def test_update_names_acled_failed_and_goes_on(acled_site):
    from sahel_analysis.update import _fetch_acled

    acled_site["read"] = HTML
    said: list[str] = []
    outcome = _fetch_acled(said.append)
    assert outcome.startswith("failed:") and "not JSON" in outcome, outcome
    assert said and "kept the cached events" in said[0]


def test_good_answer_is_cached(acled_site):
    path = acled_api.fetch(start="2025-01-01", end="2025-12-31")
    assert len(acled_api.cached_events()) == 1 and path.is_file()
