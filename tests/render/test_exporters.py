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


def test_one_style_element_keeps_the_colour_variables():
    body, _ = SahelHTMLExporter().from_notebook_node(executed_notebook())
    assert body.count("<style") == 1 and body.count("</style>") == 1
    assert ":root { --ink" in body and "--accent" in body
    assert 'name="viewport"' in body


def test_pdf_stylesheet_is_in_the_same_single_style_element():
    from sahel_analysis.render.exporters import stylesheet

    css = stylesheet(pdf=True)
    assert "<style" not in css and "@page" in css and ":root" in css


def test_charts_have_alt_text_and_tables_link_to_the_download():
    from sahel_analysis.reports import common

    nb = executed_notebook()
    nb.cells.append(new_code_cell("chart", outputs=[new_output(
        "display_data", data={"image/png": "iVBORw0KGgo="},
        metadata={"image/png": {"alt": "Deaths per year. The chart shows deaths by year."}})]))
    nb.metadata["sahel"]["tables_xlsx"] = "report.xlsx"
    nb.metadata["sahel"]["tables_csv"] = "report.csv.zip"
    body, _ = SahelHTMLExporter().from_notebook_node(nb)
    assert 'alt="Deaths per year. The chart shows deaths by year."' in body
    assert '<a href="report.xlsx">' in body and '<a href="report.csv.zip">' in body
    assert remote_references('<a href="https://ucdp.uu.se">UCDP</a>') == []

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("Deaths per year")
    ax.set_ylabel("Deaths (best)")
    chart = common.figure(fig)
    svg, meta = chart._repr_svg_()
    assert chart._repr_png_() is None  # one image per chart: a light chart is SVG only
    assert meta["alt"].startswith("Deaths per year. ") and "<text" in svg
    nb.cells.append(new_code_cell("svg chart", outputs=[new_output(
        "display_data", data={"image/svg+xml": svg}, metadata={"image/svg+xml": meta})]))
    body, _ = SahelHTMLExporter().from_notebook_node(nb)
    assert 'aria-label="Deaths per year. ' in body and 'role="img"' in body  # inline SVG
    assert "data:image/svg+xml" not in body
    assert chart.data_table is None  # a chart without a series has no values to download
    meta |= {"sheet": "03 Chart Deaths per year", "csv": "03 Chart Deaths per year.csv"}
    nb.cells[-1].outputs[0].metadata["image/svg+xml"] = meta
    body, _ = SahelHTMLExporter().from_notebook_node(nb)
    assert ('<p class="data-link">Data: <a href="report.xlsx">xlsx</a>, sheet “03 Chart Deaths '
            'per year” · <a href="report.csv.zip">csv</a>, 03 Chart Deaths per year.csv</p>'
            in body)


def test_pdf_keeps_a_short_provenance_and_the_html_the_full_one():
    from sahel_analysis.render.exporters import stylesheet
    from sahel_analysis.reports import provenance

    html = provenance.provenance_html({"country": "MLI"}, ["events", "timeline"])
    assert "prov-short" in html and "prov-full" in html and "data content hash" in html
    assert ".provenance .prov-full { display: none; }" in stylesheet(pdf=True)
    assert ".provenance .prov-full" not in stylesheet(pdf=False)


def test_one_conversion_pass_gives_the_pdf_exporters_html(monkeypatch):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from sahel_analysis.render import exporters

    nb = new_notebook(cells=[new_markdown_cell("## Section"), new_code_cell("1")])
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/html": "<p>42</p>"},
                                                  execution_count=1)]
    nb.metadata["sahel"] = {"title": "T", "parameters": {}, "rendered_at": "2026-01-01 00:00 UTC"}
    resources = {"metadata": {"name": "t"}}
    pdf_html, _ = exporters.SahelHTMLExporter.from_notebook_node(
        exporters.SahelPDFExporter(), nb, dict(resources))
    seen = []
    monkeypatch.setattr(exporters, "html_to_pdf", lambda body: seen.append(body) or b"%PDF")
    passes = []
    real = exporters.SahelHTMLExporter.from_notebook_node
    monkeypatch.setattr(exporters.SahelHTMLExporter, "from_notebook_node",
                        lambda self, *a, **k: passes.append(1) or real(self, *a, **k))
    body, pdf = exporters.export_html_and_pdf(nb, resources)
    assert pdf == b"%PDF" and seen == [pdf_html] and len(passes) == 1
    assert 'class="sahel-report sahel-pdf' in seen[0] and "sahel-pdf" not in body
