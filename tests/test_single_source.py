"""One source of truth: citations and versions come from the source modules and the manifest,
notebook defaults from the parameter models and the catalog."""

import ast
import json
from pathlib import Path

import pytest

import sahel_analysis
from sahel_analysis import config, data
from sahel_analysis.catalog import load_catalog, validate_parameters
from sahel_analysis.sources import REGISTRY, ucdp_ged

REPORTS = Path(sahel_analysis.__file__).parent / "reports"


def test_manifest_sources_are_the_modules_metadata():
    shipped = {}
    for entry in data.manifest()["tables"].values():
        for source in entry.get("sources", []):
            shipped[source["key"]] = source
    for key, source in REGISTRY.items():
        if key in shipped:
            assert {k: shipped[key].get(k) for k in source.metadata()} == source.metadata(), key


def test_source_lines_are_built_from_the_modules_and_the_coverage():
    from sahel_analysis.reports import common

    assert common.SRC_ACD == "UCDP/PRIO Armed Conflict Dataset 25.1 (CC BY 4.0)"
    assert common.SRC_GED == "UCDP GED final (most likely v24.1, events to Dec 2023), CC BY 4.0"
    assert common.SRC_CANDIDATE == ("UCDP Candidate Events 26.0.1 (January 2026, preliminary), "
                                    "CC BY 4.0")
    for name, line in common.source_lines().items():
        key = {"SRC_UCDP_CY": "ucdp_orgvio_cy", "SRC_ACD": "ucdp_acd", "SRC_WDI": "wdi",
               "SRC_UNHCR": "unhcr", "SRC_GED": "ucdp_ged"}.get(name)
        if key:
            assert REGISTRY[key].release in line, name
    with pytest.raises(AttributeError):
        common.SRC_NOT_A_SOURCE  # noqa: B018


def test_reports_retype_no_release_number():
    releases = {s.release for s in REGISTRY.values() if s.release}
    releases |= {label.split()[-1] for label in ucdp_ged.CANDIDATE_FILES.values()}
    found = []
    for path in REPORTS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {release}" for release in releases if release in text]
    assert found == []


def test_coverage_says_which_months_only_candidates_cover():
    from sahel_analysis.reports import common

    coverage = data.coverage().set_index("series")
    assert coverage.loc["Events, final", "last"].strftime("%Y-%m") == "2023-12"
    assert common.candidate_coverage_text() == ("January 2026: UCDP Candidate events "
                                                "(preliminary; no other month of 2024–2025 has "
                                                "event data here).")


def _notebook_defaults(path: Path) -> dict:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"]
                if "parameters" in c.get("metadata", {}).get("tags", []))
    values = {}
    for node in ast.parse("".join(cell["source"])).body:
        assert isinstance(node, ast.Assign), f"{path.name}: only assignments in the parameters"
        values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("name", list(load_catalog()))
def test_notebook_defaults_validate_and_match_the_catalog(name):
    report = load_catalog()[name]
    defaults = _notebook_defaults(config.notebooks_dir() / report.notebook.name)
    assert set(defaults) == set(report.model.model_fields), name
    model_defaults = {p["name"]: p["default"] for p in report.parameters()}
    assert validate_parameters(name, defaults) == validate_parameters(name, model_defaults)
    first_run = report.default_run[0] if report.default_run else {}
    for key, value in first_run.items():  # the notebook run as is = the first catalog run
        assert defaults[key] == value, (name, key)


def test_a_notebook_default_that_drifts_is_caught(tmp_path, monkeypatch):
    import shutil

    folder = tmp_path / "notebooks"
    shutil.copytree(config.notebooks_dir(), folder)
    path = folder / "realignment.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace('end = \\"2025-12-31\\"',
                                                              'end = \\"2024-12-31\\"'))
    monkeypatch.setenv(config.NOTEBOOKS_ENV, str(folder))
    with pytest.raises(AssertionError):
        test_notebook_defaults_validate_and_match_the_catalog("realignment")
