"""Renders on a Dask cluster: connect, wait for a worker, collect results, never hang.

A scheduler that cannot be reached within ``SCHEDULER_TIMEOUT`` seconds, or that has no worker
for ``WORKER_WAIT`` seconds at the start, stops the render with
:class:`~sahel_analysis.exceptions.SchedulerUnavailableError` before anything runs; a cluster
that loses its last worker mid-render fails the reports still waiting after ``WORKER_WAIT``
seconds (the killed worker's staging files are removed by the render as it ends).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from sahel_analysis.exceptions import SchedulerUnavailableError
from sahel_analysis.render.execute import one_line
from sahel_analysis.render.jobs import Job, JobResult, Status

SCHEDULER_TIMEOUT = 10  # seconds to wait for a Dask scheduler to answer
WORKER_WAIT = 60  # seconds a render waits while the Dask scheduler has no worker
POLL = 1  # seconds between looks at the cluster while jobs run


@contextlib.contextmanager
def connect(scheduler: str) -> Iterator[Any]:
    """Yield a client of the scheduler at `scheduler` once it has a worker; close it after."""
    from distributed import Client

    try:
        client = Client(scheduler.strip(), timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        reason = one_line(str(error) or type(error).__name__, 160)
        raise SchedulerUnavailableError(
            f"Cannot reach the Dask scheduler at {scheduler} within {SCHEDULER_TIMEOUT} s "
            f"({reason}). Start it or fix --scheduler; nothing was rendered and the previous "
            "reports were kept."
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            raise SchedulerUnavailableError(
                f"The Dask scheduler at {scheduler} has had no worker for {WORKER_WAIT} s. "
                "Start workers (`dask worker ADDRESS`) or render without --scheduler; "
                "nothing was rendered and the previous reports were kept."
            ) from None
        yield client


def results(client: Any, futures: dict[Any, Job], scheduler: str) -> Iterator[JobResult]:
    """Yield each job's result as it completes; fail the rest after WORKER_WAIT s workerless."""
    from distributed import wait

    pending, workerless_since = dict(futures), None
    while pending:
        try:
            done = wait(list(pending), timeout=POLL, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            done = set()
        for future in done:
            job = pending.pop(future)
            try:
                yield future.result()
            except Exception as error:
                yield job.result(Status.FAILED,
                                 error=f"Dask task failed: {type(error).__name__}: {error}")
        if done or not pending or client.nthreads():
            workerless_since = None
            continue
        workerless_since = workerless_since or time.monotonic()
        if time.monotonic() - workerless_since >= WORKER_WAIT:
            client.cancel(list(pending))
            reason = (f"no Dask worker at {scheduler} for {WORKER_WAIT} s (the workers "
                      "stopped or were killed); start workers and render again")
            yield from (job.result(Status.FAILED, error=reason) for job in pending.values())
            return
