"""Fault cases of a render: the previous report is kept, the reason is one line, nothing hangs."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings

import pytest

from sahel_analysis.exceptions import NotebookError, OutputNotWritableError
from sahel_analysis.render import runner, store
from tests.reliability.helpers import expect, failed_keeping, published, render, snapshot


@pytest.fixture
def tmp(tiny_catalog, tmp_path):
    """The test's folder, with the tiny catalog as the notebooks folder."""
    return tmp_path


def test_notebook_missing(tmp):
    expect(NotebookError, "is missing", render, tmp / "out", "missing")


def test_notebook_without_parameters_cell(tmp):
    expect(NotebookError, "tagged 'parameters'", render, tmp / "out", "noparams")


def test_output_not_writable(tmp):
    (tmp / "file").write_text("x", encoding="utf-8")
    expect(OutputNotWritableError, "another --output-dir", render, tmp / "file" / "reports")


@pytest.mark.slow
def test_failing_cell(tiny_catalog, tmp):
    out, _ = published(tmp)
    tiny_catalog["marker"].write_text("x", encoding="utf-8")
    assert render(out, "tiny", force=True).results[0].status == "fresh"  # no marker read
    render(out, "flaky")
    tiny_catalog["marker"].unlink()
    flaky = snapshot(out, "flaky")
    tiny_catalog["marker"].write_text("x", encoding="utf-8")
    summary = render(out, "flaky", force=True)
    assert summary.results[0].status == "failed" and snapshot(out, "flaky") == flaky


@pytest.mark.slow
def test_cell_timeout(tmp):
    result = render(tmp / "out", "slow", timeout=2).results[0]
    assert result.status == "failed" and "\n" not in result.error, result.error[:200]


@pytest.mark.slow
def test_disk_full_while_publishing(tmp, monkeypatch):
    out, before = published(tmp)
    real = os.replace

    def full(src, dst):
        if str(dst).endswith((".html", ".ipynb")):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(runner.os, "replace", full)
    failed_keeping(out, before, render(out, force=True), "No space left")


@pytest.mark.slow
def test_disk_full_while_executing(tmp, monkeypatch):
    import papermill

    out, before = published(tmp)

    def full(notebook, output, **kwargs):
        open(output, "wb").close()
        raise OSError(errno.ENOSPC, "No space left on device", output)

    def no_room(path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(papermill, "execute_notebook", full)
    monkeypatch.setattr(store, "_write_atomic", no_room)
    failed_keeping(out, before, render(out, force=True), "No space left")


@pytest.mark.slow
def test_publish_fails_half_way(tmp, monkeypatch):
    out, before = published(tmp)
    real = os.replace

    def html_fails(src, dst):
        if str(dst).endswith("tiny.html"):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(runner.os, "replace", html_fails)
    failed_keeping(out, before, render(out, force=True), "previous version was kept")


@pytest.mark.slow
def test_state_folder_is_a_file(tmp):
    out, _ = published(tmp)
    shutil.rmtree(out / ".state")
    (out / ".state").write_text("x", encoding="utf-8")
    before = snapshot(out)
    failed_keeping(out, before, render(out, force=True), "previous version was kept")


@pytest.mark.slow
def test_corrupt_state_file(tmp):
    out, _ = published(tmp)
    (out / ".state" / "tiny.json").write_text("{broken", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = render(out)
    assert summary.results[0].status == "fresh" and caught, "no warning or no render"
    assert "Tiny report" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_html_only_after_pdf(tmp):
    out = tmp / "reports"
    render(out, formats=["html", "pdf"])
    render(out, formats=["html"], force=True)
    assert not (out / "tiny.pdf").exists(), "older PDF left"
    assert 'href="tiny.pdf"' not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_two_parameter_sets_one_file(tmp):
    out = tmp / "reports"
    first = render(out, parameters={"start": "2015-01-01"}).results[0].slug
    second = render(out, parameters={"end": "2015-01-01"}).results[0].slug
    assert first != second and (out / f"{first}.html").is_file()


@pytest.mark.slow
def test_interrupted_in_process(tmp, monkeypatch):
    out, before = published(tmp)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(runner, "execute_job", interrupt)
        expect(KeyboardInterrupt, "", render, out, force=True)
    assert snapshot(out) == before
    assert render(out).results[0].status == "reused", "lock kept"


def _render_pair(out) -> tuple[list[str], list[str]]:
    """Render the two runs of "pair"; return their statuses and the warnings given."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = runner.render(["pair"], output_dir=out, workers=1, formats=["html"])
    return [r.status for r in summary.results], [str(w.message) for w in caught]


@pytest.mark.slow
def test_fork_server_cannot_start(tmp, monkeypatch):
    from sahel_analysis.render import forkserver

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(forkserver, "server_folder", full)
    statuses, said = _render_pair(tmp / "out")
    assert statuses == ["fresh", "fresh"], statuses
    assert any("could not start" in w and "started cold" in w for w in said), said


@pytest.mark.slow
def test_fork_server_killed_mid_render(tmp):
    import psutil

    def kill_server() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            for child in psutil.Process().children():
                if "forkserver" in " ".join(child.cmdline()) and child.children():
                    child.kill()  # a forked kernel runs: the server dies under it
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_server)
    killer.start()
    statuses, said = _render_pair(tmp / "out")
    killer.join()
    assert statuses == ["fresh", "fresh"], statuses  # its kernel lives; the next starts cold
    assert any("stopped early" in w for w in said), said


@pytest.mark.slow
def test_sigint_mid_render(tmp):
    argv = [sys.executable, "-m", "sahel_analysis.cli", "render", "slow", "--workers", "1",
            "--format", "html", "--output-dir", str(tmp / "out")]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    time.sleep(4)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, process.returncode
    noise = [n for n in ("Traceback", "ZMQError", "DeadKernelError", "[IPKernelApp]")
             if n in err]
    assert not noise, f"noise: {noise}"
