import json
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from sahel_analysis import config, data
from sahel_analysis.exceptions import (
    AcledAuthError,
    AcledCredentialsMissingError,
    AcledRateLimitError,
    DataUnavailableError,
)
from sahel_analysis.sources import acled_api


def acled_row(i: int, **extra) -> dict:
    row = {"event_id_cnty": f"MLI{i}", "event_date": f"2025-0{1 + i % 9}-10",
           "time_precision": "1", "country": "Mali", "admin1": "Mopti", "admin2": "Djenne",
           "latitude": "14.1", "longitude": "-4.3", "geo_precision": "2",
           "event_type": "Battles", "sub_event_type": "Armed clash",
           "actor1": "Military Forces of Mali (2021-)", "actor2": "JNIM",
           "inter1": "State forces", "inter2": "Rebel group", "fatalities": str(i % 3)}
    return {**row, **extra}


class FakeAcled:
    """A fake ACLED API: password and refresh grants, paged reads, expiring tokens."""

    def __init__(self, rows):
        self.rows, self.grants, self.valid, self.reads = rows, [], set(), 0
        self.expire_after_reads = None
        self.rate_limited = False


@pytest.fixture
def fake_acled(tmp_path, monkeypatch):
    site = FakeAcled([acled_row(i) for i in range(7)] + [acled_row(
        7, event_type="Violence against civilians", sub_event_type="Attack", inter2="Civilians",
        actor2="Civilians (Mali)", fatalities="4")])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, code, payload, headers=None):
            body = json.dumps(payload).encode()
            self.send_response(code)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            grant = form["grant_type"][0]
            site.grants.append(grant)
            if grant == "password" and form["password"] != ["right"]:
                return self._json(401, {"error": "invalid_grant"})
            token = f"token{len(site.grants)}"
            site.valid.add(token)
            self._json(200, {"access_token": token, "refresh_token": "refresh",
                             "expires_in": 86400, "token_type": "Bearer"})

        def do_GET(self):
            if site.rate_limited:
                return self._json(429, {"error": "too many"}, {"Retry-After": "60"})
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in site.valid:
                return self._json(401, {"error": "expired"})
            site.reads += 1
            if site.expire_after_reads and site.reads >= site.expire_after_reads:
                site.valid.discard(token)
            query = parse_qs(urlparse(self.path).query)
            limit, page = int(query["limit"][0]), int(query["page"][0])
            assert query["country"] == ["Mali:OR:Burkina Faso:OR:Niger"]
            chunk = site.rows[(page - 1) * limit: page * limit]
            self._json(200, {"status": 200, "success": True, "count": len(chunk),
                             "data": chunk})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("SAHEL_ANALYSIS_ACLED_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(acled_api.EMAIL_ENV, "analyst@example.org")
    monkeypatch.setenv(acled_api.PASSWORD_ENV, "right")
    yield site
    server.shutdown()
    server.server_close()


def read(page_size=3):
    return acled_api.AcledClient(prompt=False).read(["MLI", "BFA", "NER"], "2025-01-01",
                                                    "2025-12-31", page_size=page_size)


def test_paging_and_token_cache(fake_acled, tmp_path):
    raw = read()
    assert len(raw) == 8 and fake_acled.reads == 3  # pages of 3, 3, 2
    assert fake_acled.grants == ["password"]
    token_file = acled_api.cache_folder() / "token.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert "right" not in token_file.read_text() and "analyst" not in token_file.read_text()
    read()
    assert fake_acled.grants == ["password"]  # the cached token was reused


def test_expired_token_is_refreshed(fake_acled):
    fake_acled.expire_after_reads = 1
    assert len(read()) == 8
    assert fake_acled.grants[:2] == ["password", "refresh_token"]


def test_no_credentials(fake_acled, monkeypatch):
    monkeypatch.delenv(acled_api.EMAIL_ENV)
    with pytest.raises(AcledCredentialsMissingError, match="ACLED_EMAIL"):
        read()


def test_refused_credentials(fake_acled, monkeypatch):
    monkeypatch.setenv(acled_api.PASSWORD_ENV, "wrong")
    with pytest.raises(AcledAuthError, match="refused the credentials"):
        read()


def test_rate_limit(fake_acled):
    fake_acled.rate_limited = True
    with pytest.raises(AcledRateLimitError, match="after 60 seconds"):
        read()


def test_results_are_cached_as_events_never_in_data(fake_acled):
    with pytest.raises(DataUnavailableError, match="update --acled"):
        data.acled_events()
    path = acled_api.fetch(start="2025-01-01", end="2025-12-31")
    assert path.parent == acled_api.cache_folder()
    assert not str(path).startswith(str(config.data_dir()))
    events = data.events("MLI", source="acled")
    ucdp_columns = list(data.events("MLI", "2020", "2020").columns)
    assert list(events.columns) == ucdp_columns and len(events) == 8
    civilians = events[events["violence_type"] == "one_sided"]
    assert civilians["deaths_civilians"].tolist() == [4]
    assert set(events["violence_type"]) == {"state_based", "one_sided"}
    assert acled_api.cache_fingerprint() != "none"
