"""The default catalog: our render (HTML+PDF, 2 workers) against the bare papermill +
nbconvert CLI chain (HTML only, one report after another); no-change re-render; peak memory.
"""

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent


def run_measured(cmd, **kwargs) -> tuple[float, float]:
    """Run a command; return (seconds, peak RSS of its whole process tree in MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               **kwargs)
    peak = 0.0
    parent = psutil.Process(process.pid)

    def poll():
        nonlocal peak
        while process.poll() is None:
            try:
                procs = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=poll)
    watcher.start()
    code = process.wait()
    watcher.join()
    if code not in (0,):
        raise SystemExit(f"{cmd} failed with {code}")
    return time.perf_counter() - start, peak / 2**20


def bare_chain(jobs, workdir: Path) -> float:
    start = time.perf_counter()
    for job in jobs:
        out = workdir / f"{job['report']}-{abs(hash(json.dumps(job['parameters'])))}.ipynb"
        params = []
        for key, value in job["parameters"].items():
            params += ["-y", json.dumps({key: value})] if isinstance(value, list) else \
                ["-p", key, str(value)]
        subprocess.run([str(BIN / "papermill"), job["notebook"], str(out), *params,
                        "--kernel", "python3", "--no-progress-bar"], check=True,
                       capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(out)],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    listing = json.loads(subprocess.run([str(BIN / "sahel-analysis"), "list", "--json"],
                                        check=True, capture_output=True, text=True).stdout)
    jobs = [{**j, "notebook": str(root / j["notebook"])} for j in listing["default_run"]]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bare = bare_chain(jobs, tmp)
        out = tmp / "reports"
        ours, peak = run_measured([str(BIN / "sahel-analysis"), "render", "--workers", "2",
                                   "--output-dir", str(out), "--quiet", "--force"])
        again, _ = run_measured([str(BIN / "sahel-analysis"), "render", "--output-dir",
                                 str(out), "--quiet"])
        shutil.rmtree(out, ignore_errors=True)
    print(f"reports_in_default_catalog: {len(jobs)} reports")
    print(f"bare_chain_html_sequential: {bare:.1f} s")
    print(f"sahel_render_html_pdf_workers2: {ours:.1f} s")
    print(f"render_to_bare_ratio: {ours / bare:.2f} ratio")
    print(f"no_change_rerender: {again:.2f} s")
    print(f"render_peak_memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
