"""Prefect: the same monthly update as a flow (deploy with a cron schedule "0 6 5 * *")."""

from __future__ import annotations

from prefect import flow, get_run_logger


@flow(name="sahel-update")
def sahel_update(output_dir: str = "reports", max_data_age: int = 60) -> dict:
    """Refresh the data, render what changed; fail when a report failed or data are stale."""
    from sahel_analysis.update import update

    summary = update(output_dir=output_dir, max_data_age=max_data_age,
                     log=get_run_logger().info)
    if summary.exit_code:
        raise RuntimeError(f"sahel update exited {summary.exit_code}: {summary.stale}")
    return summary.reports


if __name__ == "__main__":
    sahel_update()
