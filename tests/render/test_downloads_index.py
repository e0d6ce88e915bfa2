"""The Excel download is published beside the HTML/PDF and linked from the index (no kernel)."""

from sahel_analysis.render import runner, store
from sahel_analysis.render.index import write_index


def _job():
    return runner.Job("tiny", "Tiny report", "tiny.ipynb", {}, "tiny")


def test_publish_moves_the_workbook_beside_the_report(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "fingerprint_parts", lambda job, formats: {"x": "x"})
    staging = tmp_path / "staging"
    staging.mkdir()
    files = {}
    for key, name in (("ipynb", "r.ipynb"), ("html", "r.html"), ("xlsx", "tables.xlsx"),
                      ("csv.zip", "tables.csv.zip")):
        files[key] = staging / name
        files[key].write_text(key)
    out = tmp_path / "out"
    out.mkdir()
    store.publish(out, _job(), files, ("html",), "2026-11-29 00:00 UTC")
    assert (out / "tiny.xlsx").read_text() == "xlsx" and (out / "tiny.html").is_file()
    assert (out / "tiny.csv.zip").read_text() == "csv.zip"
    del files["csv.zip"]  # a render that wrote no tables removes the older zip with the rest
    for key in files:
        files[key].write_text(key)
    store.publish(out, _job(), files, ("html",), "2026-11-30 00:00 UTC")
    assert not (out / "tiny.csv.zip").exists()


def test_index_links_the_workbook_and_fits_a_phone(tmp_path):
    for suffix in ("html", "pdf", "xlsx", "csv.zip"):
        (tmp_path / f"tiny.{suffix}").write_text("x")
    result = runner.JobResult("tiny", "tiny", "Tiny report", {}, "fresh")
    page = write_index(tmp_path, [result]).read_text()
    assert '<a href="tiny.xlsx">Tables (XLSX)</a>' in page
    assert '<a href="tiny.csv.zip">CSV</a>' in page
    assert 'name="viewport"' in page and "overflow-x: auto" in page


def test_index_puts_the_links_before_the_parameters_for_narrow_screens(tmp_path):
    for suffix in ("html", "pdf"):
        (tmp_path / f"tiny.{suffix}").write_text("x")
    result = runner.JobResult("tiny", "tiny", "Tiny report", {"start": "2012-01-01"}, "fresh")
    page = write_index(tmp_path, [result]).read_text()
    assert page.index('href="tiny.html"') < page.index("start=2012-01-01")
    assert page.index("<th>Files</th>") < page.index("<th>Parameters</th>")
    assert "<i>reused</i>" in page  # the statuses are explained


def test_index_shows_each_reports_newest_data_and_its_age(tmp_path):
    entries = {"events": {"coverage": {"first": "1989-09-19", "last": "2026-01-31"}},
               "displacement": {"coverage": {"first": "2000", "last": "2025"}},
               "arms_orders": {"coverage": {"first": "1955", "last": "2024"}}}
    from sahel_analysis.render.index import data_age_cell

    briefing = data_age_cell("briefing", {"as_of": "2026-03-01"}, "2026-12-02 10:26 UTC",
                             entries)
    assert briefing == ("31 Jan 2026<br><small>29 days old; oldest source 31 Dec 2025, 60 days "
                        "on 1 Mar 2026</small>")
    realignment = data_age_cell("realignment", {}, "2026-12-02 10:26 UTC", entries)
    assert realignment == ("31 Jan 2026<br><small>305 days old; oldest source 31 Dec 2024, 701 "
                           "days on 2 Dec 2026</small>")  # arms_orders; displacement not read
    (tmp_path / "briefing.html").write_text("x")
    result = runner.JobResult("briefing", "briefing", "Sahel briefing", {}, "fresh")
    page = write_index(tmp_path, [result]).read_text()
    assert "<th>Newest data</th>" in page and "31 Jan 2026<br><small>" in page and " old" in page
