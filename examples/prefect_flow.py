"""Prefect 3: the monthly update as a flow (deploy with a cron schedule "0 6 5 * *").

Failed sources are logged as warnings, each rendered report as progress, and a failed run
says why (the failed reports with their reasons, the stale tables).
"""

from __future__ import annotations

from prefect import flow, get_run_logger


@flow(name="sahel-update")
def sahel_update(output_dir: str = "reports", max_data_age: int = 60,
                 mirror: str | None = None) -> dict:
    """Refresh the data, render what changed; fail when a report failed or data are stale."""
    from sahel_analysis.update import update

    logger = get_run_logger()
    summary = update(output_dir=output_dir, max_data_age=max_data_age, mirror=mirror,
                     log=logger.info,
                     progress=lambda result: logger.info(
                         f"{result.slug}: {result.status} ({result.seconds:.1f} s)"))
    for source, reason in summary.refresh.get("failed_sources", {}).items():
        logger.warning(f"source {source} failed (cached and embedded files kept): {reason}")
    if summary.exit_code:
        reasons = [f"{failure['slug']}: {failure['error']}" for failure in summary.failures]
        raise RuntimeError(f"sahel update exited {summary.exit_code}: "
                           f"{'; '.join(reasons + summary.stale) or summary.as_json()}")
    return summary.reports


if __name__ == "__main__":
    sahel_update()
