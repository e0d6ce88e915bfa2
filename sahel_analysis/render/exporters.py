"""nbconvert exporters of the package: self-contained HTML and WeasyPrint PDF (no LaTeX).

Registered as entry points, so ``jupyter nbconvert --to sahel_html report.ipynb`` and
``jupyter nbconvert --to sahel_pdf report.ipynb`` work as well as the package's own runner.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode, default

from sahel_analysis import __version__
from sahel_analysis.exceptions import RemoteReferenceError, RenderError

TEMPLATES = Path(__file__).parent / "templates"
_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>.*?</a>)?</h2>',
                      re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# What a browser would fetch: src attributes and <link href>, not a reader's <a href> link.
_REMOTE = re.compile(r'(?:\bsrc|<link\b[^>]*\bhref)\s*=\s*["\']https?://', re.IGNORECASE)
STYLESHEETS = ("sahel.css",)
PRINT_STYLESHEETS = ("print.css",)


def stylesheet(pdf: bool) -> str:
    """Return the report CSS (screen, plus print rules for the PDF) for one <style> element."""
    static = TEMPLATES / "sahel" / "static"
    names = STYLESHEETS + (PRINT_STYLESHEETS if pdf else ())
    return "\n".join((static / name).read_text(encoding="utf-8") for name in names)


class StripNoisePreprocessor(Preprocessor):
    """Drop stderr streams (warnings, logs) and cells tagged ``remove`` or ``parameters``."""

    def preprocess(self, nb, resources):
        """Remove noisy outputs and the parameter cells from the notebook."""
        hidden = {"remove", "parameters", "injected-parameters"}
        nb.cells = [c for c in nb.cells if not hidden & set(c.get("metadata", {}).get("tags", []))]
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs
                                if not (o.output_type == "stream" and o.get("name") == "stderr")]
        return nb, resources


def table_of_contents(body: str) -> tuple[str, str]:
    """Build the table of contents from the h2 headings; return (toc html, body)."""
    items = []
    for anchor, text in _HEADING.findall(body):
        label = html.unescape(_TAG.sub("", text)).strip()
        items.append(f'<li><a href="#{anchor}">{html.escape(label)}</a></li>')
    toc = "<ol>" + "".join(items) + "</ol>" if items else ""
    return toc, body.replace("<!--SAHEL-TOC-->", toc, 1)


def report_metadata(nb, resources) -> dict:
    """Return title, subtitle, parameters and render time from the notebook's metadata."""
    meta = dict(nb.metadata.get("sahel", {}))
    name = resources.get("metadata", {}).get("name", "report")
    title = meta.get("title") or nb.metadata.get("title") or name.replace("_", " ").title()
    parameters = meta.get("parameters")
    if parameters is None:
        parameters = dict(nb.metadata.get("papermill", {}).get("parameters", {}))
    return {
        "title": title,
        "subtitle": meta.get("subtitle", ""),
        "parameters": {k: (", ".join(v) if isinstance(v, list) else v)
                       for k, v in parameters.items()},
        "rendered_at": meta.get("rendered_at")
        or dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "version": __version__,
        "pdf": False,
        "css": stylesheet(pdf=False),
        "compact": bool(meta.get("compact", False)),
        "tables_xlsx": meta.get("tables_xlsx", ""),
        "tables_csv": meta.get("tables_csv", ""),
    }


class SahelHTMLExporter(HTMLExporter):
    """Self-contained HTML report: inputs hidden, clean stylesheet, TOC, images embedded."""

    export_from_notebook = "Sahel report (HTML)"
    template_name = Unicode("sahel").tag(config=True)
    template_file = Unicode("index.html.j2").tag(config=True)
    exclude_input = Bool(True).tag(config=True)
    exclude_input_prompt = Bool(True).tag(config=True)
    exclude_output_prompt = Bool(True).tag(config=True)
    anchor_link_text = Unicode("").tag(config=True)
    embed_images = Bool(True).tag(config=True)

    @default("extra_template_basedirs")
    def _sahel_template_dirs(self):
        return [str(TEMPLATES)]

    def _init_preprocessors(self):
        super()._init_preprocessors()
        self.register_preprocessor(StripNoisePreprocessor, enabled=True)

    def _default_sahel_resources(self, nb, resources) -> dict:
        return report_metadata(nb, resources or {})

    def from_notebook_node(self, nb, resources=None, **kw):
        """Convert a notebook to the report HTML."""
        resources = self._init_resources(resources)
        resources["sahel"] = self._default_sahel_resources(nb, resources)
        body, resources = super().from_notebook_node(nb, resources, **kw)
        _, body = table_of_contents(body)
        return body, resources


class SahelPDFExporter(SahelHTMLExporter):
    """The same report as an A4 PDF rendered by WeasyPrint with a print stylesheet."""

    export_from_notebook = "Sahel report (PDF)"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _pdf_extension(self):
        return ".pdf"

    def _default_sahel_resources(self, nb, resources) -> dict:
        meta = super()._default_sahel_resources(nb, resources)
        meta["pdf"] = True
        meta["css"] = stylesheet(pdf=True)
        return meta

    def from_notebook_node(self, nb, resources=None, **kw):
        """Convert a notebook to PDF bytes."""
        body, resources = super().from_notebook_node(nb, resources, **kw)
        resources["output_extension"] = ".pdf"
        return html_to_pdf(body), resources


_BODY_CLASS = '<body class="sahel-report'


def pdf_variant(body: str) -> str:
    """Return the PDF's HTML from the report HTML: print stylesheet and ``sahel-pdf`` class.

    The template differs between the two only there, so one nbconvert pass serves both.
    """
    screen = stylesheet(pdf=False)
    if screen not in body or _BODY_CLASS not in body:
        raise RenderError("the report HTML lacks the package stylesheet or body class: was it "
                          "made by SahelHTMLExporter?")
    body = body.replace(screen, stylesheet(pdf=True), 1)
    return body.replace(_BODY_CLASS, _BODY_CLASS + " sahel-pdf", 1)


def export_html_and_pdf(nb, resources: dict | None = None) -> tuple[str, bytes]:
    """Return the report HTML and PDF of an executed notebook from one conversion pass."""
    body, _ = SahelHTMLExporter().from_notebook_node(nb, dict(resources or {}))
    return body, html_to_pdf(pdf_variant(body))


def html_to_pdf(body: str) -> bytes:
    """Render report HTML to PDF bytes with WeasyPrint (no network access)."""
    import logging

    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    try:  # WeasyPrint >= 68: fetchers are URLFetcher objects
        from weasyprint.urls import URLFetcher

        fetcher = URLFetcher(allowed_protocols={"data"})
    except ImportError:  # older WeasyPrint: a function

        def fetcher(url: str, *args, **kwargs):
            if url.startswith("data:"):
                return weasyprint.default_url_fetcher(url, *args, **kwargs)
            raise RemoteReferenceError(
                f"report tried to fetch {url}: reports must be self-contained")

    return weasyprint.HTML(string=body, url_fetcher=fetcher).write_pdf()


def remote_references(body: str) -> list[str]:
    """Return the attribute snippets of `body` that would load something from the internet."""
    return [m.group(0) for m in _REMOTE.finditer(body)]
