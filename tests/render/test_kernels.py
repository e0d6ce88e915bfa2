"""Kernels forked from the pre-imported fork server, and the ordinary start as the fallback."""

import asyncio
import os
import re
import sys
import time

import psutil
import pytest

from sahel_analysis.render import kernels
from sahel_analysis.render.forkserver import FORK_ENV, fork_server

PROBE = ("import os, sys, numpy\n"
         "print(os.getpid(), os.getppid(), 'pandas' in sys.modules, os.getcwd(),"
         " os.environ.get('SAHEL_PROBE'), numpy.random.randint(1 << 30))")


async def _run_kernel(cwd, env):
    manager = kernels.ForkingKernelManager(kernel_name="python3")
    await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                               cwd=str(cwd), env=env)
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        out = []
        reply = await client.execute_interactive(
            PROBE, timeout=60, output_hook=lambda m: out.append(m["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        pid, ppid, preloaded, kernel_cwd, probe, draw = "".join(out).split()
        return {"pid": int(pid), "ppid": int(ppid), "preloaded": preloaded == "True",
                "cwd": kernel_cwd, "env": probe, "draw": int(draw)}
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
        assert not await manager.is_alive()


def probe_kernel(tmp_path, **env):
    """Start a kernel through ForkingKernelManager; return what it says of itself."""
    return asyncio.run(_run_kernel(tmp_path, {**os.environ, "SAHEL_PROBE": "yes", **env}))


@pytest.fixture
def server():
    """A running fork server that this process's kernels are forked from."""
    with fork_server() as address:
        kernels.use_fork_server(address)
        yield address
    kernels.use_fork_server(None)


def test_forkable_only_ipykernel_on_this_interpreter():
    assert kernels.forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not kernels.forkable(["/other/python", "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not kernels.forkable([sys.executable, "-m", "other_kernel", "-f", "c.json"])
    assert not kernels.forkable(["R", "--slave"])


def _server_pid(address):
    return next(p.pid for p in psutil.Process().children()
                if address in " ".join(p.cmdline()))


def test_forked_kernel_starts_preloaded_in_the_asked_folder_and_environment(tmp_path, server):
    first = probe_kernel(tmp_path)
    second = probe_kernel(tmp_path)
    assert first["ppid"] == _server_pid(server) != os.getpid()  # forked by the server
    assert first["preloaded"]  # pandas was imported before the first cell
    assert first["cwd"] == str(tmp_path) and first["env"] == "yes"
    assert first["draw"] != second["draw"]  # each kernel has its own random seed
    assert not psutil.pid_exists(first["pid"]) or \
        psutil.Process(first["pid"]).status() == psutil.STATUS_ZOMBIE


def test_without_a_server_kernels_start_the_ordinary_way(tmp_path):
    kernels.use_fork_server(None)
    kernel = probe_kernel(tmp_path)
    assert kernel["ppid"] == os.getpid() and not kernel["preloaded"]


def _servers():
    return [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]


def test_no_server_runs_when_turned_off_or_for_one_kernel(monkeypatch):
    with fork_server(kernels=1) as address:
        assert address is None and not _servers()
    monkeypatch.setenv(FORK_ENV, "0")
    with fork_server() as address:
        assert address is None and not _servers()


def _kernel_starts(catalog, **options):
    from sahel_analysis.render import runner

    summary = runner.render(["kernel"], output_dir=catalog["out"], force=True,
                            formats=["html"], **options)
    assert {r.status for r in summary.results} == {"fresh"}, summary.results
    assert not _servers()  # stopped with the render
    return sorted(re.search(r"kernel (forked|cold)", (catalog["out"] / f"{r.slug}.html")
                            .read_text()).group(1) for r in summary.results)


@pytest.mark.slow
def test_a_render_forks_its_kernels_from_one_server(tiny_catalog, monkeypatch):
    assert _kernel_starts(tiny_catalog, workers=2) == ["forked", "forked"]
    assert _kernel_starts(tiny_catalog, workers=1) == ["forked", "forked"]
    from sahel_analysis.render import runner

    one = runner.render(["kernel"], {"start": "2014-01-01"}, output_dir=tiny_catalog["out"],
                        formats=["html"], workers=1)
    assert "kernel cold" in (tiny_catalog["out"] / f"{one.results[0].slug}.html").read_text()
    monkeypatch.setenv(FORK_ENV, "0")
    assert _kernel_starts(tiny_catalog, workers=1) == ["cold", "cold"]


def test_a_dead_fork_server_falls_back_with_a_warning(tmp_path, server):
    victim = psutil.Process(_server_pid(server))
    victim.kill()
    victim.wait(timeout=10)
    with pytest.warns(RuntimeWarning, match="without the fork server"):
        kernel = probe_kernel(tmp_path)
    assert kernel["ppid"] == os.getpid() and kernel["env"] == "yes"
    assert not kernels._address  # no more requests to it from this process


def test_a_server_that_cannot_import_answers_an_error_and_kernels_start_cold(
        tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the server imports a broken pandas
    (tmp_path / "pandas.py").write_text("raise ImportError('broken on purpose')\n")
    with fork_server() as address:
        kernels.use_fork_server(address)
        monkeypatch.delenv("PYTHONPATH")
        with pytest.warns(RuntimeWarning, match="could not import.*broken on purpose"):
            kernel = probe_kernel(tmp_path / "..")
    kernels.use_fork_server(None)
    assert kernel["ppid"] == os.getpid()


def test_kernels_exit_when_their_fork_server_stops(tmp_path):
    async def start():
        manager = kernels.ForkingKernelManager(kernel_name="python3")
        await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                                   cwd=str(tmp_path))
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=60)
        client.stop_channels()
        return manager.provisioner.pid

    with fork_server() as address:
        kernels.use_fork_server(address)
        pid = asyncio.run(start())  # left running, as by a worker that died
        kernel = psutil.Process(pid)
        assert kernel.ppid() == _server_pid(address)
    kernels.use_fork_server(None)
    deadline = time.monotonic() + 10
    while kernel.is_running() and kernel.status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the orphaned kernel kept running"
        time.sleep(0.2)
    assert not list(tmp_path.glob("*.sock"))


def test_forking_is_for_linux_only(monkeypatch):
    from sahel_analysis.render import forkserver

    monkeypatch.setattr(forkserver.sys, "platform", "darwin")
    assert not forkserver.enabled()
    monkeypatch.setattr(forkserver.sys, "platform", "linux")
    assert forkserver.enabled()


def _descendants_named(word):
    return [p for p in psutil.Process().children(recursive=True)
            if word in " ".join(p.cmdline())]


@pytest.mark.slow
def test_forked_kernels_time_out_die_and_leave_nothing_running(tiny_catalog):
    from sahel_analysis.render import runner

    started = time.monotonic()
    summary = runner.render(["sleepy"], output_dir=tiny_catalog["out"], formats=["html"],
                            workers=2, timeout=2)
    assert time.monotonic() - started < 25  # interrupted, not left to sleep 30 s
    assert [r.error for r in summary.results] == ["a cell timed out after 2 s (raise "
                                                  "--timeout if it needs longer)"] * 2
    summary = runner.render(["dies"], output_dir=tiny_catalog["out"], formats=["html"],
                            workers=2)
    assert all(r.status == "failed" and "kernel died" in r.error for r in summary.results)
    assert not _descendants_named("forkserver") and not _descendants_named("ipykernel")


@pytest.mark.slow
def test_ctrl_c_with_forked_kernels_exits_130_quietly_and_stops_them(tiny_catalog):
    import signal
    import subprocess

    argv = [sys.executable, "-m", "sahel_analysis.cli", "render", "sleepy", "--format", "html",
            "--workers", "2", "--output-dir", str(tiny_catalog["out"])]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 30
    while not [p for p in psutil.Process(process.pid).children(recursive=True)
               if "forkserver" in " ".join(p.cmdline())
               and p.ppid() != process.pid]:  # a forked kernel runs (the server's child)
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.2)
    forked = {p.pid for p in psutil.Process(process.pid).children(recursive=True)}
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted" in err
    assert not [n for n in ("Traceback", "ZMQError", "DeadKernelError", "[IPKernelApp]")
                if n in err], err
    time.sleep(2)  # kernels notice their server is gone within a second
    assert not [pid for pid in forked if psutil.pid_exists(pid)
                and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
