"""The default catalog: our render (HTML+PDF, 2 workers) against the bare papermill +
nbconvert CLI chain (HTML only, one report after another) in the same run; no-change
re-render; the same render with kernels started cold (not forked); peak memory (RSS and
PSS); how the cost grows with 1, 2 and 4 workers and with a country profile for every
country that has events.

Prints ``name: value unit``. ``--only ours`` skips the bare chain and the scaling runs.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


def run_measured(cmd, env=None) -> tuple[float, float, float]:
    """Run a command; return (seconds, peak RSS sum, peak PSS sum of its process tree, MiB).

    RSS counts a page shared by several processes (kernels forked from the fork server
    share its imports) once per process; PSS divides it among them, so it is the memory
    the tree really holds.
    """
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env)
    peak_rss = peak_pss = 0.0
    parent = psutil.Process(process.pid)

    def poll():
        nonlocal peak_rss, peak_pss
        tick = 0
        while process.poll() is None:
            try:
                procs = [p for p in [parent, *parent.children(recursive=True)]
                         if p.is_running()]
                peak_rss = max(peak_rss, sum(p.memory_info().rss for p in procs))
                if tick % 4 == 0:  # reading smaps costs more: every 0.2 s
                    peak_pss = max(peak_pss, sum(p.memory_full_info().pss for p in procs))
            except psutil.Error:
                pass
            tick += 1
            time.sleep(0.05)

    watcher = threading.Thread(target=poll)
    watcher.start()
    _, err = process.communicate()
    watcher.join()
    if process.returncode != 0:
        raise SystemExit(f"{cmd} failed with {process.returncode}: {err.decode()[-2000:]}")
    return time.perf_counter() - start, peak_rss / 2**20, peak_pss / 2**20


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


def render(out: Path, *args: str, env=None) -> tuple[float, float, float]:
    return run_measured([str(BIN / "sahel-analysis"), "render", "--output-dir", str(out),
                         "--quiet", *args], env=env)


def countries_with_events() -> list[str]:
    from sahel_analysis import data

    return sorted(data.events()["country_iso3"].unique())


def all_countries_catalog(folder: Path, codes: list[str]) -> dict:
    """Copy the notebooks with a catalog of one country profile per country; return the env."""
    from sahel_analysis import config

    shutil.copytree(config.notebooks_dir(), folder)
    runs = ", ".join(f'{{ country = "{code}" }}' for code in codes)
    (folder / "catalog.toml").write_text(
        '[country_profile]\ntitle = "Country security profile"\n'
        'notebook = "country_profile.ipynb"\nparameters = "CountryProfileParameters"\n'
        f"default_run = [{runs}]\n", encoding="utf-8")
    return {**os.environ, "SAHEL_ANALYSIS_NOTEBOOKS": str(folder)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["all", "ours"], default="all")
    args = parser.parse_args()
    listing = json.loads(subprocess.run([str(BIN / "sahel-analysis"), "list", "--json"],
                                        check=True, capture_output=True, text=True).stdout)
    jobs = [{**j, "notebook": str(ROOT / j["notebook"])} for j in listing["default_run"]]
    print(f"reports_in_default_catalog: {len(jobs)} reports")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bare = bare_chain(jobs, tmp) if args.only == "all" else None
        out = tmp / "reports"
        ours, peak, pss = render(out, "--workers", "2", "--force")
        again, _, _ = render(out)
        cold, cold_peak, cold_pss = render(out, "--workers", "2", "--force", env={
            **os.environ, "SAHEL_ANALYSIS_FORK_KERNELS": "0"})
        if bare is not None:
            print(f"bare_chain_html_sequential: {bare:.1f} s")
        print(f"sahel_render_html_pdf_workers2: {ours:.1f} s")
        if bare is not None:
            print(f"render_to_bare_ratio: {ours / bare:.2f} ratio")
        print(f"no_change_rerender: {again:.2f} s")
        print(f"render_peak_memory_workers2: {peak:.0f} MiB")
        print(f"render_peak_pss_workers2: {pss:.0f} MiB")
        print(f"sahel_render_workers2_kernels_not_forked: {cold:.1f} s")
        if bare is not None:
            print(f"render_not_forked_to_bare_ratio: {cold / bare:.2f} ratio")
        print(f"render_peak_memory_workers2_kernels_not_forked: {cold_peak:.0f} MiB")
        print(f"render_peak_pss_workers2_kernels_not_forked: {cold_pss:.0f} MiB")
        if args.only == "ours":
            return
        for workers in (1, 4):
            seconds, peak, pss = render(out, "--workers", str(workers), "--force")
            print(f"sahel_render_html_pdf_workers{workers}: {seconds:.1f} s")
            print(f"render_peak_memory_workers{workers}: {peak:.0f} MiB")
            print(f"render_peak_pss_workers{workers}: {pss:.0f} MiB")
        codes = countries_with_events()
        env = all_countries_catalog(tmp / "notebooks", codes)
        seconds, peak, pss = render(tmp / "all", "--workers", "2", "--force", env=env)
        print(f"countries_with_events: {len(codes)} countries")
        print(f"country_profiles_all_countries_workers2: {seconds:.1f} s")
        print(f"country_profiles_all_countries_peak_memory: {peak:.0f} MiB")
        print(f"country_profiles_all_countries_peak_pss: {pss:.0f} MiB")
        print(f"country_profile_seconds_per_country: {seconds / len(codes):.1f} s")


if __name__ == "__main__":
    main()
