"""Execute catalog notebooks with papermill and publish HTML/PDF reports atomically.

One Python process per worker (a process pool, or a Dask cluster with ``scheduler``); a
report is re-rendered only when its notebook, parameters, package version or data changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sahel_analysis import __version__, config
from sahel_analysis.catalog import get_report, load_catalog, slug
from sahel_analysis.exceptions import (
    NotebookError,
    OutputNotWritableError,
    ParameterError,
    RenderError,
    RenderLockedError,
    SchedulerUnavailableError,
)
from sahel_analysis.params import validate_parameters

KERNEL_NAME = "python3"
FORMATS = ("html", "pdf")
STATE_DIR = ".state"
STAGING_DIR = ".staging"
FAILED_DIR = "failed"
EXECUTED_DIR = "executed"
LOCK_FILE = ".render.lock"
TABLES_ENV = "SAHEL_ANALYSIS_TABLES_OUT"  # sahel_analysis.downloads.ENV_OUT
TEMPLATE_DIR = Path(__file__).parent / "templates"
SCHEDULER_TIMEOUT = 10  # seconds to wait for a Dask scheduler to answer
_SCHEDULER = re.compile(r"^(?:(?:tcp|tls|ws|wss|ucx)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)"
                        r"(?::\d{1,5})?/?$")


@dataclass(frozen=True)
class Job:
    """One report to render: a catalog report with validated parameters."""

    report: str
    title: str
    notebook: str
    parameters: dict[str, Any]
    slug: str
    compact: bool = False


@dataclass
class JobResult:
    """What happened to one job."""

    slug: str
    report: str
    title: str
    parameters: dict[str, Any]
    status: str  # fresh, reused, failed
    seconds: float = 0.0
    error: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    rendered_at: str = ""


@dataclass
class RenderSummary:
    """The outcome of a render run."""

    results: list[JobResult]
    seconds: float
    output_dir: Path
    interrupted: bool = False

    def count(self, status: str) -> int:
        """Return how many jobs ended with `status`."""
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[JobResult]:
        """Return the failed jobs."""
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        """Return the one-line summary printed at the end of a run."""
        text = (f"rendered {self.count('fresh')}, reused {self.count('reused')}, failed "
                f"{self.count('failed')} in {self.seconds:.1f} s → {self.output_dir}")
        return text + (" (interrupted)" if self.interrupted else "")


def plan(reports: Iterable[str] | None = None, overrides: dict[str, Any] | None = None
         ) -> list[Job]:
    """Return the jobs for `reports` (default: the catalog's default run) with `overrides`.

    Every parameter set is validated here, before any kernel starts.
    """
    catalog = load_catalog()
    names = list(reports) if reports else list(catalog)
    jobs = []
    for name in names:
        report = get_report(name, catalog)
        runs = report.default_run
        if overrides:
            if not reports and not set(overrides) <= set(report.model.model_fields):
                continue  # without named reports, overrides apply to the reports that take them
            runs = [{**run, **overrides} for run in report.default_run]
        for explicit in runs:
            parameters = validate_parameters(name, explicit, report.model)
            check_notebook(report.notebook, name)
            jobs.append(Job(name, report.title, str(report.notebook), parameters,
                            slug(name, {k: parameters[k] for k in explicit}), report.compact))
    if not jobs:
        raise ParameterError(
            f"No report of the catalog takes the parameters {sorted(overrides or {})}.")
    seen = set()
    unique = []
    for job in jobs:
        if job.slug not in seen:
            seen.add(job.slug)
            unique.append(job)
    return unique


def check_notebook(path: Path, report: str) -> None:
    """Refuse a missing notebook, or one without a cell tagged `parameters`."""
    if not path.is_file():
        raise NotebookError(f"Notebook {path} of report {report!r} is missing: restore it or "
                            "fix notebooks/catalog.toml.")
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise NotebookError(f"Notebook {path} is not valid JSON ({error}).") from error
    tagged = any("parameters" in cell.get("metadata", {}).get("tags", [])
                 for cell in notebook.get("cells", []))
    if not tagged:
        raise NotebookError(
            f"Notebook {path} has no cell tagged 'parameters': papermill would inject the "
            "parameters at the top and ignore the defaults. Tag the defaults cell 'parameters'."
        )


def _hash_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint_parts(job: Job, formats: Iterable[str]) -> dict[str, Any]:
    """Return what a report depends on: notebook, parameters, version, tables read, template."""
    from sahel_analysis.render.dependencies import data_fingerprint

    return {
        "notebook": hashlib.sha256(Path(job.notebook).read_bytes()).hexdigest(),
        "parameters": job.parameters,
        "version": __version__,
        "data": data_fingerprint(job.report, job.parameters),
        "template": _hash_files(p for p in TEMPLATE_DIR.rglob("*") if p.is_file()),
        "formats": sorted(formats),
    }


def fingerprint(job: Job, formats: Iterable[str]) -> str:
    """Hash what a report depends on (see :func:`fingerprint_parts`)."""
    parts = fingerprint_parts(job, formats)
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _output_paths(output_dir: Path, job_slug: str, formats: Iterable[str]) -> dict[str, Path]:
    paths = {fmt: output_dir / f"{job_slug}.{fmt}" for fmt in formats}
    paths["ipynb"] = output_dir / EXECUTED_DIR / f"{job_slug}.ipynb"
    return paths


def read_state(state_file: Path) -> dict | None:
    """Return a report's state, or None when missing; a corrupt state file warns, counts as none.

    A corrupt state only means the report is rendered again; it never stops a render.
    """
    if not state_file.is_file():
        return None
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        state, reason = None, f"{type(error).__name__}: {error}"
    else:
        reason = "not a JSON object with title, parameters and rendered_at"
    if isinstance(state, dict) and {"title", "parameters", "rendered_at"} <= set(state):
        return state
    warnings.warn(f"Ignoring the corrupt render state {state_file} ({reason}); the report it "
                  "describes will be rendered again.", stacklevel=2)
    return None


def is_fresh(job: Job, output_dir: Path, formats: Iterable[str]) -> bool:
    """Return True when the published report matches the job's fingerprint."""
    state = read_state(output_dir / STATE_DIR / f"{job.slug}.json")
    if state is None:
        return False
    if state.get("fingerprint") != fingerprint(job, formats):
        return False
    return all(p.is_file() for p in _output_paths(output_dir, job.slug, formats).values())


def _write_atomic(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode() if isinstance(data, str) else data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def execute_job(job: Job, output_dir: str, formats: tuple[str, ...] = FORMATS,
                timeout: int = 600) -> JobResult:
    """Execute one notebook and publish its reports (runs inside a worker process)."""
    _skip_slow_optional_imports()
    import papermill as pm

    # Kernels inherit this: Arrow's system pool returns memory that mimalloc would keep.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    started = time.perf_counter()
    out = Path(output_dir)
    result = JobResult(job.slug, job.report, job.title, job.parameters, "failed")
    staging: Path | None = None
    try:
        staging_root = out / STAGING_DIR
        staging_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{job.slug}-", dir=staging_root))
        os.environ[TABLES_ENV] = str(staging / "tables.xlsx")  # the kernel's last cell writes it
        executed = staging / f"{job.slug}.ipynb"
        try:
            with _quiet_kernel_logs():
                pm.execute_notebook(
                    job.notebook, str(executed), parameters=job.parameters,
                    kernel_name=KERNEL_NAME, execution_timeout=timeout, progress_bar=False,
                    log_output=False, cwd=str(staging), report_mode=False,
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                )
        except Exception as error:
            result.error = _describe_failure(error, timeout)
            _keep_failed(out, job.slug, executed, result.error)
            return result
        finally:
            _wait_for_kernels()
        try:
            files, rendered_at = _export_isolated(job, executed, staging, formats)
        except Exception as error:  # template, exporter or WeasyPrint failures
            result.error = _one_line(f"export failed: {type(error).__name__}: {error}")
            _keep_failed(out, job.slug, executed, result.error + "\n" + traceback.format_exc())
            return result
        try:
            _publish(out, job, files, formats, rendered_at)
        except OSError as error:
            result.error = (f"could not publish the report ({error.strerror or error}); the "
                            "previous version was kept")
            return result
        except RenderError as error:  # the previous version could not be put back
            result.error = str(error)
            return result
        result.status = "fresh"
        result.rendered_at = rendered_at
        result.outputs = {k: str(v) for k, v in _output_paths(out, job.slug, formats).items()}
        _clear_failed(out, job.slug)
        return result
    except OSError as error:  # e.g. disk full while staging or executing
        result.error = (f"could not write to {out} ({error.strerror or error}); the previous "
                        "report was kept")
        return result
    finally:
        result.seconds = time.perf_counter() - started
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _release_memory()


@contextlib.contextmanager
def _quiet_kernel_logs():
    """Silence what papermill, nbclient and asyncio log while a kernel runs or dies.

    A timeout, a Ctrl-C or a kernel shutdown otherwise prints ZMQ/DeadKernel noise; the
    reason a report failed is reported once, in its result.
    """
    loggers = [logging.getLogger(name) for name in ("papermill", "asyncio", "traitlets")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        import gc

        gc.collect()  # drop nbclient's abandoned tasks while their logs are silenced
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing `rfc3987_syntax` (optional IRI format checks).

    nbformat's validation never uses it, and building its grammar costs about 1.2 s and
    70 MB in every worker process.
    """
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)


def _release_memory() -> None:
    """Hand memory freed after a job (papermill, nbclient) back to the OS (glibc keeps it)."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _wait_for_kernels(timeout: float = 10.0) -> None:
    """Wait until this process's kernel subprocesses have exited (frees their memory)."""
    import psutil

    children = psutil.Process().children(recursive=True)
    kernels = [c for c in children if "ipykernel" in " ".join(_cmdline(c))]
    psutil.wait_procs(kernels, timeout=timeout)


def _cmdline(process) -> list[str]:
    try:
        return process.cmdline()
    except Exception:  # the process is already gone
        return []


def _export_isolated(job: Job, executed: Path, staging: Path, formats: tuple[str, ...]
                     ) -> tuple[dict[str, Path], str]:
    """Export in a short-lived forked child, so its memory is returned when it exits.

    Inside daemonic processes (e.g. Dask workers), which may not have children, export here.
    """
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return _export(job, executed, staging, formats)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_export, (job, executed, staging, formats))


def _export(job: Job, executed: Path, staging: Path, formats: tuple[str, ...]
            ) -> tuple[dict[str, Path], str]:
    """Write HTML and PDF of an executed notebook into the staging folder."""
    import nbformat

    from sahel_analysis.render.exporters import SahelHTMLExporter, SahelPDFExporter

    notebook = nbformat.read(executed, as_version=4)
    rendered_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    files: dict[str, Path] = {"ipynb": executed}
    if (staging / "tables.xlsx").is_file():
        files["xlsx"] = staging / "tables.xlsx"
    notebook.metadata["sahel"] = {"title": job.title, "parameters": job.parameters,
                                  "rendered_at": rendered_at, "compact": job.compact,
                                  "tables_xlsx": f"{job.slug}.xlsx" if "xlsx" in files else ""}
    nbformat.write(notebook, executed)
    resources = {"metadata": {"name": job.slug}}
    if "html" in formats:
        body, _ = SahelHTMLExporter().from_notebook_node(notebook, dict(resources))
        files["html"] = staging / "report.html"
        files["html"].write_text(body, encoding="utf-8")
    if "pdf" in formats:
        pdf, _ = SahelPDFExporter().from_notebook_node(notebook, dict(resources))
        files["pdf"] = staging / "report.pdf"
        files["pdf"].write_bytes(pdf)
    return files, rendered_at


def _one_line(text: str, limit: int = 300) -> str:
    """Return `text` on one line, cut to `limit` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit] + "…"


def _describe_failure(error: Exception, timeout: int | None = None) -> str:
    """Return one line saying why a notebook failed."""
    name = type(error).__name__
    if name == "PapermillExecutionError":
        return _one_line(f"cell {getattr(error, 'exec_count', '?')} failed: {error.ename}: "
                         f"{error.evalue}")
    if "Timeout" in name or "timed out" in str(error).lower():
        return f"a cell timed out after {timeout} s (raise --timeout if it needs longer)"
    if name == "DeadKernelError":
        return "the kernel died (out of memory, or killed); the previous report was kept"
    if isinstance(error, OSError):
        return f"could not write ({error.strerror or error}); the previous report was kept"
    return _one_line(f"{name}: {error}")


def _keep_failed(out: Path, job_slug: str, executed: Path, message: str) -> None:
    """Keep the failed notebook and its error in failed/ (best effort: a full disk keeps none)."""
    failed = out / FAILED_DIR
    try:
        failed.mkdir(parents=True, exist_ok=True)
        if executed.is_file() and executed.stat().st_size:
            _write_atomic(failed / f"{job_slug}.ipynb", executed.read_bytes())
        _write_atomic(failed / f"{job_slug}.error.txt", message + "\n")
    except OSError:
        for suffix in (".ipynb", ".error.txt"):  # never a notebook without its error
            with contextlib.suppress(OSError):
                (failed / f"{job_slug}{suffix}").unlink(missing_ok=True)


def _clear_failed(out: Path, job_slug: str) -> None:
    for suffix in (".ipynb", ".error.txt"):
        with contextlib.suppress(OSError):
            (out / FAILED_DIR / f"{job_slug}{suffix}").unlink(missing_ok=True)


def _publish(out: Path, job: Job, files: dict[str, Path], formats, rendered_at: str) -> None:
    """Move complete outputs into place, all or nothing; the state file is moved last.

    Replaced files are kept aside until every move succeeded and put back otherwise; a format
    not rendered this time (an older PDF beside a new HTML) is removed with the rest, and so is
    an older workbook of the report's tables when this render wrote none.
    """
    targets = _output_paths(out, job.slug, FORMATS)
    parts = fingerprint_parts(job, formats)
    state = {"fingerprint": hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest(),
             "depends": parts, "report": job.report,
             "title": job.title, "parameters": job.parameters, "rendered_at": rendered_at,
             "formats": list(formats)}
    staged_state = files["ipynb"].with_name("state.json")
    staged_state.write_text(json.dumps(state, indent=2), encoding="utf-8")
    moves = [(files[key], targets[key]) for key in ("ipynb", *formats)]
    moves += [(None, targets[key]) for key in FORMATS if key not in formats]
    moves.append((files.get("xlsx"), out / f"{job.slug}.xlsx"))
    moves.append((staged_state, out / STATE_DIR / f"{job.slug}.json"))
    for _, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, Path | None]] = []
    try:
        for source, target in moves:
            done.append((target, _move(source, target)))
    except OSError:
        _roll_back(done)
        raise
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def _move(source: Path | None, target: Path) -> Path | None:
    """Replace `target` by `source` (None: remove it); return the copy of the old target."""
    backup = None
    if target.is_file():
        backup = target.with_name(f".{target.name}.previous")
        backup.unlink(missing_ok=True)
        try:
            os.link(target, backup)
        except OSError:
            shutil.copy2(target, backup)
    try:
        if source is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(source, target)
    except OSError:
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise
    return backup


def _roll_back(done: list[tuple[Path, Path | None]]) -> None:
    """Put back the files a failed publish replaced; say so plainly if that fails too."""
    for target, backup in reversed(done):
        try:
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        except OSError as error:
            raise RenderError(
                f"could not publish the report, nor put back the previous {target.name} "
                f"({error.strerror or error}): re-render with --force once the disk is fixed"
            ) from error


def _check_run_options(timeout: int, scheduler: str | None) -> None:
    """Refuse a cell timeout that is not a positive number and a malformed scheduler address."""
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0:
        raise ParameterError(f"timeout must be a positive number of seconds per cell, got "
                             f"{timeout!r}.")
    if scheduler is not None and not _SCHEDULER.match(scheduler.strip()):
        shown = scheduler if len(scheduler) <= 60 else scheduler[:60] + "…"
        raise ParameterError(f"{shown!r} is not a Dask scheduler address: use tcp://HOST:PORT "
                             "(e.g. tcp://10.0.0.5:8786).")


def _check_writable(output_dir: Path) -> None:
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=output_dir, prefix=".probe-"):
            pass
    except OSError as error:
        raise OutputNotWritableError(
            f"Cannot write to the output directory {output_dir} ({error.strerror}). Choose "
            "another --output-dir or fix its permissions."
        ) from error


def render(reports: Iterable[str] | None = None, parameters: dict[str, Any] | None = None, *,
           output_dir: str | os.PathLike = "reports", workers: int | None = None,
           scheduler: str | None = None, force: bool = False,
           formats: Iterable[str] = FORMATS, timeout: int = 600, lock_timeout: float = 0,
           progress: Callable[[JobResult], None] | None = None,
           on_start: Callable[[list[Job]], None] | None = None) -> RenderSummary:
    """Render reports into `output_dir`; return the summary (never raises on a failed report).

    Raises ParameterError / UnknownReportError before anything runs, RenderLockedError when
    another render holds the output directory, OutputNotWritableError when it is read-only.
    """
    from filelock import FileLock, Timeout

    formats = tuple(dict.fromkeys(formats))
    bad = set(formats) - set(FORMATS)
    if bad or not formats:
        raise RenderError(f"Unknown formats {sorted(bad)}; choose from {list(FORMATS)}.")
    _check_run_options(timeout, scheduler)
    config.read_manifest()  # a missing or corrupt manifest stops here, with how to restore it
    started = time.perf_counter()
    output = Path(output_dir).resolve()
    jobs = plan(reports, parameters)
    _check_writable(output)
    lock = FileLock(str(output / LOCK_FILE))
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        raise RenderLockedError(
            f"Another render is writing to {output} (lock {output / LOCK_FILE}). Wait for it "
            "to finish, or render into another --output-dir."
        ) from None
    results: list[JobResult] = []
    interrupted = False
    try:
        shutil.rmtree(output / STAGING_DIR, ignore_errors=True)
        todo = []
        for job in jobs:
            if not force and is_fresh(job, output, formats):
                result = JobResult(job.slug, job.report, job.title, job.parameters, "reused",
                                   outputs={k: str(v) for k, v in
                                            _output_paths(output, job.slug, formats).items()})
                results.append(result)
                if progress:
                    progress(result)
            else:
                todo.append(job)
        if on_start:
            on_start(todo)
        try:
            for result in _run(todo, output, formats, timeout, workers, scheduler):
                results.append(result)
                if progress:
                    progress(result)
        except KeyboardInterrupt:
            interrupted = True
            done = {r.slug for r in results}
            for job in todo:
                if job.slug not in done:
                    results.append(JobResult(job.slug, job.report, job.title, job.parameters,
                                             "failed", error="interrupted (Ctrl-C)"))
        order = {job.slug: i for i, job in enumerate(jobs)}
        results.sort(key=lambda r: order.get(r.slug, 0))
        from sahel_analysis.render.index import write_index

        try:
            write_index(output, results)
        except OSError as error:  # e.g. disk full: the reports themselves are in place
            warnings.warn(f"{output / 'index.html'} was not updated ({error.strerror or error}):"
                          " it still lists the previous run.", stacklevel=2)
    finally:
        shutil.rmtree(output / STAGING_DIR, ignore_errors=True)
        lock.release()
    summary = RenderSummary(results, time.perf_counter() - started, output, interrupted)
    if interrupted:
        raise KeyboardInterrupt(summary.line())
    return summary


def _run(jobs: list[Job], output: Path, formats: tuple[str, ...], timeout: int,
         workers: int | None, scheduler: str | None):
    if not jobs:
        return
    if scheduler:
        yield from _run_dask(jobs, output, formats, timeout, scheduler)
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield execute_job(job, str(output), formats, timeout)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures = {executor.submit(execute_job, job, str(output), formats, timeout): job
                   for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except Exception as error:  # a worker process died
                yield JobResult(job.slug, job.report, job.title, job.parameters, "failed",
                                error=f"worker failed: {type(error).__name__}: {error}")
    except KeyboardInterrupt:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _run_dask(jobs: list[Job], output: Path, formats: tuple[str, ...], timeout: int,
              scheduler: str):
    from distributed import Client, as_completed

    try:
        client = Client(scheduler.strip(), timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        reason = _one_line(str(error) or type(error).__name__, 160)
        raise SchedulerUnavailableError(
            f"Cannot reach the Dask scheduler at {scheduler} within {SCHEDULER_TIMEOUT} s "
            f"({reason}). Start it or fix --scheduler; nothing was rendered and the previous "
            "reports were kept."
        ) from None
    with client:
        futures = {client.submit(execute_job, job, str(output), formats, timeout, pure=False,
                                 key=f"render-{job.slug}-{time.time_ns()}"): job
                   for job in jobs}
        for future in as_completed(list(futures)):
            job = futures[future]
            try:
                yield future.result()
            except Exception as error:
                yield JobResult(job.slug, job.report, job.title, job.parameters, "failed",
                                error=f"Dask task failed: {type(error).__name__}: {error}")


def summary_json(summary: RenderSummary) -> str:
    """Return the summary as JSON (for schedulers)."""
    return json.dumps({"seconds": summary.seconds, "results": [asdict(r) for r in
                                                               summary.results]}, indent=2)
