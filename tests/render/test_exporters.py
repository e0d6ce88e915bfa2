import subprocess
import sys
from importlib.metadata import entry_points

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from sahel_analysis.render.exporters import (
    SahelHTMLExporter,
    SahelPDFExporter,
    remote_references,
    table_of_contents,
)


def executed_notebook():
    nb = new_notebook()
    nb.cells = [
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_markdown_cell("## Findings"),
        new_code_cell("print(x)", outputs=[new_output("stream", name="stdout", text="1\n"),
                                           new_output("stream", name="stderr", text="warn\n")]),
        new_markdown_cell("## Method"),
    ]
    nb.metadata["sahel"] = {"title": "A test report", "parameters": {"country": "MLI"},
                            "rendered_at": "2026-01-01 00:00 UTC"}
    return nb


def test_html_exporter_hides_inputs_and_builds_toc():
    body, _ = SahelHTMLExporter().from_notebook_node(executed_notebook())
    assert "A test report" in body and "country" in body
    assert "print(x)" not in body and "warn" not in body
    toc, _ = table_of_contents(body)
    assert "Findings" in toc and "Method" in toc
    assert remote_references(body) == []


def test_pdf_exporter_returns_pdf_bytes():
    pdf, resources = SahelPDFExporter().from_notebook_node(executed_notebook())
    assert pdf.startswith(b"%PDF") and resources["output_extension"] == ".pdf"


def test_remote_reference_detection():
    assert remote_references('<img src="https://cdn.example/x.png">')
    assert not remote_references('<img src="data:image/png;base64,AAA">')


def test_exporters_registered_as_entry_points():
    names = {e.name for e in entry_points(group="nbconvert.exporters")}
    assert {"sahel_html", "sahel_pdf"} <= names


@pytest.mark.slow
def test_jupyter_nbconvert_to_sahel_pdf(tmp_path):
    path = tmp_path / "report.ipynb"
    nbformat.write(executed_notebook(), path)
    for fmt, suffix in (("sahel_html", ".html"), ("sahel_pdf", ".pdf")):
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", fmt, str(path)],
                       check=True, capture_output=True, cwd=tmp_path)
        assert (tmp_path / f"report{suffix}").stat().st_size > 1000
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_headings_are_visible_in_the_pdf():
    """Section headings must survive the print stylesheet (they sit in jp-InputArea)."""
    pdf, _ = SahelPDFExporter().from_notebook_node(executed_notebook())
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Findings" in text and "Method" in text
