"""The kernel fork server: one process that has imported what reports use, forking kernels.

A report's Python kernel spends about 1.3 s of CPU before its first cell: the interpreter,
IPython and ipykernel, then pandas, matplotlib and this package. The fork server pays that
once per render. It imports all of it in an empty folder (no data are read, no matplotlibrc
of the caller's folder applies), then forks one child per kernel. The child applies the
environment and folder the kernel manager asked for and runs ipykernel's own start-up with
the connection file, as ``python -m ipykernel_launcher`` would.

A render starts it with :func:`fork_server` (``python -m sahel_analysis.render.forkserver
SOCKET``); workers ask for kernels through :mod:`.kernels`. Each request is a connection to the
Unix socket SOCKET (in a folder only this user can open; the peer's uid is checked) carrying
one JSON line; the answer is one JSON line.

Lifetimes: the server exits when its stdin closes (the render ended or died) and removes its
folder. A kernel watches the worker that asked for it (not the server) and exits when that
worker is gone, as a cold kernel does; a server that dies takes no running kernel with it.
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
import struct
import subprocess
import sys
import tempfile
import threading
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
# Read when the preloaded modules are imported: a kernel asked for with other values of these
# would not be the kernel it asks for, so it starts cold.
IMPORT_TIME_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONHASHSEED", "MPLBACKEND", "MPLCONFIGDIR",
                   "ARROW_DEFAULT_MEMORY_POOL", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                   "MKL_NUM_THREADS", "IPYTHONDIR")
# Kernels inherit this: Arrow's system pool returns memory that mimalloc would keep.
KERNEL_ENV_DEFAULTS = {"ARROW_DEFAULT_MEMORY_POOL": "system"}
REQUEST_READ_TIMEOUT = 2  # seconds a connection may take to send its request
MAX_SOCKET_PATH = 100  # bytes; AF_UNIX paths are limited to 108
FAILED_FILE = "failed"


def enabled() -> bool:
    """Return True when kernels may be forked here: Linux, and not turned off.

    Not on macOS, where system frameworks (Accelerate, Objective-C) are not safe to use in a
    forked child; not on Windows, which has no fork.
    """
    return sys.platform.startswith("linux") and os.environ.get(FORK_ENV, "1") != "0"


def kernel_environment() -> None:
    """Set in this process the variables its kernels inherit (before a server starts)."""
    for name, value in KERNEL_ENV_DEFAULTS.items():
        os.environ.setdefault(name, value)


@contextlib.contextmanager
def fork_server(kernels: int = 2) -> Iterator[str | None]:
    """Run a fork server for a render; yield its socket address (None: kernels start cold).

    The server starts importing at once and stops at the end; workers pass the address to
    :func:`.kernels.use_fork_server`. For fewer than 2 `kernels` none runs: its imports
    would cost what one kernel saves. If it cannot start, or stops early, the render goes on
    with cold kernels and a warning says why.
    """
    if not enabled() or kernels < 2:
        yield None
        return
    kernel_environment()
    try:
        folder = server_folder()
        address = os.path.join(folder, "kernels.sock")
        process = subprocess.Popen(
            [sys.executable, "-m", "sahel_analysis.render.forkserver", address],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            start_new_session=True)  # as kernels: a Ctrl-C is for the render to handle
    except OSError as error:
        _warn(f"the kernel fork server could not start ({error})")
        yield None
        return
    try:
        yield address if _bound(address, process) else None
    finally:
        ended_early = process.poll()
        process.stdin.close()  # the server exits and removes its folder
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if ended_early is not None:
            _warn(_early_end(folder, ended_early))
        shutil.rmtree(folder, ignore_errors=True)


def server_folder() -> str:
    """Make the server's folder (only this user may open it), short enough for a socket."""
    folder = tempfile.mkdtemp(prefix="sahel-fork-")
    if len(os.fsencode(folder)) > MAX_SOCKET_PATH - 13:  # a long TMPDIR
        shutil.rmtree(folder)
        folder = tempfile.mkdtemp(prefix="sahel-fork-", dir="/tmp")
    return folder


def _warn(reason: str) -> None:
    warnings.warn(f"{reason}: kernels started cold", RuntimeWarning, stacklevel=4)


def _early_end(folder: str, code: int) -> str:
    with contextlib.suppress(OSError), open(os.path.join(folder, FAILED_FILE),
                                            encoding="utf-8") as file:
        return file.read().strip()
    how = f"killed by signal {-code}" if code < 0 else f"exit {code}"
    return f"the kernel fork server stopped early ({how})"


def _bound(address: str, process: subprocess.Popen, timeout: float = 30) -> bool:
    """Wait until the server listens at `address` (it binds before importing)."""
    deadline = time.monotonic() + timeout
    while not os.path.exists(address):
        if process.poll() is not None or time.monotonic() > deadline:
            return False  # said when the render ends
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
    folder = os.path.dirname(path)
    _serve_forever(path, folder)  # exits (3) when the imports fail, leaving the reason
    shutil.rmtree(folder, ignore_errors=True)  # also when the render was killed


