import hashlib

import pytest

from sahel_analysis import config
from sahel_analysis.exceptions import DataIntegrityError, DataUnavailableError, MirrorNotFoundError
from sahel_analysis.sources import REGISTRY, http
from sahel_analysis.sources.base import RemoteFile, fetch


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    monkeypatch.delenv(config.MIRROR_ENV, raising=False)
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    config.set_mirror(None)
    return tmp_path


def test_every_registered_file_is_in_the_mirror_with_its_hash(use_mirror):
    for source in REGISTRY.values():
        for name, remote in source.files.items():
            if remote.path.startswith("ucdp_ged_global"):
                continue  # the 250 MB global GED is fetched online only
            path = source.fetch(name)
            assert path.is_file()


def test_mirror_missing_file_says_where_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv(config.MIRROR_ENV, str(tmp_path))
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", None)
    with pytest.raises(MirrorNotFoundError, match="missing from the mirror"):
        fetch(remote)


def test_hash_mismatch_is_refused(tmp_path, monkeypatch):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "monthly.csv").write_text("Date,Price\n2020-01,1.0\n")
    monkeypatch.setenv(config.MIRROR_ENV, str(tmp_path))
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    with pytest.raises(DataIntegrityError, match="sha256"):
        fetch(remote)


def test_no_network_and_no_cache(isolated, monkeypatch):
    def offline(url, target, timeout):
        raise DataUnavailableError(f"{url} did not answer (network is unreachable).")

    monkeypatch.setattr(http, "download", offline)
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    with pytest.raises(DataUnavailableError, match="--mirror"):
        fetch(remote)


def test_download_is_hash_checked_and_cached(isolated, monkeypatch):
    payload = b"Date,Price\n2020-01,1560.7\n"
    digest = hashlib.sha256(payload).hexdigest()
    calls = []

    def fake_download(url, target, timeout):
        calls.append(url)
        target.write_bytes(payload)
        return target

    monkeypatch.setattr(http, "download", fake_download)
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", digest)
    first = fetch(remote)
    second = fetch(remote)
    assert first == second and first.read_bytes() == payload
    assert calls == [remote.url]  # second call served from the cache


def test_derived_files_need_a_mirror(isolated):
    remote = REGISTRY["unhcr"].files["population"]
    with pytest.raises(DataUnavailableError, match="conversion"):
        fetch(remote)


def test_refresh_discards_cache_and_accepts_a_new_release(isolated, monkeypatch):
    releases = iter([b"Date,Price\n2020-01,1.0\n", b"Date,Price\n2020-01,1.0\n2020-02,2.0\n"])

    def fake_download(url, target, timeout):
        target.write_bytes(next(releases))
        return target

    monkeypatch.setattr(http, "download", fake_download)
    first = b"Date,Price\n2020-01,1.0\n"
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv",
                        hashlib.sha256(first).hexdigest())
    assert fetch(remote).read_bytes() == first
    newer = fetch(remote, verify=False, refresh=True)
    assert newer.read_bytes().endswith(b"2020-02,2.0\n")


def test_offline_refresh_keeps_the_cached_file(isolated, monkeypatch):
    payload = b"Date,Price\n2020-01,1.0\n"

    def online(url, target, timeout):
        target.write_bytes(payload)
        return target

    def offline(url, target, timeout):
        raise DataUnavailableError(f"{url} did not answer (network is unreachable).")

    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv",
                        hashlib.sha256(payload).hexdigest())
    monkeypatch.setattr(http, "download", online)
    cached = fetch(remote)
    monkeypatch.setattr(http, "download", offline)
    with pytest.raises(DataUnavailableError, match="kept"):
        fetch(remote, verify=False, refresh=True)
    assert cached.read_bytes() == payload
    assert fetch(remote) == cached  # a later offline build still finds it
