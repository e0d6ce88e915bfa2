"""The renderer's papermill engine saves the executed notebook rarely, but always at the end."""

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from sahel_analysis.render import engine

pytestmark = pytest.mark.slow


def _notebook(path, cells):
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


def test_saves_once_at_the_end_not_twice_per_cell(tmp_path, monkeypatch):
    import papermill.engines

    writes = []
    real = papermill.engines.write_ipynb
    monkeypatch.setattr(papermill.engines, "write_ipynb",
                        lambda nb, path: writes.append(path) or real(nb, path))
    _notebook(tmp_path / "in.ipynb", [f"x = {i}" for i in range(12)])
    papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"),
                               engine_name=engine.ENGINE, kernel_name="python3",
                               progress_bar=False)
    assert len(writes) == 1  # the default engine writes 2 × 12 + 2 times
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert all(c.metadata.papermill.status == "completed" for c in out.cells)


def test_a_failed_notebook_is_saved_whole(tmp_path):
    _notebook(tmp_path / "in.ipynb", ["x = 1", "raise ValueError('boom')", "y = 2"])
    with pytest.raises(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "out.ipynb"),
                                   engine_name=engine.ENGINE, kernel_name="python3",
                                   progress_bar=False)
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in out.cells if c.cell_type == "code"
               for o in c.outputs)
