"""The cost of a render with nothing to do, now that fingerprints hash the reports' code.

Publishes placeholder outputs with the current fingerprints for every report of the default
catalog (no kernel runs), then times ``sahel-analysis render`` reusing them all, and the
fingerprints alone (plan + fingerprint of every job, code hashes included) in a fresh process.
Prints ``name: value unit`` (median of 5 runs).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("html", "pdf")
FINGERPRINTS = ("from sahel_analysis.render import jobs, store; "
                "[store.fingerprint(job, ('html', 'pdf')) for job in jobs.plan()]")


def publish_placeholders(out: Path) -> int:
    """Write a state with the current fingerprint and a placeholder file per output."""
    from sahel_analysis.render import jobs, store

    planned = jobs.plan()
    for job in planned:
        files = {}
        for key, path in store.output_paths(out, job.slug, FORMATS).items():
            files[key] = Path(tempfile.mkdtemp()) / path.name
            files[key].write_text("placeholder")
        store.publish(out, job, files, FORMATS, "2000-01-01T00:00:00+00:00")
    return len(planned)


def median_seconds(cmd: list[str], runs: int = 5) -> float:
    """Return the median wall time of `cmd` (it must succeed)."""
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        count = publish_placeholders(out)
        render = [sys.executable, "-m", "sahel_analysis.cli", "render", "--output-dir",
                  str(out), "--quiet"]
        print(f"reports_in_default_catalog: {count} reports")
        print(f"no_change_rerender: {median_seconds(render):.2f} s")
        print(f"fingerprints_default_catalog_fresh_process: "
              f"{median_seconds([sys.executable, '-c', FINGERPRINTS]):.2f} s")
        print(f"python_startup: {median_seconds([sys.executable, '-c', 'pass']):.2f} s")


if __name__ == "__main__":
    main()
