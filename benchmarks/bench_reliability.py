"""Reliability: every bad input and fault tried (issue 11's audit and the tests), with outcome.

Each fault runs for real (in-process, on temporary folders and a tiny notebook catalog) and is
"clean" when it ends in a clear message (or the right result) with nothing lost: previous
reports, cached downloads and data tables stay as they were. Prints `name: value unit` lines.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sahel_analysis import config, data, plots
from sahel_analysis.catalog import validate_parameters
from sahel_analysis.cli import main
from sahel_analysis.exceptions import (
    DataIntegrityError,
    DataUnavailableError,
    InvalidPeriodError,
    NotebookError,
    OutputNotWritableError,
    ParameterError,
    UnknownCountryError,
)
from sahel_analysis.render import cluster, runner, store

MIRROR = Path(__file__).resolve().parents[2] / "shared" / "data"
FAULTS: list[tuple[str, Callable[[Path], str]]] = []
CATALOG = """
[tiny]
title = "Tiny report"
notebook = "tiny.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[slow]
title = "Sleeps"
notebook = "slow.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[flaky]
title = "Fails when a marker file exists"
notebook = "flaky.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[noparams]
title = "No parameters cell"
notebook = "noparams.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[pair]
title = "Two runs of a short sleep"
notebook = "pair.ipynb"
parameters = "RealignmentParameters"
default_run = [{ start = "2012-01-01" }, { start = "2013-01-01" }]

[missing]
title = "Notebook missing"
notebook = "missing.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]
"""


def fault(function: Callable[[Path], str]) -> Callable[[Path], str]:
    """Register a fault: it returns what happened, or raises AssertionError when not clean."""
    FAULTS.append((function.__name__, function))
    return function


# ----------------------------------------------------------------------------- helpers

def expect(error: type[Exception], text: str, call: Callable, *args, **kwargs) -> str:
    """Check that `call` raises `error` with `text` in a short message; return its first line."""
    try:
        call(*args, **kwargs)
    except error as raised:
        message = str(raised)
        assert text in message, f"message lacks {text!r}: {message[:200]}"
        assert len(message) < 2_000, "message too long"
        return message.splitlines()[0][:90]
    raise AssertionError(f"no {error.__name__} raised")


def cli(argv: list[str], code: int, text: str = "") -> str:
    """Run the CLI in-process; check its exit code, message and that no traceback escaped."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            got = main(argv)
        except SystemExit as exit_:
            got = exit_.code
    stderr = err.getvalue()
    assert got == code, f"exit {got}, expected {code}: {stderr[-300:]}"
    assert "Traceback" not in stderr, "traceback printed"
    assert text in stderr + out.getvalue(), f"output lacks {text!r}: {stderr[-300:]}"
    return f"exit {got}"


@contextlib.contextmanager
def env(**values: str | None) -> Iterator[None]:
    """Set (or, with None, unset) environment variables for the block."""
    saved = {key: os.environ.get(key) for key in values}
    for key, value in values.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    try:
        yield
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


@contextlib.contextmanager
def patched(owner: object, name: str, value: object) -> Iterator[None]:
    """Replace an attribute for the block."""
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


