"""The render pool: safe from a plain script, and its workers die with their parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from sahel_analysis.render import pool
from sahel_analysis.render.jobs import Job, RenderSummary, Status

ROOT = Path(__file__).resolve().parents[2]
MARK = "SUMMARY-JSON:"


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.slow
def test_a_plain_script_without_a_main_guard_renders(tiny_catalog, tmp_path):
    script = tmp_path / "monthly.py"  # as the README's Python block, saved and run
    script.write_text(textwrap.dedent(f"""
        from sahel_analysis.render import render
        summary = render(["country"], output_dir={str(tiny_catalog["out"])!r}, workers=2,
                         formats=["html"])
        print({MARK!r} + summary.as_json())
    """))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         cwd=tmp_path, env=_environment(), timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = json.loads(run.stdout.split(MARK, 1)[1])
    assert summary["counts"]["fresh"] == 2, summary["failed"]
    assert summary["failed"] == {}


def test_workers_start_without_the_callers_main_module(monkeypatch, tmp_path):
    script = tmp_path / "caller.py"
    script.write_text("raise SystemExit('the caller was run again')\n")
    monkeypatch.setattr(sys.modules["__main__"], "__file__", str(script), raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    with pool.worker_pool(1) as workers:
        assert workers.submit(os.getpid).result(timeout=60) != os.getpid()


def test_a_worker_exits_when_its_parent_is_killed(tmp_path):
    code = textwrap.dedent("""
        import time
        from sahel_analysis.render import pool
        with pool.worker_pool(2) as workers:
            futures = [workers.submit(time.sleep, 120) for _ in range(2)]
            time.sleep(120)
    """)
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=_environment())
    try:
        children = _wait_for_children(parent.pid, 3)  # 2 workers and the resource tracker
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _gone_within(children, 10) == []
    finally:
        parent.kill()


KILLED = {
    "render": "from sahel_analysis.render import render\n"
              "render(['sleepy'], output_dir={out!r}, workers=2, formats=['html'])\n",
    "update": "from sahel_analysis.update import update\n"
              "update(['sleepy'], output_dir={out!r}, workers=2, formats=['html'], "
              "archive=False, timeout=1)\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("entry", sorted(KILLED))
def test_a_killed_render_or_update_leaves_no_worker_kernel_or_server(
        tiny_catalog, data_copy, tmp_path, monkeypatch, entry):
    from sahel_analysis.sources.discovery import PUBLISHERS

    for variable, _ in PUBLISHERS.values():  # every publisher refuses at once: no network
        monkeypatch.setenv(variable, "http://127.0.0.1:9")
    code = KILLED[entry].format(out=str(tiny_catalog["out"]))
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=_environment())
    try:
        children = _wait_for_children(parent.pid, 5, kernels=2)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _gone_within(children, 10) == []
    finally:
        parent.kill()


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _is_kernel(process: psutil.Process) -> bool:
    try:
        return any("kernel" in part for part in process.cmdline()) or \
            process.name().startswith("sahel-kernel")
    except psutil.Error:
        return False


def _wait_for_children(pid: int, count: int, kernels: int = 0, timeout: float = 120
                       ) -> list[psutil.Process]:
    """Return the descendants of `pid` once there are `count` (with `kernels` kernels)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = _descendants(pid)
        if len(found) >= count and sum(_is_kernel(p) for p in found) >= kernels:
            time.sleep(1)  # let the kernels reach their cell
            return _descendants(pid)
        time.sleep(0.2)
    raise AssertionError(f"the render did not start its processes: {_descendants(pid)}")


def _gone_within(processes: list[psutil.Process], seconds: float) -> list[str]:
    """Return the processes still running (not zombies) after `seconds`."""
    deadline = time.monotonic() + seconds
    alive = processes
    while time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        if not alive:
            return []
        time.sleep(0.2)
    left = []
    for process in alive:
        with_cmd = " ".join(process.cmdline()[:4]) if _running(process) else "?"
        left.append(f"{process.pid} {with_cmd}")
        process.kill()
    return left


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_render_summary_json_gives_each_failure_its_reason():
    job = Job("tiny", "Tiny", "tiny.ipynb", {}, "tiny")
    other = Job("country", "Country", "country.ipynb", {}, "country-MLI")
    summary = RenderSummary([job.result(Status.FAILED, error="cell 3: ZeroDivisionError"),
                             other.result(Status.FRESH)], 1.0, Path("out"))
    payload = json.loads(summary.as_json())
    assert payload["failed"] == {"tiny": "cell 3: ZeroDivisionError"}
    assert payload["counts"] == {"fresh": 1, "reused": 0, "failed": 1}


def test_update_json_gives_each_failed_report_its_reason(monkeypatch, tmp_path):
    from sahel_analysis import update
    from sahel_analysis.render import runner
    from sahel_analysis.sources.discovery import Discovery

    job = Job("tiny", "Tiny", "tiny.ipynb", {}, "tiny")
    failed = RenderSummary([job.result(Status.FAILED, error="worker failed: BrokenProcessPool")],
                           1.0, tmp_path)
    monkeypatch.setattr(update, "refresh", lambda **_: update.RefreshResult(Discovery()))
    monkeypatch.setattr(runner, "render", lambda *a, **k: failed)
    summary = update.update(output_dir=tmp_path, archive=False)
    assert summary.exit_code == 1
    assert json.loads(summary.as_json())["failures"] == {
        "tiny": "worker failed: BrokenProcessPool"}
