"""Run one job inside a worker process: papermill execution, exports, memory handling."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
import time
import traceback
from pathlib import Path

from sahel_analysis.exceptions import RenderError
from sahel_analysis.render import store
from sahel_analysis.render.jobs import FORMATS, Job, JobResult, Status

KERNEL_NAME = "python3"
TABLES_ENV = "SAHEL_ANALYSIS_TABLES_OUT"  # sahel_analysis.downloads.ENV_OUT
TABLES_NAME_ENV = "SAHEL_ANALYSIS_TABLES_NAME"  # sahel_analysis.downloads.ENV_NAME


def execute_job(job: Job, output_dir: str, formats: tuple[str, ...] = FORMATS,
                timeout: int = 600, fork_server: str | None = None) -> JobResult:
    """Execute one notebook and publish its reports (runs inside a worker process).

    With `fork_server` (the address of the render's :func:`.forkserver.fork_server`), the
    kernel is forked from it, with the report's imports done; without, it starts cold.
    """
    _skip_slow_optional_imports()
    engine_options = _kernel_options(fork_server)
    import papermill as pm

    from sahel_analysis.render.engine import ENGINE

    started = time.perf_counter()
    out = Path(output_dir)
    result = job.result(Status.FAILED)
    staging: Path | None = None
    try:
        staging_root = store.staging_root(out)
        staging_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{job.slug}-", dir=staging_root))
        os.environ[TABLES_ENV] = str(staging / "tables.xlsx")  # the kernel's last cell writes it
        os.environ[TABLES_NAME_ENV] = job.slug  # tables link to <slug>.xlsx and .csv.zip
        executed = staging / f"{job.slug}.ipynb"
        try:
            with _quiet_kernel_logs():
                pm.execute_notebook(
                    job.notebook, str(executed), parameters=job.parameters,
                    kernel_name=KERNEL_NAME, engine_name=ENGINE, execution_timeout=timeout,
                    progress_bar=False,
                    log_output=False, cwd=str(staging), report_mode=False,
                    extra_arguments=["--IPKernelApp.log_level=CRITICAL"], **engine_options,
                )
        except Exception as error:
            result.error = _describe_failure(error, timeout)
            store.keep_failed(out, job.slug, executed, result.error)
            return result
        finally:
            _wait_for_kernels()
        try:
            files, rendered_at = _export_isolated(job, executed, staging, formats)
        except Exception as error:  # template, exporter or WeasyPrint failures
            result.error = one_line(f"export failed: {type(error).__name__}: {error}")
            store.keep_failed(out, job.slug, executed,
                              result.error + "\n" + traceback.format_exc())
            return result
        try:
            store.publish(out, job, files, formats, rendered_at)
        except OSError as error:
            result.error = (f"could not publish the report ({error.strerror or error}); the "
                            "previous version was kept")
            return result
        except RenderError as error:  # the previous version could not be put back
            result.error = str(error)
            return result
        result.status = Status.FRESH
        result.rendered_at = rendered_at
        result.outputs = {k: str(v) for k, v in store.output_paths(out, job.slug, formats).items()}
        store.clear_failed(out, job.slug)
        return result
    except OSError as error:  # e.g. disk full while staging or executing
        result.error = (f"could not write to {out} ({error.strerror or error}); the previous "
                        "report was kept")
        return result
    finally:
        result.seconds = time.perf_counter() - started
        os.environ.pop(TABLES_ENV, None)  # an in-process render leaves no job's paths behind
        os.environ.pop(TABLES_NAME_ENV, None)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _release_memory()


def _kernel_options(fork_server: str | None) -> dict:
    """Return papermill's options for kernels forked from `fork_server` (None: none)."""
    from sahel_analysis.render import kernels
    from sahel_analysis.render.forkserver import kernel_environment

    kernel_environment()  # as the fork server has it, so that its kernels match cold ones
    kernels.use_fork_server(fork_server)
    return {"kernel_manager_class": kernels.ForkingKernelManager} if fork_server else {}


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
    import gc

    _warm_exporters()
    # The child's collector leaves the inherited objects alone (WeasyPrint makes many).
    with multiprocessing.get_context("fork").Pool(1, initializer=gc.freeze) as pool:
        return pool.apply(_export, (job, executed, staging, formats))


_WARM: list[bool] = []


def _warm_exporters() -> None:
    """Import nbconvert and WeasyPrint and export a tiny notebook, once per worker process.

    Each export runs in a child forked from this process: warmed here (modules imported,
    template compiled, fonts loaded), every child starts from that state instead of paying
    about a second for it again.
    """
    if _WARM:
        return
    _WARM.append(True)
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    from sahel_analysis.render.exporters import export_html_and_pdf

    notebook = new_notebook(cells=[new_markdown_cell("## Warm-up")])
    notebook.metadata["sahel"] = {"title": "warm-up", "parameters": {}, "rendered_at": ""}
    with contextlib.suppress(Exception):  # a broken exporter is reported by the real export
        export_html_and_pdf(nbformat.from_dict(notebook), {"metadata": {"name": "warm-up"}})


def _export(job: Job, executed: Path, staging: Path, formats: tuple[str, ...]
            ) -> tuple[dict[str, Path], str]:
    """Write HTML and PDF of an executed notebook into the staging folder."""
    import nbformat

    from sahel_analysis.render.exporters import (
        SahelHTMLExporter,
        SahelPDFExporter,
        export_html_and_pdf,
    )

    notebook = nbformat.read(executed, as_version=4)
    rendered_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    files: dict[str, Path] = {"ipynb": executed}
    if (staging / "tables.xlsx").is_file():
        files["xlsx"] = staging / "tables.xlsx"
    if (staging / "tables.csv.zip").is_file():  # sahel_analysis.downloads.csv_zip_path
        files["csv.zip"] = staging / "tables.csv.zip"
    notebook.metadata["sahel"] = {"title": job.title, "parameters": job.parameters,
                                  "rendered_at": rendered_at, "compact": job.compact,
                                  "tables_xlsx": f"{job.slug}.xlsx" if "xlsx" in files else "",
                                  "tables_csv": f"{job.slug}.csv.zip" if "csv.zip" in files
                                  else ""}
    nbformat.write(notebook, executed)
    resources = {"metadata": {"name": job.slug}}
    if "html" in formats and "pdf" in formats:  # one conversion pass for both
        body, pdf = export_html_and_pdf(notebook, resources)
        files["html"] = staging / "report.html"
        files["html"].write_text(body, encoding="utf-8")
        files["pdf"] = staging / "report.pdf"
        files["pdf"].write_bytes(pdf)
        return files, rendered_at
    if "html" in formats:
        body, _ = SahelHTMLExporter().from_notebook_node(notebook, dict(resources))
        files["html"] = staging / "report.html"
        files["html"].write_text(body, encoding="utf-8")
    if "pdf" in formats:
        pdf, _ = SahelPDFExporter().from_notebook_node(notebook, dict(resources))
        files["pdf"] = staging / "report.pdf"
        files["pdf"].write_bytes(pdf)
    return files, rendered_at


def one_line(text: str, limit: int = 300) -> str:
    """Return `text` on one line, cut to `limit` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit] + "…"


def _describe_failure(error: Exception, timeout: int | None = None) -> str:
    """Return one line saying why a notebook failed."""
    name = type(error).__name__
    if name == "PapermillExecutionError":
        return one_line(f"cell {getattr(error, 'exec_count', '?')} failed: {error.ename}: "
                        f"{error.evalue}")
    if "Timeout" in name or "timed out" in str(error).lower():
        return f"a cell timed out after {timeout} s (raise --timeout if it needs longer)"
    if name == "DeadKernelError":
        return "the kernel died (out of memory, or killed); the previous report was kept"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"could not write{where} ({error.strerror or error}); the previous report was kept"
    return one_line(f"{name}: {error}")
