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
                                      "country": "MLI", "event_source": "ucdp"}}
    names = {p["name"] for p in payload["reports"][0]["parameters"]}
    assert names == {"country", "start", "end", "event_source"}
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
