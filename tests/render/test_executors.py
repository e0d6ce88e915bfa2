"""Executors are a registry chosen by the run options; job status is an Enum (no kernel)."""

import json
from pathlib import Path

from sahel_analysis.render import runner
from sahel_analysis.render.jobs import Job, RenderSummary, Status, summary_json


def test_registry_holds_the_three_executors_and_chooses_by_options():
    assert {"local", "processes", "dask"} <= set(runner.executors._executors)
    assert runner.executors.choose(1, None, 5) == "local"
    assert runner.executors.choose(4, None, 1) == "local"  # one job needs no pool
    assert runner.executors.choose(2, None, 5) == "processes"
    assert runner.executors.choose(2, "tcp://127.0.0.1:8786", 5) == "dask"


def test_a_registered_executor_can_be_looked_up():
    def echo(jobs, output, formats, timeout, **_):
        yield from (job.result(Status.FRESH) for job in jobs)

    registry = runner.ExecutorRegistry()
    registry.register("echo", echo)
    job = Job("tiny", "Tiny", "tiny.ipynb", {}, "tiny")
    assert [r.status for r in registry.get("echo")([job], Path("."), ("html",), 1)] == ["fresh"]


def test_status_is_an_enum_that_reads_and_serialises_as_text():
    job = Job("tiny", "Tiny", "tiny.ipynb", {}, "tiny")
    summary = RenderSummary([job.result(Status.FAILED, error="x")], 1.0, Path("out"))
    assert summary.count("failed") == summary.count(Status.FAILED) == 1
    assert json.loads(summary_json(summary))["results"][0]["status"] == "failed"
    assert f"{Status.REUSED}" == "reused"
