"""Kernels forked from the pre-imported fork server, and the ordinary start as the fallback."""

import asyncio
import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time

import psutil
import pytest

from sahel_analysis.render import forkserver, kernels
from sahel_analysis.render.forkserver import FORK_ENV, fork_server

PROBE = ("import os, sys, numpy, matplotlib, pyarrow\n"
         "print(os.getpid(), os.getppid(), 'pandas' in sys.modules, os.getcwd(),"
         " os.environ.get('SAHEL_PROBE'), numpy.random.randint(1 << 30),"
         " matplotlib.rcParams['lines.linewidth'], pyarrow.default_memory_pool().backend_name,"
         " os.path.basename(sys.argv[0]), os.environ.get('JPY_PARENT_PID'))")


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
        pid, ppid, preloaded, kernel_cwd, probe, draw, width, pool, argv0, parent = \
            "".join(out).split()
        return {"pid": int(pid), "ppid": int(ppid), "preloaded": preloaded == "True",
                "cwd": kernel_cwd, "env": probe, "draw": int(draw), "linewidth": width,
                "arrow_pool": pool, "argv0": argv0, "parent": parent}
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


def test_a_forked_kernel_is_the_kernel_a_cold_start_gives(tmp_path, server):
    first = probe_kernel(tmp_path)
    second = probe_kernel(tmp_path)
    kernels.use_fork_server(None)
    cold = probe_kernel(tmp_path)
    assert first["ppid"] == _server_pid(server) != os.getpid()  # forked by the server
    assert first["preloaded"] and not cold["preloaded"]  # pandas came with the fork
    assert first["cwd"] == cold["cwd"] == str(tmp_path) and first["env"] == "yes"
    assert first["draw"] != second["draw"]  # each kernel has its own random seed
    for same in ("linewidth", "arrow_pool", "argv0", "parent"):
        assert first[same] == cold[same], same
    assert first["arrow_pool"] == "system" and first["parent"] == str(os.getpid())
    assert not psutil.pid_exists(first["pid"]) or \
        psutil.Process(first["pid"]).status() == psutil.STATUS_ZOMBIE


def test_the_callers_folder_does_not_configure_the_forked_kernels(tmp_path, monkeypatch):
    caller = tmp_path / "caller"
    caller.mkdir()
    (caller / "matplotlibrc").write_text("lines.linewidth: 7\n")
    monkeypatch.chdir(caller)  # where the render is started
    with fork_server() as address:
        kernels.use_fork_server(address)
        forked = probe_kernel(tmp_path)
    kernels.use_fork_server(None)
    assert forked["preloaded"] and forked["linewidth"] == "1.5"  # the staging folder's


def test_without_a_server_kernels_start_the_ordinary_way(tmp_path):
    kernels.use_fork_server(None)
    kernel = probe_kernel(tmp_path)
    assert kernel["ppid"] == os.getpid() and not kernel["preloaded"]


def test_a_kernel_asked_with_another_import_time_environment_starts_cold(tmp_path, server):
    kernel = probe_kernel(tmp_path, PYTHONPATH=str(tmp_path))
    assert kernel["ppid"] == os.getpid() and not kernel["preloaded"]
    assert probe_kernel(tmp_path)["preloaded"]  # the server is still used for the next


def _request(address, **request):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(address)
        connection.sendall(json.dumps(request).encode() + b"\n")
        return json.loads(connection.makefile("rb").readline())


def test_bad_silent_or_abandoned_requests_do_not_stop_the_server(tmp_path, server):
    assert _request(server, argv="-f") == {"cold": "malformed request"}
    assert _request(server, argv=[], env={}, cwd="/no/such/folder") == {
        "cold": "malformed request"}
    pid = _server_pid(server)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as abandoned:
        abandoned.connect(server)
        abandoned.sendall(json.dumps({"argv": ["-f", str(tmp_path / "k.json")],
                                      "env": dict(os.environ), "cwd": str(tmp_path)}).encode()
                          + b"\n")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.connect(server)  # sends nothing: the server waits 2 s for it, then goes on
        started = time.monotonic()
        assert probe_kernel(tmp_path)["preloaded"]
        assert time.monotonic() - started < forkserver.REQUEST_READ_TIMEOUT + 8
    time.sleep(0.5)
    assert psutil.Process(pid).is_running()
    assert not psutil.Process(pid).children()  # the abandoned kernel was not left running


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


def test_a_dead_fork_server_falls_back_with_a_warning(tmp_path, caplog):
    with pytest.warns(RuntimeWarning, match="stopped early.*kernels started cold"), \
            fork_server() as address:
        kernels.use_fork_server(address)
        victim = psutil.Process(_server_pid(address))
        victim.kill()
        victim.wait(timeout=10)
        kernel = probe_kernel(tmp_path)
    assert kernel["ppid"] == os.getpid() and kernel["env"] == "yes"
    assert "kernels start cold from now on" in caplog.text
    kernels.use_fork_server(address)
    assert not kernels._address  # a server that failed here is not asked again
    kernels.use_fork_server(None)


