"""Import cost in a kernel before a report's first computed cell (target ≤ 0.8 s).

For each report: start a kernel, then time its notebook's setup cell up to the parameter check
(``%matplotlib inline``, the imports, ``plots.set_theme()``), that is, what a kernel imports
before the first cell that computes anything. Prints ``name: value unit``.
"""

import time

import nbformat
from jupyter_client.manager import start_new_kernel

from sahel_analysis.catalog import load_catalog


def setup_code(notebook) -> str:
    """Return the setup cell's lines before the parameter check."""
    source = notebook.cells[1].source
    return source.split("params = ", 1)[0]


def time_imports(code: str, repeat: int = 1) -> float:
    manager, client = start_new_kernel(kernel_name="python3",
                                       extra_arguments=["--IPKernelApp.log_level=ERROR"])
    try:
        start = time.perf_counter()
        reply = client.execute_interactive(code, timeout=120, output_hook=lambda msg: None)
        elapsed = time.perf_counter() - start
        assert reply["content"]["status"] == "ok", reply["content"]
        return elapsed
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    worst = 0.0
    for name, report in load_catalog().items():
        notebook = nbformat.read(report.notebook, as_version=4)
        seconds = min(time_imports(setup_code(notebook)) for _ in range(2))
        worst = max(worst, seconds)
        print(f"kernel_import_{name}: {seconds:.2f} s")
    print(f"kernel_import_worst: {worst:.2f} s")


if __name__ == "__main__":
    main()
