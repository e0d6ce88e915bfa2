"""Airflow 3: a monthly task that calls the library (no shell) and alerts on exit 1, 3 and 4.

Put this file in the DAGs folder. Set the Airflow Variable ``sahel_reports_dir`` (or the
environment variable ``SAHEL_REPORTS_DIR``) to an existing folder the workers can write; the
DAG never creates folders of its own. Test it with ``airflow dags test sahel_update``.
Exit codes of ``update`` (README, Command line): 1 a report failed, 3 another run holds the
output folder, 4 rendered with stale data. Each fails the task, so Airflow's alerting (email,
``on_failure_callback``) fires; the reports that did render stay published.
"""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
from airflow.sdk import Variable, dag, task

ALERT_CODES = {1: "a report failed", 3: "another run holds the output folder",
               4: "rendered with stale data"}


def reports_dir() -> Path:
    """Return the configured output folder; fail when it is missing (never create one)."""
    configured = Variable.get("sahel_reports_dir", default=None) or os.environ.get(
        "SAHEL_REPORTS_DIR")
    if not configured:
        raise RuntimeError("Set the Airflow Variable sahel_reports_dir (or $SAHEL_REPORTS_DIR) "
                           "to the folder the reports go to.")
    folder = Path(configured)
    if not folder.is_dir():
        raise RuntimeError(f"sahel_reports_dir {folder} does not exist: create it (writable by "
                           "the workers) before the first run.")
    return folder


@dag(schedule="0 6 5 * *", start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), catchup=False,
     tags=["sahel"])
def sahel_update():
    """Refresh the data, render what changed, archive, write the index."""

    @task
    def update() -> dict:
        from sahel_analysis.exceptions import RenderLockedError
        from sahel_analysis.update import update as run_update

        try:
            summary = run_update(output_dir=reports_dir(), max_data_age=60)
        except RenderLockedError as error:
            raise RuntimeError(f"sahel update exited 3 ({ALERT_CODES[3]}): {error}") from None
        if summary.exit_code in ALERT_CODES:
            raise RuntimeError(f"sahel update exited {summary.exit_code} "
                               f"({ALERT_CODES[summary.exit_code]}): {summary.as_json()}")
        return summary.reports

    update()


sahel_update()
