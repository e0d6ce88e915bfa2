import errno
import json
import os
import re

import pytest

from sahel_analysis.exceptions import (
    NotebookError,
    OutputNotWritableError,
    ParameterError,
    RenderLockedError,
    UnknownReportError,
)
from sahel_analysis.render import runner
from sahel_analysis.render.exporters import remote_references

pytestmark = pytest.mark.slow


def render(catalog, *reports, **kwargs):
    kwargs.setdefault("workers", 1)
    kwargs.setdefault("output_dir", catalog["out"])
    return runner.render(list(reports) or None, kwargs.pop("parameters", None), **kwargs)


def test_render_publishes_html_pdf_index_and_audit_copy(tiny_catalog):
    summary = render(tiny_catalog, "tiny")
    out = tiny_catalog["out"]
    assert [r.status for r in summary.results] == ["fresh"]
    html = (out / "tiny.html").read_text()
    assert "period 2012-01-01 to 2025-12-31" in html and "42" in html
    assert remote_references(html) == []  # self-contained: nothing fetched online
    assert "<script" not in html
    assert re.search(r'<nav class="toc">.*First section.*Second section', html, re.S)
    assert "noise" not in html  # stderr stripped
    assert 'start = "2012-01-01"' not in html  # inputs hidden
    assert (out / "tiny.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "executed" / "tiny.ipynb").is_file()
    index = (out / "index.html").read_text()
    assert "Tiny report" in index and 'href="tiny.pdf"' in index and "fresh" in index
    assert not (out / ".staging").exists() or not any((out / ".staging").iterdir())


def test_second_render_reuses_and_force_rerenders(tiny_catalog):
    render(tiny_catalog, "tiny")
    published = (tiny_catalog["out"] / "tiny.html").stat().st_mtime_ns
    again = render(tiny_catalog, "tiny")
    assert [r.status for r in again.results] == ["reused"]
    assert (tiny_catalog["out"] / "tiny.html").stat().st_mtime_ns == published
    assert "reused 1" in again.line()
    forced = render(tiny_catalog, "tiny", force=True)
    assert [r.status for r in forced.results] == ["fresh"]
    changed = render(tiny_catalog, "tiny", parameters={"start": "2015"})
    assert changed.results[0].slug == "tiny-start-2015-01-01"
    assert changed.results[0].status == "fresh"


def test_failing_cell_keeps_previous_report(tiny_catalog):
    render(tiny_catalog, "flaky")
    out = tiny_catalog["out"]
    good = (out / "flaky.html").read_bytes()
    tiny_catalog["marker"].write_text("x")
    summary = render(tiny_catalog, "flaky", force=True)
    result = summary.results[0]
    assert result.status == "failed" and "marker present" in result.error
    assert (out / "flaky.html").read_bytes() == good
    assert (out / "failed" / "flaky.ipynb").is_file()
    assert "marker present" in (out / "failed" / "flaky.error.txt").read_text()
    assert "failed" in (out / "index.html").read_text()


def test_cell_timeout(tiny_catalog):
    summary = render(tiny_catalog, "slow", timeout=2)
    assert summary.results[0].status == "failed"
    assert "timed out" in summary.results[0].error
    assert not (tiny_catalog["out"] / "slow.html").exists()


@pytest.mark.parametrize("reports, parameters, error, message", [
    (["weather"], None, UnknownReportError, "Valid reports"),
    (["tiny"], {"colour": "red"}, ParameterError, "colour: unknown parameter"),
    (["country"], {"country": "Narnia"}, ParameterError, "not a covered country"),
    (["tiny"], {"start": "2020", "end": "2010"}, ParameterError, "inverted"),
    (["tiny"], {"start": "1900", "end": "1901"}, ParameterError, "is empty"),
    (["noparams"], None, NotebookError, "no cell tagged 'parameters'"),
    (["missing"], None, NotebookError, "is missing"),
])
def test_bad_input_stops_before_anything_runs(tiny_catalog, reports, parameters, error,
                                               message):
    with pytest.raises(error, match=message):
        render(tiny_catalog, *reports, parameters=parameters)
    assert not tiny_catalog["out"].exists()


def test_wrong_type_is_refused(tiny_catalog):
    with pytest.raises(ParameterError, match="wrong type"):
        render(tiny_catalog, "country", parameters={"country": 432})


def test_output_dir_not_writable(tiny_catalog, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputNotWritableError, match="another --output-dir"):
        render(tiny_catalog, "tiny", output_dir=blocker / "reports")


def test_disk_full_while_publishing_keeps_previous(tiny_catalog, monkeypatch):
    render(tiny_catalog, "tiny")
    out = tiny_catalog["out"]
    before = (out / "tiny.html").read_bytes()
    real_replace = os.replace

    def full(src, dst):
        if str(dst).endswith((".html", ".pdf", ".ipynb")) and "index" not in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(runner.os, "replace", full)
    summary = render(tiny_catalog, "tiny", force=True)
    monkeypatch.setattr(runner.os, "replace", real_replace)
    assert summary.results[0].status == "failed"
    assert "No space left" in summary.results[0].error
    assert (out / "tiny.html").read_bytes() == before


def test_concurrent_render_is_refused(tiny_catalog):
    from filelock import FileLock

    out = tiny_catalog["out"]
    out.mkdir()
    with FileLock(str(out / runner.LOCK_FILE)), pytest.raises(RenderLockedError,
                                                                match="Another render"):
        render(tiny_catalog, "tiny")


def test_interrupted_render_keeps_previous_and_releases_lock(tiny_catalog, monkeypatch):
    render(tiny_catalog, "tiny")
    out = tiny_catalog["out"]
    before = (out / "tiny.html").read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(runner, "execute_job", interrupted)
        with pytest.raises(KeyboardInterrupt):
            render(tiny_catalog, "tiny", force=True)
    assert (out / "tiny.html").read_bytes() == before
    assert not any((out / ".staging").glob("*")) if (out / ".staging").exists() else True
    assert render(tiny_catalog, "tiny").results[0].status == "reused"  # lock was released


def test_process_pool_renders_in_parallel(tiny_catalog):
    summary = render(tiny_catalog, "country", workers=2)
    assert sorted(r.slug for r in summary.results) == ["country-MLI", "country-NER"]
    assert all(r.status == "fresh" for r in summary.results)
    state = json.loads((tiny_catalog["out"] / ".state" / "country-NER.json").read_text())
    assert state["parameters"]["country"] == "NER"


def test_dask_local_cluster(tiny_catalog):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        summary = render(tiny_catalog, "tiny", scheduler=cluster.scheduler_address)
    assert [r.status for r in summary.results] == ["fresh"]
    assert (tiny_catalog["out"] / "tiny.pdf").is_file()
