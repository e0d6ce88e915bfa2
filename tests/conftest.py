"""Shared fixtures: the mirror of upstream snapshots and small fixture frames."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
MIRROR = ROOT.parent / "shared" / "data"

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The folder of upstream snapshots (laid out like shared/data)."""
    if not MIRROR.is_dir():
        pytest.skip(f"upstream mirror {MIRROR} not present")
    return MIRROR


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
