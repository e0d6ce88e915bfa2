"""The embedded tables ship inside the wheel and load from anywhere."""

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_wheel_contains_data_and_notebooks_and_loads_elsewhere(tmp_path):
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                            "--outdir", str(dist), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    wheel = next(dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert "sahel_analysis/_embedded/data/events.parquet" in names
    assert "sahel_analysis/_embedded/data/manifest.json" in names
    assert "sahel_analysis/_embedded/notebooks/catalog.toml" in names
    assert "sahel_analysis/render/templates/sahel/index.html.j2" in names
    assert not any(n.endswith((".xlsx", ".zip")) for n in names)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import sahel_analysis, sahel_analysis.data as d;"
            "assert '_embedded' in str(sahel_analysis.config.data_dir());"
            "print(len(d.events(['MLI','BFA','NER'])))")
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True,
                            text=True, env={"PYTHONPATH": str(tmp_path / "site"),
                                            "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 4000
