"""Airflow: a monthly task that calls the library (no shell); fails on stale data."""

from __future__ import annotations

import pendulum
from airflow.decorators import dag, task


@dag(schedule="0 6 5 * *", start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), catchup=False)
def sahel_update():
    """Refresh the data, render what changed, archive, write the index."""

    @task
    def update() -> dict:
        from sahel_analysis.update import update as run_update

        summary = run_update(output_dir="/srv/sahel/reports", max_data_age=60)
        if summary.exit_code:
            raise RuntimeError(f"sahel update exited {summary.exit_code}: {summary.as_json()}")
        return summary.reports

    update()


sahel_update()
