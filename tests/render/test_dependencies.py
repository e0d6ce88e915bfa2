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