def test_a_server_that_cannot_import_says_why_and_kernels_start_cold(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))  # the server imports a broken pandas
    (tmp_path / "pandas.py").write_text("raise ImportError('broken on purpose')\n")
    with pytest.warns(RuntimeWarning, match="could not import.*broken on purpose"), \
            fork_server() as address:
        kernels.use_fork_server(address)
        monkeypatch.delenv("PYTHONPATH")
        kernel = probe_kernel(tmp_path / "..")
    kernels.use_fork_server(None)
    assert kernel["ppid"] == os.getpid()


WORKER = """
import json, os, sys, time
from sahel_analysis.render import kernels
kernels.use_fork_server(sys.argv[1])
pid = kernels._fork(["-f", sys.argv[2], "--IPKernelApp.log_level=CRITICAL"],
                    dict(os.environ), sys.argv[3])
print(pid, flush=True)
time.sleep(60)
"""


def _gone(pid, seconds=10):
    deadline = time.monotonic() + seconds
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_kernel_lives_as_long_as_its_worker_not_the_server(tmp_path):
    with fork_server() as address:
        worker = subprocess.Popen([sys.executable, "-c", WORKER, address,
                                   str(tmp_path / "k.json"), str(tmp_path)],
                                  stdout=subprocess.PIPE, text=True)
        kernel = int(worker.stdout.readline())
        assert psutil.Process(kernel).ppid() == _server_pid(address)
        folder = os.path.dirname(address)
    assert not os.path.exists(folder)  # the server removed its socket folder
    time.sleep(1.5)
    assert psutil.pid_exists(kernel)  # the server is gone; the kernel's worker is not
    worker.kill()
    worker.wait()
    assert _gone(kernel), "the kernel outlived the worker that asked for it"


def test_forking_is_for_linux_only(monkeypatch):
    from sahel_analysis.render import forkserver

    monkeypatch.setattr(forkserver.sys, "platform", "darwin")
    assert not forkserver.enabled()
    monkeypatch.setattr(forkserver.sys, "platform", "linux")
    assert forkserver.enabled()


def _forked_since(started):
    """Fork servers and forked kernels started since `started` (orphans included)."""
    found = []
    for process in psutil.process_iter(["cmdline", "create_time", "status"]):
        if (process.info["create_time"] >= started and process.info["status"] != "zombie"
                and "sahel_analysis.render.forkserver" in " ".join(
                    process.info["cmdline"] or [])):
            found.append(process.pid)
    return found


@pytest.mark.slow
def test_forked_kernels_time_out_die_and_leave_nothing_running(tiny_catalog):
    from sahel_analysis.render import runner

    created = time.time()
    started = time.monotonic()
    summary = runner.render(["sleepy"], output_dir=tiny_catalog["out"], formats=["html"],
                            workers=2, timeout=2)
    assert time.monotonic() - started < 25  # interrupted, not left to sleep 30 s
    assert [r.error for r in summary.results] == ["a cell timed out after 2 s (raise "
                                                  "--timeout if it needs longer)"] * 2
    summary = runner.render(["dies"], output_dir=tiny_catalog["out"], formats=["html"],
                            workers=2)
    assert all(r.status == "failed" and "kernel died" in r.error for r in summary.results)
    time.sleep(1)
    assert not _forked_since(created)


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


def test_without_pidfd_a_kernel_still_exits_with_its_worker(monkeypatch):
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr(forkserver.os, "pidfd_open", lambda pid: (_ for _ in ()).throw(
        OSError(38, "Function not implemented")))
    watcher = os.fork()
    if watcher == 0:  # stands for a forked kernel
        forkserver._exit_with(worker.pid)
        time.sleep(30)
        os._exit(0)
    try:
        time.sleep(1.2)
        assert os.waitpid(watcher, os.WNOHANG) == (0, 0)  # still running with its worker
        worker.kill()
        worker.wait()
        deadline = time.monotonic() + 5
        while os.waitpid(watcher, os.WNOHANG) == (0, 0):
            assert time.monotonic() < deadline, "the kernel outlived its worker"
            time.sleep(0.1)
    finally:
        with contextlib.suppress(OSError):
            os.kill(watcher, 9)


def test_a_long_temporary_folder_still_gives_a_socket_path_that_fits(tmp_path, monkeypatch):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True)
    monkeypatch.setattr(forkserver.tempfile, "tempdir", str(deep))
    folder = forkserver.server_folder()
    try:
        assert len(os.fsencode(os.path.join(folder, "kernels.sock.new"))) <= 104
        assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    finally:
        os.rmdir(folder)
