"""Fault cases of the command line: each ends with its documented exit code and one message."""

from __future__ import annotations

import pytest

from sahel_analysis import config
from sahel_analysis.render import cluster, runner
from tests.conftest import MIRROR
from tests.reliability.helpers import run_cli

pytestmark = pytest.mark.usefixtures("tiny_catalog")

# name: (arguments after the command, given the test's folder; exit code; text in the output)
EXITS = {
    "unknown_report": (lambda tmp: ["render", "weather", "--output-dir", str(tmp)], 2,
                       "Unknown report"),
    "parameter_without_value": (lambda tmp: ["render", "country_profile", "-p", "oops",
                                             "--output-dir", str(tmp)], 2, "key=value"),
    "repeated_parameter": (lambda tmp: ["render", "country_profile", "-p", "country=MLI", "-p",
                                        "country=NER", "--output-dir", str(tmp)], 2,
                           "given twice"),
    "zero_timeout": (lambda tmp: ["render", "--timeout", "0", "--output-dir", str(tmp)], 2,
                     "positive"),
    "negative_timeout": (lambda tmp: ["render", "--timeout", "-5", "--output-dir", str(tmp)], 2,
                         "positive"),
    "malformed_scheduler": (lambda tmp: ["render", "briefing", "--scheduler", "tcp//x:1",
                                         "--output-dir", str(tmp)], 2, "scheduler address"),
    "build_unknown_table": (lambda tmp: ["data", "build", "--tables", "bogus", "--output",
                                         str(tmp / "d")], 2, "Unknown tables"),
    "version_flag": (lambda tmp: ["--version"], 0, ""),
    "unknown_format_dry_run": (lambda tmp: ["render", "tiny", "--format", "docx", "--dry-run",
                                            "--output-dir", str(tmp)], 2, "choose from"),
    "no_format_dry_run": (lambda tmp: ["render", "tiny", "--format", ",", "--dry-run",
                                       "--output-dir", str(tmp)], 2, "choose from"),
}


@pytest.mark.parametrize("case", list(EXITS))
def test_exit_code_and_message(case, tmp_path):
    argv, code, text = EXITS[case]
    run_cli(argv(tmp_path), code, text)


def test_negative_max_data_age(tmp_path, monkeypatch):
    monkeypatch.delenv(config.NOTEBOOKS_ENV)
    stderr = run_cli(["render", "briefing", "-p", "max_data_age=-3", "--dry-run",
                      "--output-dir", str(tmp_path)], 2, "whole number of days")
    assert "wrong type" not in stderr, stderr


def test_unreachable_scheduler(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "SCHEDULER_TIMEOUT", 2)
    run_cli(["render", "tiny", "--scheduler", "tcp://127.0.0.1:1", "--quiet", "--output-dir",
             str(tmp_path / "out")], 1, "Cannot reach the Dask scheduler")


def test_list_without_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    run_cli(["list"], 2, "git checkout data/")


def test_render_with_corrupt_manifest(tmp_path, monkeypatch):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    run_cli(["render", "country_profile", "--output-dir", str(tmp_path / "out")], 2,
            "not valid JSON")


def test_build_into_unwritable_folder(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    run_cli(["data", "build", "--tables", "gold_price", "--output",
             str(tmp_path / "file" / "data")], 2, "Could not write")


def test_build_with_missing_mirror(tmp_path):
    try:
        run_cli(["data", "build", "--mirror", str(tmp_path / "none"), "--output",
                 str(tmp_path / "d")], 2, "does not exist")
    finally:
        config.set_mirror(None)


def test_build_into_new_folder(tmp_path, monkeypatch):
    if not MIRROR.is_dir():
        pytest.skip(f"upstream mirror {MIRROR} not present")
    monkeypatch.setenv(config.MIRROR_ENV, str(MIRROR))
    run_cli(["data", "build", "--quiet", "--tables", "gold_price", "--output",
             str(tmp_path / "new")], 0)
    files = {p.name for p in (tmp_path / "new").iterdir()}
    assert {"timeline.csv", "actor_families.csv", "manifest.json"} <= files, files


def test_locked_output(tmp_path):
    from filelock import FileLock

    with FileLock(str(tmp_path / runner.LOCK_FILE)):
        run_cli(["render", "tiny", "--quiet", "--output-dir", str(tmp_path)], 3,
                "Another render")
