"""Shared fixtures: the mirror of upstream snapshots and small fixture frames."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
# the upstream snapshots: $SAHEL_ANALYSIS_MIRROR if set, else ../shared/data beside the checkout
MIRROR = Path(os.environ.get("SAHEL_ANALYSIS_MIRROR") or ROOT.parent / "shared" / "data")

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The folder of upstream snapshots (laid out like shared/data)."""
    if not MIRROR.is_dir():
        pytest.skip(f"upstream mirror {MIRROR} not present (set SAHEL_ANALYSIS_MIRROR to a folder "
                    "laid out like shared/data)")
    return MIRROR


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the embedded data folder that the test may change."""
    import shutil

    from sahel_analysis import config

    folder = tmp_path / "data"
    shutil.copytree(config.data_dir(), folder)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def use_mirror(mirror, monkeypatch):
    """Make every fetch read from the mirror."""
    monkeypatch.setenv("SAHEL_ANALYSIS_MIRROR", str(mirror))
    from sahel_analysis import config

    config.set_mirror(None)
    return mirror


def make_events(rows: list[dict]) -> pd.DataFrame:
    """Build a small events frame with the harmonised columns (defaults for the rest)."""
    defaults = {
        "event_id": 0, "date": pd.Timestamp("2020-01-01"), "country_iso3": "MLI",
        "admin1": "Mopti region", "latitude": 14.5, "longitude": -4.2,
        "violence_type": "state_based", "side_a": "Government of Mali", "side_b": "JNIM",
        "deaths_best": 1, "deaths_low": 1, "deaths_high": 1, "deaths_civilians": 0,
        "deaths_a": 0, "deaths_b": 0, "deaths_unknown": 0, "place": "Test village",
        "preliminary": False, "source_version": "GED final (test)",
    }
    frame = pd.DataFrame([{**defaults, "event_id": i, **row} for i, row in enumerate(rows)])
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["year"] = frame["date"].dt.year
    return frame


from sahel_analysis.sources.ucdp_ged import _KEEP as GED_COLUMNS  # noqa: E402  the GED layout


def ged_csv(rows: list[dict]) -> bytes:
    """Return a small file in UCDP's GED/Candidate layout (test fixture rows only)."""
    defaults = {"relid": "x", "code_status": "Clear", "type_of_violence": 1,
                "conflict_name": "Mali: Government", "dyad_name": "Government of Mali - JNIM",
                "side_a": "Government of Mali", "side_b": "JNIM", "where_prec": 1,
                "where_coordinates": "Test village",
                "adm_1": "Mopti region", "adm_2": "", "latitude": 14.5, "longitude": -4.2,
                "country_id": 432, "date_prec": 1, "deaths_a": 0, "deaths_b": 1,
                "deaths_civilians": 0, "deaths_unknown": 0, "best": 1, "high": 1, "low": 1}
    if not rows:
        return (",".join(GED_COLUMNS) + "\n").encode()
    frame = pd.DataFrame([{**defaults, **row} for row in rows])
    frame["date_end"] = frame.get("date_end", frame["date_start"])
    frame["year"] = frame["date_start"].str.slice(0, 4).astype(int)
    return frame[GED_COLUMNS].to_csv(index=False).encode()


WDI_SOURCE = b'[{"page": 1, "pages": 1, "total": 1}, [{"id": "2", "lastupdated": "%s"}]]'


class FakePublishers:
    """A local HTTP server laid out like the publishers' sites (files written by the tests)."""

    def __init__(self, root: Path):
        self.root = root
        self.requests: list[tuple[str, str]] = []
        self.delay = 0.0
        self.url = ""

    def put(self, path: str, data: bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def downloads(self) -> list[str]:
        """Return the GET requests, except the World Bank's one-line metadata request."""
        return [path for method, path in self.requests
                if method == "GET" and not path.startswith("/worldbank/sources/")]


@pytest.fixture
def publishers(tmp_path, monkeypatch):
    """Serve fake publisher sites on 127.0.0.1 and point every base-URL variable at them."""
    import functools
    import threading
    import time
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = FakePublishers(tmp_path / "site")
    site.root.mkdir()
    site.put("worldbank/sources/2", WDI_SOURCE % b"2026-07-01")

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _record(self):
            site.requests.append((self.command, self.path))
            if site.delay:
                time.sleep(site.delay)

        def do_HEAD(self):
            self._record()
            super().do_HEAD()

        def do_GET(self):
            self._record()
            super().do_GET()

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Handler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    for name in ("UCDP", "OWID", "UNHCR", "WORLDBANK", "ACLED"):
        monkeypatch.setenv(f"SAHEL_ANALYSIS_{name}_URL", f"{site.url}/{name.lower()}")
    monkeypatch.setenv("SAHEL_ANALYSIS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("SAHEL_ANALYSIS_MIRROR", raising=False)
    from sahel_analysis import config

    config.set_mirror(None)
    yield site
    server.shutdown()
    server.server_close()
