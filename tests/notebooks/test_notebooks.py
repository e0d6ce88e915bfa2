"""Each report notebook runs top to bottom on its defaults and on one other parameter set."""

import json
from pathlib import Path

import papermill as pm
import pytest

from sahel_analysis import config

pytestmark = pytest.mark.slow
NOTEBOOKS = config.notebooks_dir()
OTHER = {
    "country_profile": {"country": "BEN", "start": "2016-01-01", "end": "2023-12-31"},
    "regional_security": {"countries": ["MLI", "BFA"], "start": "2018", "end": "2023"},
    "realignment": {"start": "2015", "end": "2024"},
    "displacement": {"countries": ["NER"], "start": "2016", "end": "2025"},
    "briefing": {"as_of": "2023-06-30"},
}


def run(name, parameters, tmp_path, **options):
    out = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / f"{name}.ipynb"), str(out), parameters=parameters,
                        kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
                        extra_arguments=["--IPKernelApp.log_level=ERROR"], **options)
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def forked():
    """papermill options for kernels forked from a fork server, as the renderer starts them."""
    from sahel_analysis.render import kernels
    from sahel_analysis.render.forkserver import fork_server

    with fork_server() as address:
        kernels.use_fork_server(address)
        yield {"kernel_manager_class": kernels.ForkingKernelManager}
    kernels.use_fork_server(None)


def outputs_text(nb):
    texts = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            for key in ("text/html", "text/markdown", "text/plain"):
                value = output.get("data", {}).get(key)
                if value:
                    texts.append("".join(value))
            if output.get("output_type") == "error":
                texts.append("TRACEBACK")
    return "\n".join(texts)


def check(nb):
    text = outputs_text(nb)
    assert "TRACEBACK" not in text
    assert "key-findings" in text and "Data sources and attribution" in text
    images = sum(bool({"image/png", "image/svg+xml"} & set(o.get("data", {})))
                 for c in nb["cells"]
                 for o in c.get("outputs", []))
    assert images >= 1
    assert "<pandas" not in text and "dtype:" not in text  # no raw DataFrame repr


@pytest.mark.parametrize("name", list(OTHER))
def test_notebook_defaults(name, tmp_path):
    check(run(name, {}, tmp_path))  # plain papermill, a cold kernel: as an analyst runs it


@pytest.mark.parametrize("name", list(OTHER))
def test_notebook_other_parameters(name, tmp_path, forked):
    nb = run(name, OTHER[name], tmp_path, **forked)  # a forked kernel: as the renderer runs it
    check(nb)


def test_notebook_rejects_bad_parameters(tmp_path):
    with pytest.raises(pm.PapermillExecutionError, match="not a covered country"):
        run("country_profile", {"country": "Atlantis"}, tmp_path)


def test_notebooks_have_a_parameters_cell():
    for path in Path(NOTEBOOKS).glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        assert "parameters" in cells[0]["metadata"].get("tags", []), path.name


OWN_WARNING_POLICY = ("country_profile", "regional_security", "realignment", "displacement")


@pytest.mark.parametrize("name", OWN_WARNING_POLICY)
def test_notebooks_do_not_hide_every_warning(name):
    source = "".join("".join(cell["source"]) for cell in json.loads(
        (Path(NOTEBOOKS) / f"{name}.ipynb").read_text())["cells"])
    assert 'filterwarnings("ignore")' not in source  # a blanket filter hid a Pandas4Warning