def _serve_forever(path: str, folder: str) -> None:
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher: the kernel adds its own folder back
    os.chdir(folder)  # no matplotlibrc or module of the caller's folder is picked up
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the render's to handle
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path + ".new")
    listener.listen(16)
    os.rename(path + ".new", path)  # the address appears once it accepts connections
    imported_with = {name: os.environ.get(name) for name in IMPORT_TIME_ENV}
    try:
        preload()
    except Exception as error:
        with open(os.path.join(folder, FAILED_FILE), "w", encoding="utf-8") as file:
            file.write(f"the kernel fork server could not import: "
                       f"{type(error).__name__}: {error}")
        sys.exit(3)
    gc.collect()
    gc.freeze()  # the preloaded objects are never scanned (or copied) by the kernels' GC
    _trim_heap()  # what the imports freed goes back to the system, not into every kernel
    # Reap kernels as they exit, so their CPU time counts in the render's (not SIG_IGN).
    signal.signal(signal.SIGCHLD, _reap)
    # Python 3.12+ warns of fork() in a process with threads; the server's only other
    # threads are native pools (OpenBLAS, jemalloc) that handle fork themselves.
    warnings.filterwarnings("ignore", message=".*multi-threaded.*fork", category=Warning)
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
                    _serve(connection, listener, imported_with)


def _reap(signum: int, frame: Any) -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass


def _trim_heap() -> None:
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _peer(connection: socket.socket) -> tuple[int, int]:
    """Return the (pid, uid) of the process at the other end of `connection`."""
    pid, uid, _ = struct.unpack("3i", connection.getsockopt(
        socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
    return pid, uid


def check_request(request: Any, imported_with: dict[str, str | None]) -> str | None:
    """Return why `request` cannot be forked (None: it can)."""
    if not (isinstance(request, dict) and isinstance(request.get("argv"), list)
            and all(isinstance(a, str) for a in request["argv"])
            and isinstance(request.get("env"), dict)
            and all(isinstance(k, str) and isinstance(v, str)
                    for k, v in request["env"].items())
            and isinstance(request.get("cwd"), str) and os.path.isdir(request["cwd"])):
        return "malformed request"
    differ = [name for name in IMPORT_TIME_ENV
              if request["env"].get(name) != imported_with[name]
              and not (name == "MPLBACKEND" and request["env"].get(name) in (None,
                                                                             INLINE_BACKEND))]
    if differ:
        return f"{', '.join(differ)} differ from the server's imports"
    return None


def _serve(connection: socket.socket, listener: socket.socket,
           imported_with: dict[str, str | None]) -> None:
    """Answer one request: fork the kernel, or say why not (the worker then starts it cold)."""
    pid = None
    with contextlib.suppress(OSError, ValueError):  # the worker went away or sent garbage
        connection.settimeout(REQUEST_READ_TIMEOUT)
        worker, uid = _peer(connection)
        with connection.makefile("rwb") as stream:
            request = json.loads(stream.readline() or b"null")
            reason = "another user" if uid != os.getuid() else \
                check_request(request, imported_with)
            if reason is None:
                pid = os.fork()
                if pid == 0:
                    for resource in (stream, connection, listener):
                        resource.close()
                    run_kernel(request, worker)
            stream.write(json.dumps({"pid": pid} if reason is None else
                                    {"cold": reason}).encode() + b"\n")
            stream.flush()
            pid = None  # delivered
    if pid is not None:  # forked, but the worker is no longer there to use it
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def run_kernel(request: dict[str, Any], worker: int) -> NoReturn:
    """In the forked child: become the kernel the request describes, then exit.

    The kernel exits when `worker`, the process that asked for it, is gone.
    """
    code = 1
    try:
        os.setsid()  # its own process group, as jupyter_client starts kernels
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # interrupts a cell
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.close(devnull)
        _exit_with(worker)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(worker)
        import ipykernel_launcher
        import numpy

        sys.argv = [ipykernel_launcher.__file__, *request["argv"]]
        numpy.random.seed()  # a fresh global seed per kernel, as a new process has
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=request["argv"])
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


def _exit_with(pid: int) -> None:
    """Exit this process (at once) when process `pid` has ended."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:  # already gone
        os._exit(1)
    except OSError:  # no pidfd here (old kernel, seccomp): ask every second
        handle = None

    def watch() -> None:
        if handle is None:
            while _alive(pid):
                time.sleep(1.0)
        else:
            poller = selectors.DefaultSelector()
            poller.register(handle, selectors.EVENT_READ)
            poller.select()  # readable once the process has exited
        os._exit(1)

    threading.Thread(target=watch, name="worker-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # PermissionError: it runs, as another user's process
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


if __name__ == "__main__":
    main(sys.argv[1])
