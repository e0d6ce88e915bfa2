import json

import pytest

from sahel_analysis import build, config, data
from sahel_analysis.exceptions import DataIntegrityError
from sahel_analysis.render import runner
from sahel_analysis.render.dependencies import table_hashes, tables_read


def job(report: str) -> runner.Job:
    notebook = config.notebooks_dir() / f"{report}.ipynb"
    return runner.Job(report, report, str(notebook), {}, report)


def test_reports_read_their_tables():
    assert "events" in tables_read("briefing")
    assert "events" not in tables_read("displacement")
    assert tables_read("not_a_report") is None


REPORTS = ("country_profile", "briefing", "regional_security", "realignment", "displacement")


def _reader(name: str) -> str | None:
    """Return a report that reads table `name`, else None (a table no report reads yet)."""
    if name == "timeline":
        return "displacement"
    return next((r for r in REPORTS if name in (tables_read(r) or [])), None)


@pytest.mark.parametrize("name", build.hand_written_names())
def test_editing_a_hand_written_table_changes_the_fingerprint(data_copy, name):
    reader = _reader(name)
    before = runner.fingerprint(job(reader), ["html"]) if reader else table_hashes()[name]
    path = data_copy / build.HAND_WRITTEN[name][0]
    path.write_text(path.read_text() + "\n")
    after = runner.fingerprint(job(reader), ["html"]) if reader else table_hashes()[name]
    assert after != before


def test_edited_hand_written_table_is_a_manifest_mismatch(data_copy):
    path = data_copy / "timeline.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))  # drop the last row
    with pytest.raises(DataIntegrityError, match="data build --tables timeline"):
        data.timeline()
    build.build(data_copy, ["timeline"])
    assert len(data.timeline()) == len(lines) - 2


def test_only_reports_reading_a_changed_table_change(data_copy):
    briefing, displacement = job("briefing"), job("displacement")
    before = runner.fingerprint(briefing, ["html"]), runner.fingerprint(displacement, ["html"])
    manifest = json.loads((data_copy / "manifest.json").read_text())
    manifest["tables"]["events"]["content_sha256"] = "0" * 64
    manifest["note"] = "an unrelated manifest change"
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    assert runner.fingerprint(briefing, ["html"]) != before[0]
    assert runner.fingerprint(displacement, ["html"]) == before[1]
    assert table_hashes(["events"]) == {"events": "0" * 64}


def test_dry_run_names_the_changed_tables():
    from sahel_analysis.render.dryrun import reasons

    old = {"notebook": "a", "version": "1", "data": {"events": "1", "indicators": "2"}}
    new = {"notebook": "a", "version": "1", "data": {"events": "3", "indicators": "2"}}
    assert reasons(old, new) == ["data changed: events"]
    assert reasons(old, old) == []
    assert reasons(None, new) == ["never rendered"]


def test_dry_run_says_a_state_without_code_hashes_predates_them():
    from sahel_analysis.render.dryrun import reasons

    old = {"notebook": "a", "data": {"events": "1"}}
    new = {**old, "code": {"reports/briefing.py": "1"}}
    assert reasons(old, new) == ["code changed: not recorded by the last render"]
    many = {**old, "code": {f"m{i}.py": "2" for i in range(6)}}
    assert reasons(many, {**old, "code": {}}) == [
        "code changed: m0.py, m1.py, m2.py, m3.py and 2 more"]


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package's source that the test may edit (fingerprints read it)."""
    import shutil

    folder = tmp_path / "sahel_analysis"
    shutil.copytree(config.PACKAGE_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    from sahel_analysis.render import dependencies

    monkeypatch.setattr(dependencies, "SOURCE_DIR", folder)
    return folder


def _edit(path):
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def test_editing_a_report_module_changes_only_its_fingerprint(package_copy):
    briefing, displacement = job("briefing"), job("displacement")
    before = runner.fingerprint(briefing, ["html"]), runner.fingerprint(displacement, ["html"])
    _edit(package_copy / "reports" / "briefing.py")
    assert runner.fingerprint(briefing, ["html"]) != before[0]
    assert runner.fingerprint(displacement, ["html"]) == before[1]


def test_a_module_imported_through_another_is_in_the_fingerprint(package_copy):
    from sahel_analysis.render.dependencies import code_fingerprint, imported_modules

    notebook = config.notebooks_dir() / "briefing.ipynb"
    code = code_fingerprint("briefing", notebook)
    direct = imported_modules((package_copy / "reports" / "briefing.py").read_text(),
                              "sahel_analysis.reports.briefing")
    indirect = sorted(path for path in code if "sahel_analysis." + path.removesuffix(".py")
                      .replace("/", ".") not in direct and path != "reports/briefing.py"
                      and not path.endswith("__init__.py"))
    assert "reports/briefing.py" in code and "tables.py" in code
    assert indirect  # e.g. what data.py imports
    before = runner.fingerprint(job("briefing"), ["html"])
    _edit(package_copy / indirect[0])
    assert runner.fingerprint(job("briefing"), ["html"]) != before


def test_dry_run_says_which_code_changed(package_copy, tmp_path):
    from sahel_analysis.render import store
    from sahel_analysis.render.dryrun import explain

    planned = [j for j in runner.plan(["briefing"])][0]
    out = tmp_path / "reports"
    state = store.state_path(out, planned.slug)
    state.parent.mkdir(parents=True)
    state.write_text(json.dumps({"depends": store.fingerprint_parts(planned, ("html",)),
                                 "title": "t", "parameters": {}, "rendered_at": "2026-12-02"}))
    for path in store.output_paths(out, planned.slug, ("html",)).values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert explain(["briefing"], output_dir=out, formats=("html",)) == [
        (planned.slug, False, "unchanged")]
    _edit(package_copy / "reports" / "briefing.py")
    assert explain(["briefing"], output_dir=out, formats=("html",)) == [
        (planned.slug, True, "code changed: reports/briefing.py")]


def test_relative_and_parenthesised_imports_are_found():
    from sahel_analysis.render.dependencies import imported_modules

    source = ("from .. import data\nfrom .common import (\n    a,  # a comment, b\n    b)\n"
              "def f():\n    import sahel_analysis.tables as t, os\n")
    assert imported_modules(source, "sahel_analysis.reports.briefing") == {
        "sahel_analysis", "sahel_analysis.data", "sahel_analysis.reports.common",
        "sahel_analysis.reports.common.a", "sahel_analysis.reports.common.b",
        "sahel_analysis.tables"}
