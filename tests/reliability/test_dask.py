"""Dask faults: a scheduler without workers, or whose last worker dies, never hangs a render.

The render runs in a subprocess (so the old behaviour, waiting forever, fails by timeout)
with a short ``WORKER_WAIT``; it must end with a clear message, leave no ``.staging`` folder
and release the output folder's lock.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from tests.render.conftest import tiny_catalog  # noqa: F401  the tiny catalog fixture

ROOT = Path(__file__).resolve().parents[2]

RENDER = textwrap.dedent("""
    import sys
    from sahel_analysis.exceptions import SahelAnalysisError
    from sahel_analysis.render import runner
    from sahel_analysis.render import cluster
    cluster.WORKER_WAIT = 3
    try:
        summary = runner.render([sys.argv[2]], output_dir=sys.argv[1], formats=["html"],
                                scheduler=sys.argv[3])
    except SahelAnalysisError as error:
        print(f"ERROR {type(error).__name__}: {error}")
        raise SystemExit(1)
    for result in summary.results:
        print(f"RESULT {result.slug} {result.status} {result.error}")
""")


@pytest.fixture
def scheduler():
    """A Dask scheduler on 127.0.0.1 with no worker."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster:
        yield cluster.scheduler_address


def _render(out: Path, report: str, address: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", RENDER, str(out), report, address],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _assert_clean(out: Path) -> None:
    from filelock import FileLock

    assert not (out / ".staging").exists()
    FileLock(str(out / ".render.lock")).acquire(timeout=0)  # released


def test_a_scheduler_without_workers_fails_clearly(tiny_catalog, scheduler):  # noqa: F811
    process = _render(tiny_catalog["out"], "tiny", scheduler)
    try:
        stdout, stderr = process.communicate(timeout=90)
    finally:
        process.kill()
    assert process.returncode == 1, stderr[-2000:]
    assert "ERROR SchedulerUnavailableError" in stdout and "no worker for 3 s" in stdout
    assert "Traceback" not in stderr
    _assert_clean(tiny_catalog["out"])


@pytest.mark.slow
def test_a_render_whose_only_worker_dies_fails_clearly(tiny_catalog, scheduler):  # noqa: F811
    worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", scheduler,
                               "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                               "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    process = _render(tiny_catalog["out"], "slow", scheduler)
    try:
        _wait_for_a_kernel(worker.pid)
        for child in [psutil.Process(worker.pid), *psutil.Process(worker.pid).children(True)]:
            child.send_signal(signal.SIGKILL)  # the nanny, the worker, its kernel
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        worker.kill()
    assert process.returncode == 0, stderr[-2000:]
    assert "RESULT slow failed no Dask worker" in stdout, stdout
    _assert_clean(tiny_catalog["out"])


def _wait_for_a_kernel(pid: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in psutil.Process(pid).children(recursive=True):
            try:
                if any("kernel" in part for part in child.cmdline()):
                    return
            except psutil.Error:
                continue
        time.sleep(0.3)
    raise AssertionError("the Dask worker did not start a kernel")
