"""A temporary catalog of tiny notebooks to exercise the runner quickly."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CATALOG = """
[tiny]
title = "Tiny report"
notebook = "tiny.ipynb"
parameters = "RealignmentParameters"
description = "a quick notebook"
default_run = [{}]

[country]
title = "Tiny country report"
notebook = "country.ipynb"
parameters = "CountryProfileParameters"
default_run = [{ country = "MLI" }, { country = "NER" }]

[flaky]
title = "Fails when a marker file exists"
notebook = "flaky.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[slow]
title = "Sleeps"
notebook = "slow.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[noparams]
title = "No parameters cell"
notebook = "noparams.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]

[kernel]
title = "Says how its kernel started"
notebook = "kernel.ipynb"
parameters = "RealignmentParameters"
default_run = [{ start = "2012-01-01" }, { start = "2013-01-01" }]

[sleepy]
title = "Sleeps, twice"
notebook = "slow.ipynb"
parameters = "RealignmentParameters"
default_run = [{ start = "2012-01-01" }, { start = "2013-01-01" }]

[dies]
title = "Its kernel is killed, twice"
notebook = "dies.ipynb"
parameters = "RealignmentParameters"
default_run = [{ start = "2012-01-01" }, { start = "2013-01-01" }]

[missing]
title = "Notebook missing"
notebook = "missing.ipynb"
parameters = "RealignmentParameters"
default_run = [{}]
"""


def _write(folder, name, params_code, cells, tagged=True):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells.append(new_code_cell(params_code, metadata={"tags": ["parameters"] if tagged
                                                          else []}))
    for kind, text in cells:
        nb.cells.append(new_markdown_cell(text) if kind == "md" else new_code_cell(text))
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture
def tiny_catalog(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "catalog.toml").write_text(CATALOG)
    period = 'start = "2012-01-01"\nend = "2025-12-31"'
    body = [("md", "## First section"),
            ("code", "from IPython.display import HTML\nHTML(f'<p>period {start} to {end}</p>')"),
            ("md", "## Second section"),
            ("code", "import sys\nprint('noise', file=sys.stderr)\n6 * 7")]
    _write(folder, "tiny", period, body)
    _write(folder, "country", period + '\ncountry = "MLI"', [("md", "## Country"),
                                                            ("code", "country")])
    marker = tmp_path / "marker"
    _write(folder, "flaky", period, [("md", "## Flaky"), (
        "code", f"import os\nassert not os.path.exists({str(marker)!r}), 'marker present'")])
    _write(folder, "slow", period, [("code", "import time\ntime.sleep(30)")])
    _write(folder, "noparams", period, [("code", "1")], tagged=False)
    _write(folder, "dies", period, [("code", "import os, signal\n"
                                             "os.kill(os.getpid(), signal.SIGKILL)")])
    _write(folder, "kernel", period, [("code", "import sys\nprint('kernel', 'forked' if "
                                               "'pandas' in sys.modules else 'cold')")])
    monkeypatch.setenv("SAHEL_ANALYSIS_NOTEBOOKS", str(folder))
    return {"folder": folder, "marker": marker, "out": tmp_path / "reports"}
