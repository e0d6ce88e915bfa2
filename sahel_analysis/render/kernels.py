"""Report kernels forked from a pre-imported parent (:mod:`.forkserver`) instead of started cold.

A render runs one fork server (:func:`.forkserver.fork_server`); its workers start each
report's kernel through :class:`ForkingKernelManager`, the usual jupyter_client manager with
one difference: when the kernel to start is ipykernel on this very interpreter,
:class:`ForkingProvisioner` asks the fork server for it, and the kernel begins with pandas,
matplotlib and the package already imported. Anything else (another kernel, another Python,
no ``fork``, a fork server that failed) starts the ordinary way.
``SAHEL_ANALYSIS_FORK_KERNELS=0`` turns forking off.
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import uuid
from typing import Any

import psutil
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

REQUEST_TIMEOUT = 120  # seconds a fork may take (the first waits for the server's imports)

_address: list[str] = []
_broken: set[str] = set()
log = logging.getLogger(__name__)


def use_fork_server(address: str | None) -> None:
    """Fork this process's kernels from the server at `address` (None: start them cold).

    A server that failed in this process is not used again.
    """
    _address[:] = [address] if address and address not in _broken else []


def _fork(argv: list[str], env: dict[str, str], cwd: str) -> int | None:
    """Return the pid of a kernel forked by the server, or None to start it cold."""
    if not _address:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(REQUEST_TIMEOUT)
            connection.connect(_address[0])
            with connection.makefile("rwb") as stream:
                stream.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode()
                             + b"\n")
                stream.flush()
                answer = json.loads(stream.readline() or b'{"error": "no answer"}')
        if "cold" in answer:  # this kernel only, e.g. asked for with another PYTHONPATH
            log.info("kernel started cold: %s", answer["cold"])
            return None
        return int(answer["pid"])
    except (OSError, ValueError, KeyError, TypeError) as error:  # not used again here
        _broken.add(_address.pop())
        log.warning("kernels start cold from now on: the fork server failed (%s)", error)
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
        if self.returncode is None and not self._running():
            self.returncode = 0
        return self.returncode

    def _running(self) -> bool:
        try:
            return (self._process is not None and self._process.is_running()
                    and self._process.status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:  # exited (and reaped) between the two questions
            return False

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
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        """Ask the kernel to terminate."""
        self.send_signal(signal.SIGTERM)


class ForkingProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching ipykernel through the fork server."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        """Fork the kernel when it can be forked; else launch it as LocalProvisioner does."""
        pid = None
        if forkable(cmd):
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
