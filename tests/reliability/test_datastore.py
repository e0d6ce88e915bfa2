"""Atomic data: a build or refresh killed, failing or out of space at any step leaves data/ whole.

Each case cuts a commit at the Nth ``os.replace`` (by ``os._exit`` in a subprocess, or by an
error in this process), then checks that every table's file matches the manifest's hash and
that the next read finishes (or forgets) the change and sweeps the staging folders.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from sahel_analysis import build, datastore, update
from sahel_analysis.exceptions import OutputNotWritableError
from sahel_analysis.hashing import content_hash, sha256_of

ROOT = Path(__file__).resolve().parents[2]
CHANGED = ("gold_price", "fatalities")

CUT = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import pandas as pd
    from sahel_analysis import build, update

    folder, step, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    real, calls = os.replace, [0]

    def replace(*args, **kwargs):
        calls[0] += 1
        if calls[0] == step:
            os._exit(9)
        return real(*args, **kwargs)

    os.replace = replace
    if mode == "build":
        build.build(folder, ["gold_price"])
    else:
        from tests.reliability.test_datastore import refresh_arguments
        update._commit(folder, *refresh_arguments(folder))
""")


def refresh_arguments(folder: Path) -> tuple:
    """Return what update._apply hands to _commit: new frames of two tables (rows dropped)."""
    manifest = datastore.read_manifest(folder)
    writes = {name: pd.read_parquet(folder / f"{name}.parquet").iloc[1:].reset_index(drop=True)
              for name in CHANGED}
    entries = {**manifest["tables"], **{name: (frame, [], []) for name, frame in writes.items()}}
    return manifest, entries, writes, update.RefreshResult(discovery=None)


def _age(folder: Path, name: str) -> None:
    """Make `name` an older, consistent version of itself (its last row dropped)."""
    manifest = datastore.read_manifest(folder)
    frame = pd.read_parquet(folder / f"{name}.parquet").iloc[:-1]
    build._write(frame, folder / f"{name}.parquet")
    entry = manifest["tables"][name]
    entry.update(rows=len(frame), content_sha256=content_hash(frame),
                 file_sha256=sha256_of(folder / f"{name}.parquet"))
    with datastore.Commit(folder) as commit:
        commit.apply(manifest)


def assert_consistent(folder: Path) -> dict:
    """Check that every table's file matches the manifest and nothing is left over."""
    manifest = datastore.read_manifest(folder)
    for name, entry in manifest["tables"].items():
        assert sha256_of(folder / entry["file"]) == entry["file_sha256"], name
    left = [p.name for p in folder.iterdir() if p.name.startswith((".build-", ".commit"))
            or p.name.endswith(".new")]
    assert not left, left
    return manifest


@pytest.fixture
def aged(data_copy):
    """A data copy whose gold_price is one row short of what a build makes (consistent)."""
    _age(data_copy, "gold_price")
    return data_copy


def _cut(folder: Path, step: int, mode: str, env: dict | None = None) -> int:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-c", CUT, str(folder), str(step), mode],
                          env=environment, cwd=ROOT, timeout=120).returncode


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_build_killed_at_any_move_leaves_data_whole(aged, use_mirror, tmp_path, step):
    before = datastore.read_manifest(aged)["tables"]["gold_price"]["rows"]
    code = _cut(aged, step, "build", {"SAHEL_ANALYSIS_CACHE": str(tmp_path / "cache")})
    assert code in (0, 9)
    rows = assert_consistent(aged)["tables"]["gold_price"]["rows"]
    assert rows in (before, before + 1)
    assert len(pd.read_parquet(aged / "gold_price.parquet")) == rows


@pytest.mark.parametrize("step", [1, 2, 3, 4])
def test_a_refresh_killed_at_any_move_leaves_data_whole(data_copy, step):
    before = datastore.read_manifest(data_copy)["tables"]
    code = _cut(data_copy, step, "update")
    assert code == 9
    after = assert_consistent(data_copy)["tables"]
    shrunk = {name for name in CHANGED if after[name]["rows"] == before[name]["rows"] - 1}
    assert shrunk in (set(), set(CHANGED))  # both tables changed, or neither


