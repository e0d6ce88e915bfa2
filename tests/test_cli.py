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
                                      "country": "MLI"}}
    names = {p["name"] for p in payload["reports"][0]["parameters"]}
    assert names == {"country", "start", "end"}


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
