"""Import cost in a kernel before a report's first computed cell (target ≤ 0.8 s).

For each report: start a kernel, then time its notebook's setup cell up to the parameter check
(``%matplotlib inline``, the imports, ``plots.set_theme()``), that is, what a kernel imports
before the first cell that computes anything. Measured for a kernel started cold (as the bare
papermill chain starts it) and for one forked from the render's fork server (as the renderer
starts it), with the kernel's own CPU time from start to the end of the setup imports.
Prints ``name: value unit``.
"""

import asyncio
import time

import nbformat
import psutil

from sahel_analysis.catalog import load_catalog
from sahel_analysis.render import kernels
from sahel_analysis.render.forkserver import fork_server


def setup_code(notebook) -> str:
    """Return the setup cell's lines before the parameter check."""
    source = notebook.cells[1].source
    return source.split("params = ", 1)[0]


async def time_imports(code: str) -> tuple[float, float]:
    """Return (seconds of the setup imports, kernel CPU seconds from start to their end)."""
    manager = kernels.ForkingKernelManager(kernel_name="python3")
    await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        start = time.perf_counter()
        reply = await client.execute_interactive(code, timeout=120,
                                                 output_hook=lambda msg: None)
        elapsed = time.perf_counter() - start
        assert reply["content"]["status"] == "ok", reply["content"]
        cpu = psutil.Process(manager.provisioner.pid).cpu_times()
        return elapsed, cpu.user + cpu.system
    finally:
        client.stop_channels()
        await manager.shutdown_kernel(now=True)


def measure(label: str) -> None:
    worst = worst_cpu = 0.0
    for name, report in load_catalog().items():
        code = setup_code(nbformat.read(report.notebook, as_version=4))
        seconds, cpu = min(asyncio.run(time_imports(code)) for _ in range(2))
        worst, worst_cpu = max(worst, seconds), max(worst_cpu, cpu)
        print(f"kernel_import_{label}_{name}: {seconds:.2f} s")
    print(f"kernel_import_{label}_worst: {worst:.2f} s")
    print(f"kernel_cpu_to_first_cell_{label}_worst: {worst_cpu:.2f} s")


def main() -> None:
    kernels.use_fork_server(None)
    measure("cold")
    with fork_server() as address:
        kernels.use_fork_server(address)
        measure("forked")


if __name__ == "__main__":
    main()
