"""Report kernels forked from a pre-imported parent (:mod:`.forkserver`) instead of started cold.

nbclient starts each report's kernel through :class:`ForkingKernelManager`, the usual
jupyter_client manager with one difference: when the kernel to start is ipykernel on this
very interpreter, :class:`ForkingProvisioner` asks this process's fork server for it, and
the kernel begins with pandas, matplotlib and the package already imported. Anything else
(another kernel, another Python, no ``fork``, a fork server that failed) starts the ordinary
way. ``SAHEL_ANALYSIS_FORK_KERNELS=0`` turns forking off.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import threading
import time
import uuid
import warnings
from typing import Any

import psutil
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

FORK_ENV = "SAHEL_ANALYSIS_FORK_KERNELS"
READY_TIMEOUT = 60  # seconds the fork server may take to import


class ForkServer:
    """A :mod:`.forkserver` process of this one, started at once, used when ready."""

    def __init__(self) -> None:
        """Start the server (it imports in the background until the first fork)."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sahel_analysis.render.forkserver"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
            start_new_session=True)  # as kernels: a Ctrl-C is for the render to handle
        self.ready = False

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        """Return the pid of a new kernel run with `argv`, `env` in `cwd`."""
        if not self.ready:
            self._expect("ready")
            self.ready = True
        self.process.stdin.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}) + "\n")
        self.process.stdin.flush()
        return int(self._expect("pid"))

    def _expect(self, key: str):
        line = self.process.stdout.readline()
        message = json.loads(line) if line.strip() else {"error": "the fork server exited"}
        if key not in message:
            raise OSError(message.get("error", f"unexpected answer {line!r}"))
        return message[key]

    def close(self) -> None:
        """Stop the server (its stdin closes; it exits, and so do kernels still running)."""
        for stream in (self.process.stdin, self.process.stdout):
            stream.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_server: list[ForkServer] = []
_failed: list[str] = []
_lock = threading.Lock()


def enabled() -> bool:
    """Return True when kernels may be forked here (POSIX fork, not turned off)."""
    return hasattr(os, "fork") and os.environ.get(FORK_ENV, "1") != "0" and not _failed


def start_fork_server() -> None:
    """Start this process's fork server now, so it imports while other work goes on."""
    with _lock:
        if enabled() and not _server:
            _server.append(ForkServer())


def stop_fork_server() -> None:
    """Stop this process's fork server, if it runs (the next kernel starts a new one)."""
    with _lock:
        while _server:
            _server.pop().close()


def _fork(argv: list[str], env: dict[str, str], cwd: str) -> int | None:
    """Return the pid of a forked kernel, or None to start it the ordinary way."""
    start_fork_server()
    with _lock:
        if not _server:
            return None
        try:
            return _server[0].fork(argv, env, cwd)
        except (OSError, ValueError) as error:  # the server failed: stop using it
            _failed.append(str(error))
            _server.pop().close()
            warnings.warn(f"kernels start without the fork server from now on ({error})",
                          RuntimeWarning, stacklevel=2)
            return None


def forkable(cmd: list[str]) -> bool:
    """Return True for ``<this python> -m ipykernel_launcher …``: what the server can fork."""
    return (len(cmd) > 2 and cmd[1:3] == ["-m", "ipykernel_launcher"]
            and os.path.abspath(cmd[0]) == os.path.abspath(sys.executable))


class ForkedProcess:
    """What jupyter_client uses of a Popen, for a kernel that is the fork server's child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        """Follow the process `pid`."""
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._process: psutil.Process | None = psutil.Process(pid)
        except psutil.NoSuchProcess:
            self._process = None

    def poll(self) -> int | None:
        """Return None while the kernel runs, else its exit code (0: not known here)."""
        if self.returncode is None and not (
                self._process is not None and self._process.is_running()
                and self._process.status() != psutil.STATUS_ZOMBIE):
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the kernel has exited."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send `signum` to the kernel, if it still runs."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        """Kill the kernel."""
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Ask the kernel to terminate."""
        import signal

        self.send_signal(signal.SIGTERM)


class ForkingProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching ipykernel through the fork server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        """Fork the kernel when it can be forked; else launch it as LocalProvisioner does."""
        pid = None
        if enabled() and forkable(cmd):
            cwd = str(kwargs.get("cwd") or pathlib.Path.cwd())
            env = dict(kwargs.get("env") or os.environ)
            pid = _fork(cmd[3:], env, cwd)
        if pid is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedProcess(pid)
        self.pid = self.pgid = pid  # the child calls setsid(): its group is its pid
        self.cwd = kwargs.get("cwd", pathlib.Path.cwd())
        return self.connection_info


class ForkingKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, with :class:`ForkingProvisioner` for the kernel."""

    async def _async_pre_start_kernel(self, **kw: Any):
        self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
        if self.provisioner is None:
            self.provisioner = ForkingProvisioner(kernel_id=self.kernel_id,
                                                  kernel_spec=self.kernel_spec, parent=self)
        return await super()._async_pre_start_kernel(**kw)
