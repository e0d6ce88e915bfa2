import ast
import re
import shlex

import pytest

from sahel_analysis.cli import parser
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
COMMAND = re.compile(r"sahel-analysis ([^|>\n]+)")


@pytest.mark.parametrize("name", ["crontab", "sahel-update.service", "github/sahel-update.yml"])
def test_example_commands_parse(name):
    commands = COMMAND.findall((EXAMPLES / name).read_text())
    commands = [c for c in commands if not c.startswith(("update exited",))]
    assert commands
    for command in commands:
        args = parser().parse_args(shlex.split(command))
        assert args.command == "update" and args.max_data_age == 60


@pytest.mark.parametrize("name", ["airflow_dag.py", "prefect_flow.py"])
def test_python_examples_call_the_library(name):
    source = (EXAMPLES / name).read_text()
    ast.parse(source)
    assert "from sahel_analysis.update import update" in source


def test_timer_is_monthly():
    assert "OnCalendar=*-*-05 06:00:00" in (EXAMPLES / "sahel-update.timer").read_text()
