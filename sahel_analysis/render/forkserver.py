"""The kernel fork server: one process that has imported what reports use, forking kernels.

A report's Python kernel spends about 0.9 s of CPU before its first cell: the interpreter,
IPython and ipykernel, then pandas, matplotlib and this package. The fork server pays that
once per render. It imports all of it (no data are read, no thread is started), then forks
one child per kernel. The child applies the environment and folder the kernel manager asked
for and runs ipykernel's own start-up with the connection file, exactly as
``python -m ipykernel_launcher`` would.

A render starts it with :func:`fork_server` (``python -m sahel_analysis.render.forkserver
SOCKET``); workers ask for kernels through :mod:`.kernels`. Each request
is a connection to the Unix socket SOCKET carrying one JSON line; the answer is one JSON line.
The server exits when its stdin closes (the render ended or died), and its kernels exit when
it does (ipykernel's parent poller sees them re-parented).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import pkgutil
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Iterator
from typing import Any, NoReturn

# What the report notebooks import before their first computed cell.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "matplotlib_inline.backend_inline",
           "matplotlib.pyplot", "pandas", "pyarrow.parquet", "IPython.display",
           "sahel_analysis.plots", "sahel_analysis.catalog")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
FORK_ENV = "SAHEL_ANALYSIS_FORK_KERNELS"  # "0": every kernel starts cold


def enabled() -> bool:
    """Return True when kernels may be forked here: Linux, and not turned off.

    Not on macOS, where system frameworks (Accelerate, Objective-C) are not safe to use in a
    forked child; not on Windows, which has no fork.
    """
    return sys.platform.startswith("linux") and os.environ.get(FORK_ENV, "1") != "0"


@contextlib.contextmanager
def fork_server(kernels: int = 2) -> Iterator[str | None]:
    """Run a fork server for a render; yield its socket address (None: kernels start cold).

    The server starts importing at once and stops at the end; workers pass the address to
    :func:`.kernels.use_fork_server`. For fewer than 2 `kernels` none runs: its imports
    would cost what one kernel saves.
    """
    if not enabled() or kernels < 2:
        yield None
        return
    folder = tempfile.mkdtemp(prefix="sahel-fork-")
    address = os.path.join(folder, "kernels.sock")
    process = subprocess.Popen(
        [sys.executable, "-m", "sahel_analysis.render.forkserver", address],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        start_new_session=True)  # as kernels: a Ctrl-C is for the render to handle
    try:
        yield address if _bound(address, process) else None
    finally:
        process.stdin.close()  # the server exits, and kernels still running after it
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _bound(address: str, process: subprocess.Popen, timeout: float = 30) -> bool:
    """Wait until the server listens at `address` (it binds before importing)."""
    deadline = time.monotonic() + timeout
    while not os.path.exists(address):
        if process.poll() is not None or time.monotonic() > deadline:
            warnings.warn("the kernel fork server did not start: kernels start cold",
                          RuntimeWarning, stacklevel=3)
            return False
        time.sleep(0.005)
    return True


def preload() -> None:
    """Import the kernel, the plotting stack and every report module."""
    # As a kernel does: ipykernel selects the inline backend before matplotlib is imported.
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in PRELOAD:
        importlib.import_module(name)
    import sahel_analysis.reports as reports

    for module in pkgutil.iter_modules(reports.__path__):
        importlib.import_module(f"sahel_analysis.reports.{module.name}")


def main(path: str) -> None:
    """Listen on `path` (requests wait while it imports), then fork a kernel per request."""
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher: the kernel adds its own folder back
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the render's to handle
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(16)
    os.rename(path + ".new", path)  # the address appears once it accepts connections
    try:
        preload()
        failure = None
    except Exception as error:  # every request is told; the workers start kernels cold
        failure = f"the fork server could not import: {type(error).__name__}: {error}"
    gc.collect()
    gc.freeze()  # the preloaded objects are never scanned (or copied) by the kernels' GC
    _trim_heap()  # what the imports freed goes back to the system, not into every kernel
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    with selectors.DefaultSelector() as selector:
        selector.register(listener, selectors.EVENT_READ)
        selector.register(sys.stdin, selectors.EVENT_READ)
        while True:
            for key, _ in selector.select():
                if key.fileobj is sys.stdin:
                    if not sys.stdin.readline():  # closed: the render is over
                        return
                    continue
                connection, _ = listener.accept()
                with connection:
                    _serve(connection, listener, failure)


def _trim_heap() -> None:
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _serve(connection: socket.socket, listener: socket.socket, failure: str | None) -> None:
    stream = connection.makefile("rwb")
    try:
        request = json.loads(stream.readline() or b"{}")
        if failure or "argv" not in request:
            answer = {"error": failure or "empty request"}
        else:
            pid = os.fork()
            if pid == 0:
                for resource in (stream, connection, listener):
                    resource.close()
                run_kernel(request)
            answer = {"pid": pid}
        stream.write(json.dumps(answer).encode() + b"\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # the worker went away or sent garbage: its kernel starts cold
    finally:
        stream.close()


def run_kernel(request: dict[str, Any]) -> NoReturn:
    """In the forked child: become the kernel the request describes, then exit."""
    code = 1
    try:
        os.setsid()  # its own process group, as jupyter_client starts kernels
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # interrupts a cell
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # ipykernel's parent poller: the kernel exits when the fork server does. (Its default
        # was read from the environment when the server imported ipykernel.)
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = [sys.executable, *argv]
        import numpy

        numpy.random.seed()  # a fresh global seed per kernel, as a new process has
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stderr.flush()
        finally:
            os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1])