def tiny_catalog(folder: Path) -> Path:
    """Write a catalog of tiny notebooks; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.toml").write_text(CATALOG)
    period = 'start = "2012-01-01"\nend = "2025-12-31"'
    marker = folder / "marker"
    for name, code, tagged in (
        ("tiny", "6 * 7", True), ("slow", "import time\ntime.sleep(30)", True),
        ("flaky", f"import os\nassert not os.path.exists({str(marker)!r}), 'marker'", True),
        ("noparams", "1", False), ("pair", "import time\ntime.sleep(2)", True),
    ):
        notebook = new_notebook()
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        notebook.cells = [new_code_cell(period, metadata={"tags": ["parameters"] if tagged
                                                           else []}),
                          new_markdown_cell("## Section"), new_code_cell(code)]
        nbformat.write(notebook, folder / f"{name}.ipynb")
    return folder


def render(out: Path, report: str = "tiny", **kwargs) -> runner.RenderSummary:
    kwargs.setdefault("formats", ["html"])
    return runner.render([report], kwargs.pop("parameters", None), output_dir=out, workers=1,
                         **kwargs)


def snapshot(out: Path, slug: str = "tiny") -> dict[str, bytes]:
    names = (f"{slug}.html", f"{slug}.pdf", f"executed/{slug}.ipynb", f".state/{slug}.json")
    return {n: (out / n).read_bytes() for n in names if (out / n).is_file()}


def published(tmp: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp / "reports"
    render(out)
    return out, snapshot(out)


def failed_keeping(out: Path, before: dict[str, bytes], summary, text: str) -> str:
    result = summary.results[0]
    assert result.status == "failed", result.status
    assert text in result.error and "\n" not in result.error, result.error[:200]
    assert snapshot(out) == before, "previous report changed"
    empty = [p.name for p in (out / "failed").glob("*") if p.stat().st_size == 0] \
        if (out / "failed").is_dir() else []
    assert not empty, f"0-byte files left: {empty}"
    return result.error[:90]


# ----------------------------------------------------------------------------- data API

@fault
def numpy_year_start(tmp: Path) -> str:
    latest = data.fatalities("MLI")["year"].max()
    years = set(data.fatalities("MLI", start=latest)["year"])
    assert years == {int(latest)}, years
    return f"rows of {int(latest)} only"


@fault
def float_years(tmp: Path) -> str:
    frame = data.fatalities("MLI", 2020.0, 2021.0)
    assert frame.equals(data.fatalities("MLI", 2020, 2021)) and len(frame)
    return f"{len(frame)} rows, as with ints"


@fault
def every_date_kind_alike(tmp: Path) -> str:
    kinds = [2024, np.int64(2024), 2024.0, "2024", pd.Timestamp("2024-01-01"),
             __import__("datetime").date(2024, 1, 1)]
    lengths = {len(data.fatalities("MLI", start=k)) for k in kinds}
    assert len(lengths) == 1, lengths
    return f"{len(kinds)} kinds, same rows"


@fault
def bool_year(tmp: Path) -> str:
    return expect(InvalidPeriodError, "not a date", data.fatalities, "MLI", start=True)


@fault
def fractional_year(tmp: Path) -> str:
    return expect(InvalidPeriodError, "whole year", data.fatalities, "MLI", start=2020.5)


@fault
def trailing_junk_date(tmp: Path) -> str:
    return expect(InvalidPeriodError, "ISO date", data.events, "MLI", "2020-01-01<script>")


@fault
def list_as_date(tmp: Path) -> str:
    return expect(InvalidPeriodError, "not a date", data.events, "MLI", [2020])


@fault
def unknown_country(tmp: Path) -> str:
    return expect(UnknownCountryError, "Valid countries", data.events, "Wakanda")


@fault
def inverted_period(tmp: Path) -> str:
    return expect(InvalidPeriodError, "inverted", data.events, "MLI", "2022", "2020")


@fault
def period_outside_data(tmp: Path) -> str:
    return expect(InvalidPeriodError, "the data cover", data.fatalities, "MLI", 1950, 1960)


@fault
def empty_period_inside_data(tmp: Path) -> str:
    frame = data.events("Niger", 2024, 2025)
    assert frame.empty and "deaths_best" in frame.columns
    return "empty table with its columns"


@fault
def indicator_code_as_country(tmp: Path) -> str:
    return expect(UnknownCountryError, "codes=", data.indicators, "SP.POP.TOTL")


@fault
def unknown_indicator(tmp: Path) -> str:
    return expect(ValueError, "available", data.indicators, codes="XX.NOPE")


@fault
def admin1_boundaries(tmp: Path) -> str:
    return expect(ValueError, "admin-1", data.boundaries, level=1)


@fault
def corrupt_parquet(tmp: Path) -> str:
    copy = tmp / "data"
    shutil.copytree(config.data_dir(), copy)
    (copy / "events.parquet").write_bytes(b"not parquet")
    with env(**{config.DATA_DIR_ENV: str(copy)}):
        return expect(DataIntegrityError, "data build", data.events)


@fault
def missing_manifest_api(tmp: Path) -> str:
    with env(**{config.DATA_DIR_ENV: str(tmp)}):
        return expect(DataIntegrityError, "git checkout data/", data.events)


@fault
def timeline_given_ucdp_events(tmp: Path) -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot(pd.date_range("2020-01-01", "2021-01-01", freq="MS"), range(13))
    try:
        return expect(ValueError, "data.timeline()", plots.add_timeline, ax,
                      data.events("MLI", "2020-01", "2020-02"))
    finally:
        plt.close(fig)


@fault
def timeline_on_year_axis(tmp: Path) -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([2012, 2024], [0, 1])
    drawn = plots.add_timeline(ax, data.timeline("MLI"), max_lanes=50)
    plt.close(fig)
    assert drawn > 0
    return f"{drawn} labels without yearly=True"


@fault
def timeline_on_unknown_axis(tmp: Path) -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    try:
        return expect(ValueError, "yearly=True", plots.add_timeline, ax, data.timeline())
    finally:
        plt.close(fig)


@fault
def timeline_other_country_turns(tmp: Path) -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot(pd.date_range("2012-01-01", "2025-12-01", freq="MS"), range(168))
    plots.add_timeline(ax, data.timeline(), countries=["NER"], max_lanes=50)
    titles = {t.get_text().strip() for t in ax.texts}
    plt.close(fig)
    assert "ECOWAS sanctions on Mali" not in titles
    return "Mali-only bloc rows left out"


@fault
def ged_inconsistent_bounds(tmp: Path) -> str:
    events = data.events(include_preliminary=False)
    odd = events[(events["deaths_low"] > events["deaths_best"])
                 | (events["deaths_high"] < events["deaths_best"])]
    assert len(odd) == 63, len(odd)
    return "63 rows kept as UCDP publishes them (documented)"


# ----------------------------------------------------------------------------- parameters

def check(report: str, values: dict) -> dict:
    """Validate the parameters of a report of the real catalog (not the tiny one)."""
    with env(**{config.NOTEBOOKS_ENV: None}):
        return validate_parameters(report, values)


@fault
def int_year_parameter(tmp: Path) -> str:
    params = check("country_profile", {"start": 2019})
    assert params["start"] == "2019-01-01"
    return "start = 2019 accepted"


@fault
def end_beyond_data(tmp: Path) -> str:
    return expect(ParameterError, "after the last day", check, "realignment",
                  {"end": "2100"})


@fault
def end_9999_12(tmp: Path) -> str:
    return expect(ParameterError, "after the last day", check, "realignment",
                  {"end": "9999-12"})


@fault
def trailing_junk_parameter(tmp: Path) -> str:
    return expect(ParameterError, "cannot read", check, "realignment",
                  {"start": "2020-01-01<script>"})


@fault
def huge_parameter_value(tmp: Path) -> str:
    message = expect(ParameterError, "characters", check, "country_profile",
                     {"country": "x" * 120_000})
    return message


@fault
def wrong_type_parameter(tmp: Path) -> str:
    return expect(ParameterError, "wrong type", check, "country_profile",
                  {"country": 432})


@fault
def unknown_parameter(tmp: Path) -> str:
    return expect(ParameterError, "unknown parameter", check, "country_profile",
                  {"cuntry": "MLI"})


@fault
def no_countries(tmp: Path) -> str:
    return expect(ParameterError, "at least one", check, "regional_security",
                  {"countries": []})


@fault
def as_of_outside_data(tmp: Path) -> str:
    return expect(ParameterError, "outside the data", check, "briefing",
                  {"as_of": "1970-01-01"})


@fault
def huge_parameter_name(tmp: Path) -> str:
    return expect(ParameterError, "characters", check, "country_profile", {"y" * 120_000: "1"})


@fault
def parameters_of_unknown_report(tmp: Path) -> str:
    from sahel_analysis.exceptions import UnknownReportError

    return expect(UnknownReportError, "Valid reports", check, "weather", {})


# ----------------------------------------------------------------------------- CLI

@fault
def unknown_report(tmp: Path) -> str:
    return cli(["render", "weather", "--output-dir", str(tmp)], 2, "Unknown report")


@fault
def parameter_without_value(tmp: Path) -> str:
    return cli(["render", "country_profile", "-p", "oops", "--output-dir", str(tmp)], 2,
               "key=value")


@fault
def repeated_parameter(tmp: Path) -> str:
    return cli(["render", "country_profile", "-p", "country=MLI", "-p", "country=NER",
                "--output-dir", str(tmp)], 2, "given twice")


@fault
def zero_timeout(tmp: Path) -> str:
    return cli(["render", "--timeout", "0", "--output-dir", str(tmp)], 2, "positive")


@fault
def negative_timeout(tmp: Path) -> str:
    return cli(["render", "--timeout", "-5", "--output-dir", str(tmp)], 2, "positive")


@fault
def malformed_scheduler(tmp: Path) -> str:
    return cli(["render", "briefing", "--scheduler", "tcp//x:1", "--output-dir", str(tmp)], 2,
               "scheduler address")


@fault
def unreachable_scheduler(tmp: Path) -> str:
    with patched(cluster, "SCHEDULER_TIMEOUT", 2):
        return cli(["render", "tiny", "--scheduler", "tcp://127.0.0.1:1", "--quiet",
                    "--output-dir", str(tmp / "out")], 1, "Cannot reach the Dask scheduler")


@fault
def list_without_manifest(tmp: Path) -> str:
    with env(**{config.DATA_DIR_ENV: str(tmp)}):
        return cli(["list"], 2, "git checkout data/")


@fault
def render_with_corrupt_manifest(tmp: Path) -> str:
    (tmp / "manifest.json").write_text("{not json")
    with env(**{config.DATA_DIR_ENV: str(tmp)}):
        return cli(["render", "country_profile", "--output-dir", str(tmp / "out")], 2,
                   "not valid JSON")


@fault
def build_unknown_table(tmp: Path) -> str:
    return cli(["data", "build", "--tables", "bogus", "--output", str(tmp / "d")], 2,
               "Unknown tables")


@fault
def build_into_unwritable_folder(tmp: Path) -> str:
    (tmp / "file").write_text("x")
    return cli(["data", "build", "--tables", "gold_price", "--output",
                str(tmp / "file" / "data")], 2, "Cannot write")


@fault
def build_with_missing_mirror(tmp: Path) -> str:
    from sahel_analysis import config as configuration

    try:
        return cli(["data", "build", "--mirror", str(tmp / "none"), "--output",
                    str(tmp / "d")], 2, "does not exist")
    finally:
        configuration.set_mirror(None)


@fault
def build_into_new_folder(tmp: Path) -> str:
    if not MIRROR.is_dir():
        return "skipped: no mirror"
    with env(**{config.MIRROR_ENV: str(MIRROR)}):
        cli(["data", "build", "--quiet", "--tables", "gold_price", "--output",
             str(tmp / "new")], 0)
    files = {p.name for p in (tmp / "new").iterdir()}
    assert {"timeline.csv", "actor_families.csv", "manifest.json"} <= files, files
    return "complete folder"


@fault
def offline_refresh_with_cache(tmp: Path) -> str:
    import hashlib

    from sahel_analysis.sources import http
    from sahel_analysis.sources.base import RemoteFile, fetch

    payload = b"Date,Price\n2020-01,1.0\n"
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv",
                        hashlib.sha256(payload).hexdigest())

    def online(url, target, timeout):
        target.write_bytes(payload)
        return target

    def offline(url, target, timeout):
        raise DataUnavailableError(f"{url} did not answer (network is unreachable).")

    with env(**{config.CACHE_ENV: str(tmp / "cache"), config.MIRROR_ENV: None}):
        with patched(http, "download", online):
            cached = fetch(remote)
        with patched(http, "download", offline):
            message = expect(DataUnavailableError, "kept", fetch, remote, verify=False,
                             refresh=True)
        assert cached.read_bytes() == payload, "cache lost"
    return message


@fault
def offline_without_cache(tmp: Path) -> str:
    from sahel_analysis.sources import http
    from sahel_analysis.sources.base import RemoteFile, fetch

    def offline(url, target, timeout):
        raise DataUnavailableError(f"{url} did not answer (network is unreachable).")

    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    with env(**{config.CACHE_ENV: str(tmp / "cache"), config.MIRROR_ENV: None}), \
            patched(http, "download", offline):
        return expect(DataUnavailableError, "--mirror", fetch, remote)


@fault
def mirror_hash_mismatch(tmp: Path) -> str:
    from sahel_analysis.sources.base import RemoteFile, fetch

    (tmp / "gold").mkdir()
    (tmp / "gold" / "monthly.csv").write_text("changed")
    remote = RemoteFile("gold/monthly.csv", "https://example.org/monthly.csv", "0" * 64)
    with env(**{config.MIRROR_ENV: str(tmp)}):
        return expect(DataIntegrityError, "sha256", fetch, remote)


@fault
def locked_output(tmp: Path) -> str:
    from filelock import FileLock

    with FileLock(str(tmp / runner.LOCK_FILE)):
        return cli(["render", "tiny", "--quiet", "--output-dir", str(tmp)], 3, "Another render")


@fault
def version_flag(tmp: Path) -> str:
    return cli(["--version"], 0)


# ----------------------------------------------------------------------------- rendering

@fault
def notebook_missing(tmp: Path) -> str:
    return expect(NotebookError, "is missing", render, tmp / "out", "missing")


@fault
def notebook_without_parameters_cell(tmp: Path) -> str:
    return expect(NotebookError, "tagged 'parameters'", render, tmp / "out", "noparams")


@fault
def output_not_writable(tmp: Path) -> str:
    (tmp / "file").write_text("x")
    return expect(OutputNotWritableError, "another --output-dir", render,
                  tmp / "file" / "reports")


@fault
def failing_cell(tmp: Path) -> str:
    out, before = published(tmp)
    (config.notebooks_dir() / "marker").write_text("x")
    try:
        summary = render(out, "tiny", force=True)
        assert summary.results[0].status == "fresh"  # tiny does not look at the marker
        render(out, "flaky")
        flaky = snapshot(out, "flaky")
        summary = render(out, "flaky", force=True)
        assert summary.results[0].status == "failed" and snapshot(out, "flaky") == flaky
    finally:
        (config.notebooks_dir() / "marker").unlink()
    return summary.results[0].error[:90]


@fault
def cell_timeout(tmp: Path) -> str:
    summary = render(tmp / "out", "slow", timeout=2)
    result = summary.results[0]
    assert result.status == "failed" and "\n" not in result.error, result.error[:200]
    return result.error[:90]


@fault
def disk_full_while_publishing(tmp: Path) -> str:
    out, before = published(tmp)
    real = os.replace

    def full(src, dst):
        if str(dst).endswith((".html", ".ipynb")):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    with patched(runner.os, "replace", full):
        summary = render(out, force=True)
    return failed_keeping(out, before, summary, "No space left")


@fault
def disk_full_while_executing(tmp: Path) -> str:
    import papermill

    out, before = published(tmp)

    def full(notebook, output, **kwargs):
        open(output, "wb").close()
        raise OSError(errno.ENOSPC, "No space left on device", output)

    def no_room(path, content):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with patched(papermill, "execute_notebook", full), patched(store, "_write_atomic",
                                                                no_room):
        summary = render(out, force=True)
    return failed_keeping(out, before, summary, "No space left")


@fault
def publish_fails_half_way(tmp: Path) -> str:
    out, before = published(tmp)
    real = os.replace

    def html_fails(src, dst):
        if str(dst).endswith("tiny.html"):
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    with patched(runner.os, "replace", html_fails):
        summary = render(out, force=True)
    return failed_keeping(out, before, summary, "previous version was kept")


@fault
def state_folder_is_a_file(tmp: Path) -> str:
    out, _ = published(tmp)
    shutil.rmtree(out / ".state")
    (out / ".state").write_text("x")
    before = snapshot(out)
    summary = render(out, force=True)
    return failed_keeping(out, before, summary, "previous version was kept")


@fault
def corrupt_state_file(tmp: Path) -> str:
    out, _ = published(tmp)
    (out / ".state" / "tiny.json").write_text("{broken")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = render(out)
    assert summary.results[0].status == "fresh" and caught, "no warning or no render"
    assert "Tiny report" in (out / "index.html").read_text()
    return "warned, rendered again, index updated"


@fault
def html_only_after_pdf(tmp: Path) -> str:
    out = tmp / "reports"
    render(out, formats=["html", "pdf"])
    render(out, formats=["html"], force=True)
    assert not (out / "tiny.pdf").exists(), "older PDF left"
    assert 'href="tiny.pdf"' not in (out / "index.html").read_text()
    return "older PDF removed, index matches"


@fault
def two_parameter_sets_one_file(tmp: Path) -> str:
    out = tmp / "reports"
    first = render(out, parameters={"start": "2015-01-01"}).results[0].slug
    second = render(out, parameters={"end": "2015-01-01"}).results[0].slug
    assert first != second and (out / f"{first}.html").is_file()
    return f"{first}, {second}"


@fault
def interrupted_in_process(tmp: Path) -> str:
    out, before = published(tmp)

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    with patched(runner, "execute_job", interrupt):
        expect(KeyboardInterrupt, "interrupted", render, out, force=True)
    assert snapshot(out) == before
    assert render(out).results[0].status == "reused", "lock kept"
    return "previous kept, lock released"


def _render_pair(out: Path) -> tuple[list[str], list[str]]:
    """Render the two runs of "pair"; return their statuses and the warnings given."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = runner.render(["pair"], output_dir=out, workers=1, formats=["html"])
    return [r.status for r in summary.results], [str(w.message) for w in caught]


