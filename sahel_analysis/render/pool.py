"""The worker pool of a render: spawned processes that never re-run the caller and die with it.

Python's ``spawn`` start method runs the caller's main script again in every worker (as
``__mp_main__``), so a script calling :func:`~sahel_analysis.render.render` without an
``if __name__ == "__main__":`` guard would render again in each worker. These workers start
from this package alone: the caller's main module is hidden while a worker is launched (the
jobs and :func:`~sahel_analysis.render.execute.execute_job` are the package's own, so the
workers never need it). Each worker also exits when the process that started it dies
(``PR_SET_PDEATHSIG`` on Linux, else a thread watching the parent), so a killed render or
update leaves no worker, kernel or resource tracker behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import context as mp_context

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_EVERY = 0.5  # seconds between looks at the parent where prctl is not available


@contextlib.contextmanager
def _caller_hidden() -> Iterator[None]:
    """Hide the caller's ``__main__`` while a worker is launched (it is then not re-run)."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")  # no __file__, no __spec__
    try:
        yield
    finally:
        if main is not None:
            sys.modules["__main__"] = main


if sys.platform != "win32":
    from multiprocessing import popen_spawn_posix

    class _Popen(popen_spawn_posix.Popen):
        """spawn's launcher, with the caller's main module left out of what it sends."""

        def _launch(self, process_obj):
            with _caller_hidden():
                super()._launch(process_obj)

    class _Process(mp_context.SpawnProcess):
        """A spawned process launched by :class:`_Popen`."""

        @staticmethod
        def _Popen(process_obj):  # noqa: N802  (multiprocessing's name)
            return _Popen(process_obj)

    class PackageContext(mp_context.SpawnContext):
        """The ``spawn`` context whose processes start without the caller's main module."""

        Process = _Process


def pool_context() -> multiprocessing.context.BaseContext:
    """Return the start context of render workers (plain ``spawn`` on Windows)."""
    if sys.platform == "win32":
        return multiprocessing.get_context("spawn")
    return PackageContext()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Return a pool of `workers` processes that start clean and exit with this process."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """Make this process exit when `parent` (the process that started it) dies.

    Called first in every worker. On Linux the kernel sends SIGKILL on the parent's death;
    elsewhere (or when prctl is refused) a daemon thread checks the parent every 0.5 s.
    """
    if not _ask_kernel_to_kill_on_parent_death():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                         name="sahel-parent-watch").start()
    if os.getppid() != parent:  # it died before the request above took effect
        os._exit(1)


def _ask_kernel_to_kill_on_parent_death() -> bool:
    """Return True when Linux will SIGKILL this process once its parent dies."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_EVERY)
    os._exit(1)
