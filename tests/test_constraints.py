"""Reproducible installs: the README's Quick start and CI install the tested versions."""

import re
import tomllib

from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version.strip(), f"not pinned: {line!r}"
            pins[_name(name)] = version.strip()
    return pins


def test_quick_start_lines_install_with_the_constraints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```")[1]
    lines = [line for line in block.splitlines() if line.startswith("python3 -m venv")]
    assert len(lines) == 2
    assert all("pip install -q -c constraints.txt -e " in line for line in lines)


def test_constraints_pin_every_dependency_but_not_the_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    pins = _pins()
    assert wanted - set(pins) == set()
    assert "sahel-analysis" not in pins


def test_the_refresh_command_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip freeze --exclude-editable --exclude sahel_analysis" in readme
