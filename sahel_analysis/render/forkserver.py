"""The kernel fork server: one process that has imported what reports use, forking kernels.

A report's Python kernel spends about 0.9 s of CPU before its first cell: the interpreter,
IPython and ipykernel, then pandas, matplotlib and this package. The fork server pays that
once per render worker. It imports all of it (no data are read, no thread or socket is
opened), then forks one child per kernel. The child applies the environment and folder the
kernel manager asked for and runs ipykernel's own start-up with the connection file, exactly
as ``python -m ipykernel_launcher`` would.

Run as ``python -m sahel_analysis.render.forkserver`` by :mod:`.kernels`. Requests and answers
are JSON lines on its stdin and stdout. It exits when its stdin closes (its worker ended),
and its kernels exit when it does (ipykernel's parent poller sees them re-parented).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import json
import os
import pkgutil
import signal
import sys
import traceback
from typing import Any, NoReturn

# What the report notebooks import before their first computed cell.
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "matplotlib_inline.backend_inline",
           "matplotlib.pyplot", "pandas", "pyarrow.parquet", "IPython.display",
           "sahel_analysis.plots", "sahel_analysis.catalog")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def preload() -> None:
    """Import the kernel, the plotting stack and every report module."""
    # As a kernel does: ipykernel selects the inline backend before matplotlib is imported.
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    for name in PRELOAD:
        importlib.import_module(name)
    import sahel_analysis.reports as reports

    for module in pkgutil.iter_modules(reports.__path__):
        importlib.import_module(f"sahel_analysis.reports.{module.name}")


def main() -> None:
    """Preload, then fork a kernel for each request line until stdin closes."""
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher: the kernel adds its own folder back
    answer = sys.stdout
    sys.stdout = sys.stderr  # nothing imported may write into the answers
    try:
        preload()
    except Exception as error:  # the client falls back to ordinary kernels
        _answer(answer, {"error": f"{type(error).__name__}: {error}"})
        return
    gc.collect()
    gc.freeze()  # the preloaded objects are never scanned (or copied) by the kernels' GC
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the render's to handle
    _answer(answer, {"ready": os.getpid()})
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            run_kernel(request)
        _answer(answer, {"pid": pid})


def _answer(stream, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


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
        sys.stdout = sys.__stdout__
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
    main()
