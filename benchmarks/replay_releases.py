"""Replay the real UCDP releases through `update`, as a monthly job would have met them.

Each step serves the releases that had appeared by its day from a fake publisher on 127.0.0.1
(cut from the snapshots in ``shared/data``, see :mod:`tests.replay`), runs
:func:`sahel_analysis.update.update` with that day, checks that the event ids and deaths
reconcile with the releases served, and prints a table (step, release served, events added /
replaced / set aside, reports re-rendered, briefing month) and ``name: value unit`` lines.

    PYTHONPATH=. python benchmarks/replay_releases.py [--reports briefing ...] [--no-render]

Everything is written in a temporary folder; the data folder of the checkout is not touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", nargs="*", default=None,
                        help="reports to render (default: the catalog's default run)")
    parser.add_argument("--format", default="html", help="formats to render (html, pdf)")
    parser.add_argument("--workers", type=int, default=1, help="render workers")
    parser.add_argument("--no-render", action="store_true",
                        help="refresh the data only (no report is rendered)")
    parser.add_argument("--mirror", default=str(ROOT.parent / "shared" / "data"),
                        help="folder of the real snapshots (laid out like shared/data)")
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    os.environ.setdefault("MPLBACKEND", "Agg")
    with tempfile.TemporaryDirectory(prefix="replay-") as scratch:
        return _replay(args, Path(scratch), Path(args.mirror))


def _replay(args: argparse.Namespace, scratch: Path, mirror: Path) -> int:
    import pandas as pd

    from sahel_analysis import config
    from tests import replay

    site = scratch / "site"
    site.mkdir()
    data = replay.start_data(scratch / "data", site)
    os.environ.update({config.DATA_DIR_ENV: str(data), config.CACHE_ENV: str(scratch / "cache")})
    os.environ.pop(config.MIRROR_ENV, None)
    config.set_mirror(None)
    ledger = replay.Ledger()
    rows, figures, failures = [], {}, 0
    started = time.perf_counter()
    with replay.publisher(site) as env:
        os.environ.update(env)
        for number, step in enumerate(replay.STEPS, 1):
            for served, path in replay.publish(step, mirror, site):
                ledger.serve(served, path, scratch)
            step_started = time.perf_counter()
            refreshed, rendered, code = _run(step, args, scratch / "reports")
            seconds = time.perf_counter() - step_started
            table = pd.read_parquet(data / "events.parquet")
            try:
                reconciled = replay.reconcile(table, ledger)
            except AssertionError as error:
                failures += 1
                reconciled = {"events": len(table), "deaths": int(table["deaths_best"].sum())}
                print(f"step {number}: NOT RECONCILED: {error}", file=sys.stderr)
            steps = refreshed.get("events", [])
            for name, why in refreshed.get("failed_sources", {}).items():
                print(f"step {number}: FAIL {name}: {why}", file=sys.stderr)
            rows.append((f"{number} {step.name} ({step.today})",
                         " + ".join(s["release"] for s in steps) or "none",
                         sum(s["added"] for s in steps), sum(s["replaced"] for s in steps),
                         sum(s["set_aside"] for s in steps), ", ".join(rendered) or "none",
                         replay.briefing_month(table), code))
            figures[number] = (seconds, reconciled)
    total = time.perf_counter() - started
    _print_table(rows)
    for number, (seconds, reconciled) in figures.items():
        print(f"step_{number}_seconds: {seconds:.1f} s")
        print(f"step_{number}_events: {reconciled['events']} events")
        print(f"step_{number}_deaths_best: {reconciled['deaths']} deaths")
    added = sum(r[2] for r in rows)
    aside = sum(r[4] for r in rows)
    print(f"replay_steps: {len(replay.STEPS)} steps")
    print(f"replay_events_added: {added} events")
    print(f"replay_rows_set_aside: {aside} rows")
    print(f"replay_not_reconciled: {failures} steps")
    print(f"replay_seconds: {total:.1f} s")
    return 1 if failures else 0


def _run(step, args: argparse.Namespace, output: Path) -> tuple[dict, list[str], int]:
    """Run one monthly job; return the refresh summary, the re-rendered reports, the exit code."""
    if args.no_render:
        from sahel_analysis.update import refresh

        result = refresh(today=step.today)
        return result.as_dict(), [], 0
    from sahel_analysis.update import update

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    summary = update(args.reports, output_dir=output, formats=formats, workers=args.workers,
                     today=step.today)
    rendered = list(summary.reports.get("fresh", []))
    rendered += [f"FAILED {slug}" for slug in summary.reports.get("failed", [])]
    return summary.refresh, rendered, summary.exit_code


def _print_table(rows: list[tuple]) -> None:
    header = ("step", "release served", "added", "replaced", "set aside", "re-rendered",
              "briefing month", "exit")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        print(" | ".join(str(c) for c in row))


if __name__ == "__main__":
    sys.exit(main())