@fault
def fork_server_cannot_start(tmp: Path) -> str:
    from sahel_analysis.render import forkserver

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with patched(forkserver, "server_folder", full):
        statuses, said = _render_pair(tmp / "out")
    assert statuses == ["fresh", "fresh"], statuses
    assert any("could not start" in w and "started cold" in w for w in said), said
    return said[0]


@fault
def fork_server_killed_mid_render(tmp: Path) -> str:
    import threading

    import psutil

    def kill_server() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            for child in psutil.Process().children():
                if "forkserver" in " ".join(child.cmdline()) and child.children():
                    child.kill()  # a forked kernel runs: the server dies under it
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_server)
    killer.start()
    statuses, said = _render_pair(tmp / "out")
    killer.join()
    assert statuses == ["fresh", "fresh"], statuses  # its kernel lives; the next starts cold
    assert any("stopped early" in w for w in said), said
    return said[0]


@fault
def sigint_mid_render(tmp: Path) -> str:
    argv = [sys.executable, "-m", "sahel_analysis.cli", "render", "slow", "--workers", "1",
            "--format", "html", "--output-dir", str(tmp / "out")]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    time.sleep(4)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, process.returncode
    noise = [n for n in ("Traceback", "ZMQError", "DeadKernelError", "[IPKernelApp]")
             if n in err]
    assert not noise, f"noise: {noise}"
    return "exit 130, no kernel noise"


def run() -> tuple[int, int]:
    """Run every fault in a fresh folder; print one line each; return (tried, clean)."""
    clean = 0
    with tempfile.TemporaryDirectory() as root:
        notebooks = tiny_catalog(Path(root) / "notebooks")
        with env(**{config.NOTEBOOKS_ENV: str(notebooks)}):
            for name, function in FAULTS:
                folder = Path(root) / name
                folder.mkdir()
                try:
                    detail, ok = function(folder), True
                except AssertionError as error:
                    detail, ok = f"NOT CLEAN: {error}", False
                except BaseException as error:  # noqa: BLE001 - a traceback is the finding
                    detail, ok = f"NOT CLEAN: {type(error).__name__}: {error}"[:200], False
                clean += ok
                print(f"fault.{name}: {'clean' if ok else 'FAILED'} ({detail})")
    return len(FAULTS), clean


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    started = time.perf_counter()
    tried, clean = run()
    print(f"faults_tried: {tried} faults")
    print(f"faults_clean: {clean} faults")
    print(f"faults_not_clean: {tried - clean} faults")
    print(f"reliability_seconds: {time.perf_counter() - started:.1f} s")
    print(json.dumps({"faults_tried": tried, "faults_clean": clean}))
