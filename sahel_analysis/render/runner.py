"""Render catalog reports: plan, skip what is fresh, run the rest on an executor, index.

Executors are registered by name (local, processes, dask) as papermill registers engines;
:mod:`.store` owns the output folder and :mod:`.execute` runs one job.
"""

from __future__ import annotations

import contextlib
import os
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sahel_analysis import datastore
from sahel_analysis.render import jobs, store
from sahel_analysis.render.execute import execute_job
from sahel_analysis.render.forkserver import fork_server
from sahel_analysis.render.jobs import FORMATS, Job, JobResult, RenderSummary, Status, plan
from sahel_analysis.render.store import LOCK_FILE, fingerprint, fingerprint_parts  # noqa: F401

Executor = Callable[..., Iterator[JobResult]]  # (jobs, output, formats, timeout, **options)


class ExecutorRegistry:
    """Executors by name, as papermill's engine registry keeps its engines."""

    def __init__(self) -> None:
        self._executors: dict[str, Executor] = {}

    def register(self, name: str, executor: Executor | None = None):
        """Register `executor` as `name` (without it, return a decorator that does)."""
        if executor is None:
            return lambda function: self.register(name, function)
        self._executors[name] = executor
        return executor

    def get(self, name: str) -> Executor:
        """Return the executor registered as `name`."""
        return self._executors[name]

    def choose(self, workers: int | None, scheduler: str | None, jobs: int) -> str:
        """Return the name of the executor for these options: Dask, a pool, or this process."""
        if scheduler:
            return "dask"
        return "local" if _workers(workers, jobs) == 1 else "processes"


executors = ExecutorRegistry()


def _workers(workers: int | None, jobs: int) -> int:
    return max(1, min(workers or os.cpu_count() or 1, jobs))


def _failed(job: Job, reason: str, error: BaseException) -> JobResult:
    return job.result(Status.FAILED, error=f"{reason}: {type(error).__name__}: {error}")


@executors.register("local")
def run_local(jobs, output, formats, timeout, **_):
    """Run the jobs one after another in this process (kernels forked by a fork server)."""
    with fork_server(len(jobs)) as kernels:
        yield from (execute_job(job, str(output), formats, timeout, kernels) for job in jobs)


@executors.register("processes")
def run_processes(jobs, output, formats, timeout, *, workers=None, **_):
    """Run the jobs in a pool of spawned workers (see :mod:`.pool`: safe from a plain script)."""
    from concurrent.futures import as_completed

    from sahel_analysis.render.pool import worker_pool

    with fork_server(len(jobs)) as kernels:  # outlives the pool: stops after its last kernel
        pool = worker_pool(_workers(workers, len(jobs)))
        try:
            futures = {pool.submit(execute_job, job, str(output), formats, timeout, kernels):
                       job for job in jobs}
            for future in as_completed(futures):
                try:
                    yield future.result()
                except Exception as error:  # a worker process died
                    yield _failed(futures[future], "worker failed", error)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


@executors.register("dask")
def run_dask(jobs, output, formats, timeout, *, scheduler, **_):
    """Run the jobs on the Dask cluster at `scheduler` (see :mod:`.cluster`)."""
    from sahel_analysis.render import cluster

    with cluster.connect(scheduler) as client:
        futures = {client.submit(execute_job, job, str(output), formats, timeout, pure=False,
                                 key=f"render-{job.slug}-{time.time_ns()}"): job
                   for job in jobs}
        yield from cluster.results(client, futures, scheduler)


def render(reports: Iterable[str] | None = None, parameters: dict[str, Any] | None = None, *,
           output_dir: str | os.PathLike = "reports", workers: int | None = None,
           scheduler: str | None = None, force: bool = False,
           formats: Iterable[str] = FORMATS, timeout: int = 600, lock_timeout: float = 0,
           progress: Callable[[JobResult], None] | None = None,
           on_start: Callable[[list[Job]], None] | None = None) -> RenderSummary:
    """Render reports into `output_dir`; return the summary (never raises on a failed report).

    Raises ParameterError / UnknownReportError before anything runs, RenderLockedError when
    another render holds the output directory, OutputNotWritableError when it is read-only
    or one of its folders (or its lock file) is a symbolic link.
    """
    from sahel_analysis.render.index import write_index

    formats = jobs.check_formats(formats)
    jobs.check_options(timeout, scheduler)
    datastore.read_manifest()  # a missing or corrupt manifest stops here, with how to restore it
    started = time.perf_counter()
    output = Path(output_dir).resolve()
    planned = plan(reports, parameters)
    store.check_writable(output)
    store.refuse_links(output)
    held = contextlib.ExitStack()
    held.enter_context(store.render_lock(output, lock_timeout))  # removes the lock file after
    results: list[JobResult] = []
    report = progress or (lambda result: None)
    try:
        store.clear_staging(output)
        held.enter_context(store.private_dirs(output))
        todo = []
        for job in planned:
            if not force and store.is_fresh(job, output, formats):
                paths = store.output_paths(output, job.slug, formats)
                results.append(job.result(Status.REUSED,
                                          outputs={k: str(v) for k, v in paths.items()}))
                report(results[-1])
            else:
                todo.append(job)
        if on_start:
            on_start(todo)
        interrupted = _run(todo, output, formats, timeout, workers, scheduler, results, report)
        order = {job.slug: i for i, job in enumerate(planned)}
        results.sort(key=lambda r: order.get(r.slug, 0))
        try:
            write_index(output, results)
        except OSError as error:  # e.g. disk full: the reports themselves are in place
            warnings.warn(f"{output / 'index.html'} was not updated ({error.strerror or error}):"
                          " it still lists the previous run.", stacklevel=2)
    finally:
        store.clear_staging(output)
        held.close()
    summary = RenderSummary(results, time.perf_counter() - started, output, interrupted)
    if interrupted:
        raise KeyboardInterrupt(summary.line())
    return summary


def _run(todo: list[Job], output: Path, formats: tuple[str, ...], timeout: int,
         workers: int | None, scheduler: str | None, results: list[JobResult],
         report: Callable[[JobResult], None]) -> bool:
    """Run `todo` on the chosen executor into `results`; return True when interrupted."""
    if not todo:
        return False
    executor = executors.get(executors.choose(workers, scheduler, len(todo)))
    try:
        for result in executor(todo, output, formats, timeout, workers=workers,
                               scheduler=scheduler):
            results.append(result)
            report(result)
    except KeyboardInterrupt:
        done = {r.slug for r in results}
        results.extend(job.result(Status.FAILED, error="interrupted (Ctrl-C)")
                       for job in todo if job.slug not in done)
        return True
    return False
