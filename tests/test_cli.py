import json

import pytest

from sahel_analysis.cli import EXIT_LOCKED, EXIT_USAGE, main


def test_list_json_has_default_run(capsys):
    assert main(["list", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    runs = payload["default_run"]
    assert [r["report"] for r in runs] == ["country_profile"] * 3 + [
        "regional_security", "realignment", "displacement", "briefing"]
    assert runs[0] == {"report": "country_profile", "notebook": "notebooks/country_profile.ipynb",
                       "parameters": {"start": "2012-01-01", "end": "2025-12-31",
                                      "max_data_age": 550, "country": "MLI",
                                      "event_source": "ucdp"}}
    names = {p["name"] for p in payload["reports"][0]["parameters"]}
    assert names == {"country", "start", "end", "event_source", "max_data_age"}
    briefing = {p["name"]: p for p in payload["reports"][-1]["parameters"]}
    assert briefing["event_source"]["allowed"] == ["ucdp", "acled"]


def test_list_text(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "country_profile: Country security profile" in out and "default run" in out


@pytest.mark.parametrize("argv, message", [
    (["render", "weather"], "Unknown report"),
    (["render", "country_profile", "-p", "country=XYZ"], "not a covered country"),
    (["render", "country_profile", "-p", "start=2020", "-p", "end=2019"], "inverted"),
    (["render", "country_profile", "-p", "oops"], "key=value"),
])
def test_bad_render_input_exit_code(argv, message, capsys, tmp_path):
    assert main([*argv, "--output-dir", str(tmp_path / "out")]) == EXIT_USAGE
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_locked_output_exit_code(tmp_path, capsys):
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    with FileLock(str(out / ".render.lock")):
        code = main(["render", "briefing", "--output-dir", str(out), "--quiet"])
    assert code == EXIT_LOCKED and "Another render" in capsys.readouterr().err


def test_data_info(capsys):
    assert main(["data", "info"]) == 0
    out = capsys.readouterr().out
    assert "events" in out and "CC BY 4.0" in out


def test_data_build_with_missing_mirror(tmp_path, capsys):
    assert main(["data", "build", "--mirror", str(tmp_path / "none"), "--output",
                 str(tmp_path / "d")]) == EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err


def test_repeated_parameter_is_refused(tmp_path, capsys):
    argv = ["render", "country_profile", "-p", "country=MLI", "-p", "country=NER",
            "--output-dir", str(tmp_path / "out")]
    assert main(argv) == EXIT_USAGE
    assert "given twice" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("timeout", ["0", "-5", "soon"])
def test_timeout_must_be_a_positive_number_of_seconds(timeout, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["render", "briefing", "--timeout", timeout, "--output-dir", str(tmp_path)])
    assert exit_.value.code == EXIT_USAGE
    assert "positive number of seconds" in capsys.readouterr().err


def test_version(capsys):
    from sahel_analysis import __version__

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and __version__ in capsys.readouterr().out


def test_help_shows_defaults_exit_codes_and_environment(capsys):
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: 600" in text and "default: reports" in text
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for name in ("SAHEL_ANALYSIS_DATA_DIR", "SAHEL_ANALYSIS_CACHE", "SAHEL_ANALYSIS_MIRROR",
                 "SAHEL_ANALYSIS_NOTEBOOKS", "130"):
        assert name in text


@pytest.mark.parametrize("content, message", [
    (None, "No data manifest"), ("{not json", "not valid JSON"), ("{}", "has no 'tables'"),
])
@pytest.mark.parametrize("argv", [["list"], ["render", "country_profile", "-p", "start=2015"]])
def test_missing_or_corrupt_manifest(content, message, argv, tmp_path, monkeypatch, capsys):
    from sahel_analysis import config

    if content is not None:
        (tmp_path / "manifest.json").write_text(content)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    assert main([*argv, *(["--output-dir", str(tmp_path / "out")] if argv[0] == "render"
                          else [])]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err and "manifest.json" in err and "git checkout data/" in err
    assert "Invalid parameters" not in err and "Traceback" not in err


def test_data_build_unknown_table(tmp_path, capsys):
    assert main(["data", "build", "--tables", "bogus", "--output", str(tmp_path / "d")]) \
        == EXIT_USAGE
    assert "Unknown tables ['bogus']" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_data_build_into_unwritable_folder(tmp_path, capsys, monkeypatch):
    import errno

    from sahel_analysis import datastore

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(datastore.tempfile, "mkdtemp", read_only)
    assert main(["data", "build", "--tables", "gold_price", "--output", str(tmp_path)]) \
        == EXIT_USAGE
    err = capsys.readouterr().err
    assert "Could not write" in err and "Read-only file system" in err and "permissions" in err


def test_data_refresh_dry_run(publishers, tmp_path, monkeypatch, capsys):
    import shutil

    from sahel_analysis import config
    from tests.conftest import ged_csv

    shutil.copytree(config.data_dir(), tmp_path / "data")
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "data"))
    publishers.put("ucdp/candidateged/GEDEvent_v26_0_2.csv", ged_csv([]))
    assert main(["data", "refresh", "--dry-run", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "candidate_monthly" in out and "26.0.2" in out and "FAIL" not in out
    assert publishers.downloads() == []


def test_render_dry_run_lists_what_and_why(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["render", "--dry-run", "--output-dir", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 and all(line.startswith("render ") for line in lines)
    assert "never rendered" in lines[0] and not out.exists()


@pytest.mark.parametrize("argv", [
    ["render", "--workers", "0"], ["render", "--workers", "-3"],
    ["render", "--max-data-age", "-5"], ["render", "--lock-timeout", "-1"],
    ["update", "--workers", "0"], ["update", "--max-data-age", "-1"],
])
def test_numeric_options_out_of_range_are_bad_input(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == EXIT_USAGE
    assert "error: argument" in capsys.readouterr().err


def test_update_help_shows_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["update", "--help"])
    text = capsys.readouterr().out
    assert "default: reports" in text and "per request to a publisher" in text
