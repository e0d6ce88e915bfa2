"""Executing each report notebook on the embedded data, beyond kernel start (target < 5 s)."""

import time

import nbformat
from nbclient import NotebookClient

from sahel_analysis import config
from sahel_analysis.catalog import load_catalog


def main() -> None:
    for name, report in load_catalog().items():
        nb = nbformat.read(report.notebook, as_version=4)
        client = NotebookClient(nb, kernel_name="python3", timeout=600,
                                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                resources={"metadata": {"path": str(config.notebooks_dir())}})
        start = time.perf_counter()
        with client.setup_kernel():
            started = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            done = time.perf_counter()
        print(f"kernel_start_{name}: {started - start:.2f} s")
        print(f"notebook_execution_{name}: {done - started:.2f} s")


if __name__ == "__main__":
    main()
