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
from sahel_analysis.render import runner, store
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
    (["tiny"], {"start": "1900", "end": "1901"}, ParameterError, "before the first day"),
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
        if str(dst).endswith((".html", ".pdf", ".ipynb")):  # index.html too
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(runner.os, "replace", full)
    with pytest.warns(UserWarning, match="index.html"):
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


def _snapshot(out, slug="tiny"):
    names = (f"{slug}.html", f"{slug}.pdf", f"executed/{slug}.ipynb", f".state/{slug}.json")
    return {name: (out / name).read_bytes() for name in names if (out / name).is_file()}


def test_corrupt_state_files_count_as_no_state(tiny_catalog):
    render(tiny_catalog, "tiny", formats=["html"])
    state = tiny_catalog["out"] / ".state"
    (state / "tiny.json").write_text("[]")
    (state / "other.json").write_text("{broken")
    with pytest.warns(UserWarning) as caught:
        summary = render(tiny_catalog, "tiny", formats=["html"])
    assert {"tiny.json", "other.json"} <= {str(w.message).split("/")[-1].split(" ")[0]
                                           for w in caught}
    assert summary.results[0].status == "fresh"
    assert "Tiny report" in (tiny_catalog["out"] / "index.html").read_text()
    assert json.loads((state / "tiny.json").read_text())["report"] == "tiny"


def test_disk_full_during_execution_fails_cleanly(tiny_catalog, monkeypatch):
    import papermill

    render(tiny_catalog, "tiny", formats=["html"])
    out = tiny_catalog["out"]
    before = _snapshot(out)

    def full(notebook, output, **kwargs):
        open(output, "wb").close()  # what a full disk leaves: a 0-byte notebook
        raise OSError(errno.ENOSPC, "No space left on device", output)

    def no_room(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(papermill, "execute_notebook", full)
    monkeypatch.setattr(store, "_write_atomic", no_room)
    summary = render(tiny_catalog, "tiny", formats=["html"], force=True)
    monkeypatch.undo()
    result = summary.results[0]
    assert result.status == "failed" and "No space left on device" in result.error
    assert "\n" not in result.error
    assert _snapshot(out) == before
    assert not [p for p in (out / "failed").glob("*") if p.stat().st_size == 0] \
        if (out / "failed").exists() else True


def test_publish_is_all_or_nothing(tiny_catalog, monkeypatch):
    render(tiny_catalog, "tiny", formats=["html"])
    out = tiny_catalog["out"]
    before = _snapshot(out)
    real_replace = os.replace

    def html_fails(src, dst):  # the executed notebook was already replaced
        if str(dst).endswith("tiny.html"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(runner.os, "replace", html_fails)
    summary = render(tiny_catalog, "tiny", formats=["html"], force=True)
    monkeypatch.undo()
    assert summary.results[0].status == "failed"
    assert "previous version was kept" in summary.results[0].error
    assert _snapshot(out) == before


def test_state_folder_replaced_by_a_file_keeps_previous_report(tiny_catalog, capsys):
    import shutil

    from sahel_analysis.cli import EXIT_FAILED, main

    render(tiny_catalog, "tiny", formats=["html"])
    out = tiny_catalog["out"]
    shutil.rmtree(out / ".state")
    (out / ".state").write_text("not a folder")
    before = _snapshot(out)
    code = main(["render", "tiny", "--force", "--quiet", "--workers", "1", "--format", "html",
                 "--output-dir", str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED and "previous version was kept" in err
    assert "failed/" not in err or (out / "failed").is_dir()
    assert _snapshot(out) == before


def test_html_only_render_removes_the_older_pdf(tiny_catalog):
    render(tiny_catalog, "tiny")
    out = tiny_catalog["out"]
    summary = render(tiny_catalog, "tiny", formats=["html"], force=True)
    assert summary.results[0].status == "fresh"
    assert not (out / "tiny.pdf").exists()
    assert 'href="tiny.pdf"' not in (out / "index.html").read_text()


@pytest.mark.parametrize("address", ["not an address", "tcp//127.0.0.1:8786", "tcp://:x"])
def test_malformed_scheduler_address_is_bad_input(tiny_catalog, address):
    with pytest.raises(ParameterError, match="scheduler address"):
        render(tiny_catalog, "tiny", scheduler=address)


def test_unreachable_scheduler_is_its_own_error(tiny_catalog, monkeypatch, capsys):
    from sahel_analysis.cli import EXIT_FAILED, main
    from sahel_analysis.render import cluster

    monkeypatch.setattr(cluster, "SCHEDULER_TIMEOUT", 2)
    argv = ["render", "tiny", "--scheduler", "tcp://127.0.0.1:1", "--output-dir",
            str(tiny_catalog["out"]), "--quiet"]
    assert main(argv) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "Cannot reach the Dask scheduler at tcp://127.0.0.1:1" in err
    assert "Traceback" not in err
    assert render(tiny_catalog, "tiny").results[0].status == "fresh"  # lock was released


def test_timeout_must_be_positive(tiny_catalog):
    with pytest.raises(ParameterError, match="timeout"):
        render(tiny_catalog, "tiny", timeout=0)


NOISE = ("Traceback", "ZMQError", "DeadKernelError", "[IPKernelApp]", "Timeout waiting",
         "Kernel died", "Task exception")


def _cli(tiny_catalog, *args, interrupt_after=None):
    import signal
    import subprocess
    import sys
    import time

    argv = [sys.executable, "-m", "sahel_analysis.cli", "render", *args, "--format", "html",
            "--workers", "1", "--output-dir", str(tiny_catalog["out"])]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    if interrupt_after:
        time.sleep(interrupt_after)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    out, err = process.communicate(timeout=120)
    return process.returncode, err


def test_cli_render_timeout_and_interrupt_print_no_kernel_noise(tiny_catalog):
    code, err = _cli(tiny_catalog, "tiny")
    assert code == 0 and not [n for n in NOISE if n in err], err
    code, err = _cli(tiny_catalog, "slow", "--timeout", "2")
    assert code == 1 and not [n for n in NOISE if n in err], err
    assert "a cell timed out after 2 s" in err
    code, err = _cli(tiny_catalog, "slow", interrupt_after=4)
    assert code == 130 and not [n for n in NOISE if n in err], err
    assert "interrupted" in err
