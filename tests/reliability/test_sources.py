"""Fault cases of the downloads: offline, no cache, a changed mirror file, a bad ACLED answer."""

from __future__ import annotations

import hashlib

import pytest

from sahel_analysis import config
from sahel_analysis.exceptions import DataIntegrityError, DataUnavailableError
from sahel_analysis.sources import http
from sahel_analysis.sources.base import RemoteFile, fetch
from tests.reliability.helpers import expect


def _offline(url, target, timeout):
    raise DataUnavailableError(f"{url} did not answer (ConnectionError)")


@pytest.fixture
def no_mirror(tmp_path, monkeypatch):
    """An empty download cache and no mirror."""
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(config.MIRROR_ENV, raising=False)
    config.set_mirror(None)


def test_offline_refresh_keeps_the_cache(no_mirror, monkeypatch):
    payload = b"Date,Price\n2020-01,1.0\n"
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv",
                        hashlib.sha256(payload).hexdigest())

    def online(url, target, timeout):
        target.write_bytes(payload)
        return target

    monkeypatch.setattr(http, "download", online)
    cached = fetch(remote)
    monkeypatch.setattr(http, "download", _offline)
    expect(DataUnavailableError, "kept", fetch, remote, verify=False, refresh=True)
    assert cached.read_bytes() == payload, "cache lost"


def test_offline_without_cache(no_mirror, monkeypatch):
    monkeypatch.setattr(http, "download", _offline)
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    expect(DataUnavailableError, "--mirror", fetch, remote)


def test_mirror_hash_mismatch(tmp_path, monkeypatch):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "monthly.csv").write_text("changed", encoding="utf-8")
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    monkeypatch.setenv(config.MIRROR_ENV, str(tmp_path))
    config.set_mirror(None)
    expect(DataIntegrityError, "sha256", fetch, remote)
