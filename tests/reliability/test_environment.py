"""Fault cases of the environment: a locale without UTF-8, no writable cache, warnings as errors.

Each ends with a documented exit code and one clear line, never a traceback.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_analysis import config
from sahel_analysis.exceptions import OutputNotWritableError
from sahel_analysis.sources.base import RemoteFile, fetch
from tests.conftest import ROOT
from tests.reliability.helpers import expect, render, run_cli

TEXT_CALLS = {"open", "read_text", "write_text", "read_csv", "to_csv", "fdopen"}


def _cli(argv: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run the command line in a child process with `env` added to the environment."""
    return subprocess.run([sys.executable, "-m", "sahel_analysis.cli", *argv],
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=180, env={**os.environ, **env}, cwd=ROOT)


def _unencoded_text_calls(folder: Path) -> list[str]:
    """Return file:line of calls that open text without naming its encoding."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name not in TEXT_CALLS or any(k.arg == "encoding" for k in node.keywords):
                continue
            if isinstance(node.func, ast.Attribute) and \
                    getattr(node.func.value, "id", "") in ("os", "archive", "zipfile", "Image"):
                continue  # os.open takes no encoding; zip members are bytes
            modes = [a.value for a in [*node.args, *(k.value for k in node.keywords
                                                     if k.arg == "mode")]
                     if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if not any("b" in mode for mode in modes if len(mode) <= 3):
                found.append(f"{path.relative_to(folder.parent)}:{node.lineno}")
    return found


def test_every_text_file_is_opened_as_utf8():
    assert _unencoded_text_calls(ROOT / "sahel_analysis") == []


@pytest.fixture
def accented_catalog(tiny_catalog):
    """The tiny catalog, with a report title that is not ASCII."""
    path = tiny_catalog["folder"] / "catalog.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Tiny report", "Rapport sur la Côte d’Ivoire"), encoding="utf-8")
    return tiny_catalog


def test_catalog_read_under_a_posix_locale(accented_catalog):
    done = _cli(["list"], LC_ALL="POSIX", PYTHONUTF8="0", PYTHONIOENCODING="")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-800:]
    assert "Rapport sur la C" in done.stdout


@pytest.fixture
def home_not_writable(tmp_path, monkeypatch):
    """A HOME under which no cache folder can be created (a file stands in its way).

    A file, not a read-only folder, so that the case holds when the tests run as root.
    """
    (tmp_path / "home").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv(config.CACHE_ENV, raising=False)
    monkeypatch.delenv(config.MIRROR_ENV, raising=False)
    config.set_mirror(None)


def test_download_without_a_writable_cache(home_not_writable):
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    expect(OutputNotWritableError, config.CACHE_ENV, fetch, remote)


def test_acled_token_without_a_writable_cache(home_not_writable):
    from sahel_analysis.sources import acled_api

    client = acled_api.AcledClient(prompt=False)
    expect(OutputNotWritableError, config.CACHE_ENV, client._save, {"access_token": "t"})


def test_build_without_a_writable_cache_exits_2(home_not_writable, tmp_path):
    run_cli(["data", "build", "--tables", "gold_price", "--output", str(tmp_path / "d")], 2,
            config.CACHE_ENV)


@pytest.mark.slow
def test_corrupt_state_with_warnings_as_errors(tiny_catalog, tmp_path):
    out = tmp_path / "reports"
    render(out)
    (out / ".state" / "tiny.json").write_text("{broken", encoding="utf-8")
    before = (out / "tiny.html").read_bytes()
    done = _cli(["render", "tiny", "--quiet", "--workers", "1", "--format", "html",
                 "--output-dir", str(out)], PYTHONWARNINGS="error")
    assert "Traceback" not in done.stderr, done.stderr[-800:]
    assert done.returncode == 2, done.stderr[-800:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "corrupt render state" in lines[0], lines
    assert (out / "tiny.html").read_bytes() == before


def test_dry_run_with_a_corrupt_state(tiny_catalog, tmp_path):
    out = tmp_path / "reports"
    (out / ".state").mkdir(parents=True)
    (out / ".state" / "tiny.json").write_text("{broken", encoding="utf-8")
    run_cli(["render", "tiny", "--dry-run", "--output-dir", str(out)], 0, "render tiny")
