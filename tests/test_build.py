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
    for name in ("timeline.csv", "actor_families.csv"):
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
    for name in ("timeline.csv", "actor_families.csv"):
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
