import json
import shutil

import pandas as pd
import pytest

from sahel_analysis import build, config
from sahel_analysis.exceptions import SchemaValidationError

DATA = config.data_dir()


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory, mirror):
    """Rebuild every table from the mirror into a temporary data folder."""
    import os

    out = tmp_path_factory.mktemp("data")
    for name, _ in build.HAND_WRITTEN.values():
        shutil.copy(DATA / name, out / name)
    previous = os.environ.get(config.MIRROR_ENV)
    os.environ[config.MIRROR_ENV] = str(mirror)
    try:
        manifest = build.build(out)
    finally:
        if previous is None:
            os.environ.pop(config.MIRROR_ENV)
        else:
            os.environ[config.MIRROR_ENV] = previous
    return out, manifest


def test_rebuild_reproduces_the_committed_tables(rebuilt):
    out, manifest = rebuilt
    committed = json.loads((DATA / "manifest.json").read_text())["tables"]
    for name, entry in manifest["tables"].items():
        assert entry["content_sha256"] == committed[name]["content_sha256"], name
        assert entry["rows"] == committed[name]["rows"], name


def test_manifest_records_provenance(rebuilt):
    _, manifest = rebuilt
    for name, entry in manifest["tables"].items():
        assert entry["sources"] and entry["rows"] > 0 and entry["command"], name
        if entry["kind"] == "derived":
            assert all(len(i["sha256"]) == 64 for i in entry["inputs"]), name
            for source in entry["sources"]:
                assert source["licence"] and source["attribution"], name


def test_embedded_data_is_small_and_has_no_acled_or_raw_files():
    files = [p for p in DATA.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 10 * 1024 * 1024
    assert not any(p.suffix in {".xlsx", ".zip"} or "acled" in p.name.lower() for p in files)
    manifest = json.loads((DATA / "manifest.json").read_text())
    keys = {s["key"] for e in manifest["tables"].values() for s in e["sources"]}
    assert "acled" not in keys


def test_failed_build_leaves_previous_tables_untouched(tmp_path, use_mirror, monkeypatch):
    for name, _ in build.HAND_WRITTEN.values():
        shutil.copy(DATA / name, tmp_path / name)
    build.build(tmp_path, ["gold_price"])
    before = (tmp_path / "gold_price.parquet").read_bytes()
    manifest_before = (tmp_path / "manifest.json").read_text()

    def broken(paths):
        return pd.DataFrame({"date": [pd.Timestamp("2020-01-01")], "price_usd_per_oz": [-1.0]})

    patched = tuple(build.TableSpec(t.name, t.sources, t.inputs, broken, t.schema, t.note)
                    if t.name == "gold_price" else t for t in build.TABLES)
    monkeypatch.setattr(build, "TABLES", patched)
    with pytest.raises(SchemaValidationError, match="gold_price"):
        build.build(tmp_path, ["gold_price"])
    assert (tmp_path / "gold_price.parquet").read_bytes() == before
    assert (tmp_path / "manifest.json").read_text() == manifest_before
    assert not list(tmp_path.glob(".build-*"))


def test_events_prefer_the_global_final_ged_when_available(tmp_path, mirror, monkeypatch):
    """With ged251 in the mirror, final events come from it, not the per-country exports."""
    fake = tmp_path / "mirror"
    fake.mkdir()
    for folder in mirror.iterdir():
        (fake / folder.name).symlink_to(folder)
    (fake / "ucdp_ged_global").mkdir()
    # a small fixture in the global layout: real rows of the Jan 2026 Candidate file
    rows = pd.read_csv(mirror / "ucdp_ged" / "GEDEvent_v26_0_1.csv", low_memory=False)
    rows[rows["country"] == "Mali"].to_csv(fake / "ucdp_ged_global" / "GEDEvent_v25_1.csv",
                                           index=False)
    monkeypatch.setenv(config.MIRROR_ENV, str(fake))
    spec = next(t for t in build.TABLES if t.name == "events")
    frame, inputs = build.build_table(spec)
    assert inputs[0]["file"] == "ucdp_ged_global/GEDEvent_v25_1.csv"
    final = frame[~frame["preliminary"]]
    assert set(final["source_version"]) == {"GED final 25.1 (global)"}
    assert set(final["country_iso3"]) == {"MLI"}
    # Candidate rows of the same events (same ids, same months) are dropped: final rows win
    prelim = frame[(frame["country_iso3"] == "MLI") & frame["preliminary"]]
    assert not (prelim["source_version"] == "Candidate 26.0.1").any()
    assert prelim["year"].isin([2021, 2022]).all()  # outside this fixture's final span
    monkeypatch.setenv(config.MIRROR_ENV, str(mirror))
    frame, inputs = build.build_table(spec)  # no global file: the per-country exports
    assert inputs[0]["file"] == "ucdp_ged_sahel/Mali.csv"


def test_build_into_a_new_folder_is_complete(tmp_path, use_mirror):
    out = tmp_path / "new" / "data"
    manifest = build.build(out, ["gold_price"])
    assert {"gold_price", "timeline", "actor_families"} <= set(manifest["tables"])
    for name in ("gold_price.parquet", "timeline.csv", "actor_families.csv", "manifest.json"):
        assert (out / name).is_file()
    assert (out / "timeline.csv").read_bytes() == (DATA / "timeline.csv").read_bytes()


def test_failed_build_into_a_new_folder_leaves_nothing(tmp_path, use_mirror, monkeypatch):
    monkeypatch.setattr(build, "read_hand_written", _broken_reader)
    with pytest.raises(SchemaValidationError):
        build.build(tmp_path / "new", ["gold_price"])
    assert not (tmp_path / "new").exists()


def _broken_reader(path, schema):
    raise SchemaValidationError("broken on purpose")
