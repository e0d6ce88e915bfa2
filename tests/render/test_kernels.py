"""Kernels forked from the pre-imported fork server, and the ordinary start as the fallback."""

import asyncio
import os
import sys
import time

import psutil
import pytest

from sahel_analysis.render import kernels

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
def fresh_server(monkeypatch):
    monkeypatch.setattr(kernels, "_failed", [])
    kernels.stop_fork_server()
    yield
    kernels.stop_fork_server()


def test_forkable_only_ipykernel_on_this_interpreter():
    assert kernels.forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not kernels.forkable(["/other/python", "-m", "ipykernel_launcher", "-f", "c.json"])
    assert not kernels.forkable([sys.executable, "-m", "other_kernel", "-f", "c.json"])
    assert not kernels.forkable(["R", "--slave"])


def test_forked_kernel_starts_preloaded_in_the_asked_folder_and_environment(
        tmp_path, fresh_server):
    first = probe_kernel(tmp_path)
    second = probe_kernel(tmp_path)
    server = kernels._server[0].process.pid
    assert first["ppid"] == server != os.getpid()  # forked by the server, not started here
    assert first["preloaded"]  # pandas was imported before the first cell
    assert first["cwd"] == str(tmp_path) and first["env"] == "yes"
    assert first["draw"] != second["draw"]  # each kernel has its own random seed
    assert not psutil.pid_exists(first["pid"]) or \
        psutil.Process(first["pid"]).status() == psutil.STATUS_ZOMBIE


def test_turned_off_kernels_start_the_ordinary_way(tmp_path, fresh_server, monkeypatch):
    monkeypatch.setenv(kernels.FORK_ENV, "0")
    kernel = probe_kernel(tmp_path)
    assert kernel["ppid"] == os.getpid() and not kernel["preloaded"]
    assert not kernels._server


def test_a_dead_fork_server_falls_back_with_a_warning(tmp_path, fresh_server):
    kernels.start_fork_server()
    kernels._server[0].process.kill()
    kernels._server[0].process.wait()
    with pytest.warns(RuntimeWarning, match="without the fork server"):
        kernel = probe_kernel(tmp_path)
    assert kernel["ppid"] == os.getpid() and kernel["env"] == "yes"
    assert not kernels.enabled()  # no new server is tried in this process


def test_kernels_exit_when_their_fork_server_stops(tmp_path, fresh_server):
    async def start():
        manager = kernels.ForkingKernelManager(kernel_name="python3")
        await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                                   cwd=str(tmp_path))
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=60)
        client.stop_channels()
        return manager.provisioner.pid

    pid = asyncio.run(start())  # left running, as by a worker that died
    kernel = psutil.Process(pid)
    kernels.stop_fork_server()
    deadline = time.monotonic() + 10
    while kernel.is_running() and kernel.status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the orphaned kernel kept running"
        time.sleep(0.2)