@pytest.mark.parametrize("step", [1, 2, 3])
def test_a_move_that_fails_is_finished_by_the_next_read(data_copy, monkeypatch, step):
    before = datastore.read_manifest(data_copy)["tables"]
    real, calls = os.replace, []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == step:
            raise OSError(errno.EIO, "Input/output error")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputNotWritableError, match="Input/output error"):
        update._commit(data_copy, *refresh_arguments(data_copy))
    monkeypatch.setattr(os, "replace", real)
    after = assert_consistent(data_copy)["tables"]
    expected = before["gold_price"]["rows"] - (step > 1)  # the journal is the first move
    assert after["gold_price"]["rows"] == expected
    assert after["fatalities"]["rows"] == before["fatalities"]["rows"] - (step > 1)


def test_a_killed_build_leaves_no_staging_folder_after_the_next_run(aged, use_mirror,
                                                                     tmp_path):
    assert _cut(aged, 1, "build", {"SAHEL_ANALYSIS_CACHE": str(tmp_path / "cache")}) == 9
    assert list(aged.glob(".build-*"))  # killed before its commit point
    build.build(aged, ["gold_price"])
    assert not list(aged.glob(".build-*"))
    assert_consistent(aged)


def test_a_live_commit_keeps_its_staging_folder_while_a_reader_sweeps(data_copy):
    with datastore.Commit(data_copy) as commit:
        staged = commit.stage("gold_price.parquet")
        staged.write_bytes((data_copy / "gold_price.parquet").read_bytes())
        datastore.read_manifest(data_copy)  # a reader in another run sweeps dead ones only
        assert staged.is_file()
        commit.apply(datastore.read_manifest(data_copy))
    assert_consistent(data_copy)


def test_a_build_on_a_full_disk_says_so_and_keeps_the_data(data_copy, use_mirror,
                                                           monkeypatch):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}

    def full(frame, path):
        Path(path).write_bytes(b"PAR1")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "_write", full)
    with pytest.raises(OutputNotWritableError, match="No space left on device.*unchanged"):
        build.build(data_copy, ["gold_price"])
    assert {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()} == before
    assert_consistent(data_copy)


def test_a_refresh_on_a_full_disk_says_so_and_keeps_the_data(data_copy, monkeypatch):
    before = {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}
    arguments = refresh_arguments(data_copy)

    def full(frame, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "_write", full)
    with pytest.raises(OutputNotWritableError, match="Free some space"):
        update._commit(data_copy, *arguments)
    assert {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()} == before


def test_cli_build_on_a_full_disk_is_one_line_and_exit_2(data_copy, use_mirror, monkeypatch,
                                                         capsys):
    from sahel_analysis import cli

    before = (data_copy / "manifest.json").read_bytes()

    def full(frame, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "_write", full)
    assert cli.main(["data", "build", "--tables", "gold_price"]) == 2
    err = [line for line in capsys.readouterr().err.splitlines() if "building" not in line]
    assert len(err) == 1 and err[0].startswith("error: Could not write the new tables")
    assert "No space left on device" in err[0] and "Free some space" in err[0]
    assert (data_copy / "manifest.json").read_bytes() == before


def _cut_after_the_journal(folder: Path) -> None:
    """Leave `folder` as a commit killed just after its journal was written."""
    manifest = datastore.read_manifest(folder)
    staging = folder / ".build-cut"
    staging.mkdir()
    frame = pd.read_parquet(folder / "gold_price.parquet").iloc[1:]
    build._write(frame, staging / "gold_price.parquet")
    manifest["tables"]["gold_price"]["file_sha256"] = sha256_of(staging / "gold_price.parquet")
    (staging / "manifest.json").write_text(json.dumps(manifest))
    (folder / ".commit.json").write_text(json.dumps(
        {"staging": staging.name, "files": ["gold_price.parquet"]}))


def test_a_cut_commit_in_a_read_only_folder_is_a_clear_error(data_copy, monkeypatch):
    from sahel_analysis.exceptions import DataIntegrityError

    _cut_after_the_journal(data_copy)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(DataIntegrityError, match="interrupted.*read-only"):
        datastore.read_manifest(data_copy)
    monkeypatch.undo()
    assert_consistent(data_copy)  # finished once it can be


@pytest.mark.parametrize("journal", ["{not json", '{"staging": "../x", "files": []}',
                                     '{"staging": ".build-x", "files": ["../../etc/passwd"]}'])
def test_a_journal_not_written_by_a_commit_is_refused(data_copy, journal):
    from sahel_analysis.exceptions import DataIntegrityError

    (data_copy / ".commit.json").write_text(journal)
    with pytest.raises(DataIntegrityError, match="journal"):
        datastore.read_manifest(data_copy)
