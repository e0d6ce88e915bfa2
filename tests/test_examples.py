import ast
import os
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from sahel_analysis.cli import parser
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
COMMAND = re.compile(r"sahel-analysis (update [^|>;}\"\n]+)")


@pytest.mark.parametrize("name", ["crontab", "sahel-update.service", "github/sahel-update.yml"])
def test_example_commands_parse(name):
    commands = [c for c in COMMAND.findall((EXAMPLES / name).read_text())
                if not c.startswith("update exited")]
    assert commands
    for command in commands:
        args = parser().parse_args(shlex.split(command))
        assert args.command == "update" and args.max_data_age == 60


def _stub_package(folder, code: int, says: str = "") -> None:
    """A stand-in for the installed command that exits with `code` (the shell logic is tested)."""
    binary = folder / ".venv" / "bin"
    binary.mkdir(parents=True)
    stub = binary / "sahel-analysis"
    stub.write_text(f"#!/bin/sh\n{'echo ' + shlex.quote(says) if says else ''}\nexit {code}\n")
    stub.chmod(0o755)


def _cron_command(folder) -> str:
    line = next(line for line in (EXAMPLES / "crontab").read_text().splitlines()
                if line and not line.startswith("#"))
    return line.split(None, 5)[5].replace("/srv/sahel", str(folder))


@pytest.mark.parametrize("code", [0, 1, 3, 4])
def test_cron_line_exits_with_the_packages_code_and_is_silent_when_ok(tmp_path, code):
    _stub_package(tmp_path, code, says="FAILED x: why" if code else "")
    done = subprocess.run(["/bin/sh", "-c", _cron_command(tmp_path)], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin"})  # cron's bare environment
    assert done.returncode == code
    output = done.stdout + done.stderr
    assert (output == "") if code == 0 else f"exited {code}" in output


def test_cron_line_says_when_the_folder_is_missing(tmp_path):
    done = subprocess.run(["/bin/sh", "-c", _cron_command(tmp_path / "gone")],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 2 and "cannot cd" in done.stdout


def _unit(name: str) -> dict[str, str]:
    keys = {}
    for line in (EXAMPLES / name).read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            keys[key.strip()] = value.strip()
    return keys


def test_systemd_unit_alerts_on_failure_and_is_bounded_in_time():
    unit = _unit("sahel-update.service")
    assert unit["OnFailure"] == "sahel-update-failure@%n.service"
    assert (EXAMPLES / "sahel-update-failure@.service").is_file()
    assert unit["TimeoutStartSec"] == "2h"
    assert unit["Type"] == "oneshot"
    assert "OnCalendar=*-*-05 06:00:00" in (EXAMPLES / "sahel-update.timer").read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_units_verify(tmp_path):
    for name in ("sahel-update.service", "sahel-update.timer", "sahel-update-failure@.service"):
        text = (EXAMPLES / name).read_text().replace("User=sahel\n", "")
        (tmp_path / name).write_text(text.replace("/srv/sahel/.venv/bin/sahel-analysis",
                                                  "/bin/true"))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no",
                           str(tmp_path / "sahel-update.service"),
                           str(tmp_path / "sahel-update.timer")],
                          capture_output=True, text=True)
    problems = [line for line in done.stderr.splitlines() if str(tmp_path) in line]
    assert problems == []


def _workflow() -> dict:
    return yaml.safe_load((EXAMPLES / "github" / "sahel-update.yml").read_text())


def test_github_workflow_installs_the_tested_versions_and_keeps_state_without_a_cache():
    steps = _workflow()["jobs"]["update"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "pip install -q -c constraints.txt -e ." in runs
    assert not any(step.get("uses", "").startswith("actions/cache") for step in steps)
    keep = next(s for s in steps if s.get("name", "").startswith("Keep"))
    assert keep["with"]["retention-days"] >= 31 and keep["with"]["path"] == "state/"
    assert "gh run download" in runs


@pytest.mark.parametrize("code, expected", [(0, 0), (4, 0), (1, 1), (3, 3)])
def test_github_workflow_treats_stale_data_as_a_warning(tmp_path, code, expected):
    step = next(s for s in _workflow()["jobs"]["update"]["steps"]
                if s.get("name", "").startswith("Update"))
    _stub_package(tmp_path, code)
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PATH": "/usr/bin:/bin"})
    assert done.returncode == expected
    assert ("::warning::" in done.stdout) == (code == 4)


def _imports(name: str) -> set[str]:
    tree = ast.parse((EXAMPLES / name).read_text())
    return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_airflow_example_uses_the_airflow_3_sdk_and_alerts_on_1_3_4():
    imports = _imports("airflow_dag.py")
    assert "airflow.sdk" in imports and "airflow.decorators" not in imports
    assert "sahel_analysis.update" in imports
    source = (EXAMPLES / "airflow_dag.py").read_text()
    assert "mkdir" not in source  # never creates folders outside its configuration
    tree = ast.parse(source)
    codes = next(node for node in ast.walk(tree) if isinstance(node, ast.Assign)
                 and getattr(node.targets[0], "id", "") == "ALERT_CODES")
    assert sorted(ast.literal_eval(codes.value)) == [1, 3, 4]


def test_prefect_example_logs_failed_sources_as_warnings_and_progress():
    source = (EXAMPLES / "prefect_flow.py").read_text()
    assert "from prefect import flow, get_run_logger" in source
    assert "logger.warning" in source and "progress=" in source
